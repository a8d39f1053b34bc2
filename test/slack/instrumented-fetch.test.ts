import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createInstrumentedFetch } from '../../src/slack/instrumented-fetch.ts';

const API_URL = 'http://127.0.0.1:1/api/';

/**
 * A response URL whose server answers the first request on each connection and, as `resetReused` says, resets a
 * connection when a second request arrives on it: what a server that closes idle connections does at the moment
 * one is reused.
 */
const startResponseServer = async (resetReused: () => boolean) => {
  const served = new WeakMap<Socket, number>();
  const bodies: string[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const count = served.get(req.socket) ?? 0;
    if (count > 0 && resetReused()) {
      req.socket.resetAndDestroy();
      return;
    }
    served.set(req.socket, count + 1);
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/commands/T0001/123/secret-token`,
    bodies,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
};

describe("answering at a command's response URL", () => {
  let server: Awaited<ReturnType<typeof startResponseServer>>;
  let reset = true;
  beforeEach(async () => {
    reset = true;
    server = await startResponseServer(() => reset);
  });
  afterEach(() => server.close());

  const post = (fetchFn: typeof fetch, text: string) =>
    fetchFn(server.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
    });

  it('sends the answer again on a new connection when a kept-alive one was reset as it was reused', async () => {
    const metrics = createMetrics({ readJobLagSeconds: async () => 0 });
    const fetchFn = createInstrumentedFetch(metrics, API_URL);

    expect((await post(fetchFn, 'first')).status).toBe(200);
    const second = await post(fetchFn, 'second');

    expect(second.status).toBe(200);
    expect(await second.text()).toBe('ok');
    expect(server.bodies).toEqual(['{"text":"first"}', '{"text":"second"}']);
    expect(server.connections()).toBe(2);
    expect(await metrics.registry.getSingleMetricAsString('sitrep_slack_api_calls_total')).toMatch(
      /sitrep_slack_api_calls_total\{method="response_url",outcome="ok"\} 2/,
    );
  });

  it('keeps the connection for the next answer, and counts an answer nobody took as a network error', async () => {
    reset = false;
    const metrics = createMetrics({ readJobLagSeconds: async () => 0 });
    const fetchFn = createInstrumentedFetch(metrics, API_URL);
    await post(fetchFn, 'one');
    await post(fetchFn, 'two');
    expect(server.connections()).toBe(1);

    server.close();
    await expect(post(fetchFn, 'three')).rejects.toThrow();
    expect(server.bodies).toEqual(['{"text":"one"}', '{"text":"two"}']);
    expect(await metrics.registry.getSingleMetricAsString('sitrep_slack_api_calls_total')).toMatch(
      /method="response_url",outcome="network_error"\} 1/,
    );
  });
});
