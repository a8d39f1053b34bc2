import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_WEBHOOK_BODY_BYTES,
  type ReadBodyResult,
  readBody,
  readBodyOrRefuse,
} from '../../src/webhooks/read-body.ts';

/**
 * A bare HTTP server that answers with what readBody made of the request. `flowing` is the request stream's state
 * once readBody is done: null when nothing ever read it, false when reading was stopped.
 */
describe('readBody', () => {
  let server: Server;
  let url: string;
  let lastRead: { result: ReadBodyResult['kind']; flowing: boolean | null } | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      void readBody(req, { limit: 1000 }).then((result) => {
        lastRead = { result: result.kind, flowing: req.readableFlowing };
        if (result.kind === 'too_large') res.setHeader('connection', 'close');
        res.writeHead(result.kind === 'body' ? 200 : 413).end(result.kind === 'body' ? result.body : undefined);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const streamOf = (chunks: number, size: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < chunks; index += 1) controller.enqueue(new Uint8Array(size).fill(120));
        controller.close();
      },
    });

  it('gives the exact bytes of a body within the limit, the limit included', async () => {
    const body = Buffer.from(`{"note":"${'é'.repeat(495)}"}`).subarray(0, 1000);
    const response = await fetch(url, { method: 'POST', body });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
  });

  it('refuses a declared Content-Length over the limit before reading a byte', async () => {
    const response = await fetch(url, { method: 'POST', body: 'x'.repeat(1001) });
    expect(response.status).toBe(413);
    expect(lastRead).toEqual({ result: 'too_large', flowing: null });
  });

  it('stops reading a streamed body once it passes the limit', async () => {
    const response = await fetch(url, { method: 'POST', body: streamOf(64, 256), duplex: 'half' });
    expect(response.status).toBe(413);
    expect(lastRead).toEqual({ result: 'too_large', flowing: false });
  });
});

describe('readBodyOrRefuse', () => {
  it('answers 413 with the limit and closes the connection, so a body far over it is not read on', async () => {
    let chunksSent = 0;
    const server = createServer((req, res) => {
      void readBodyOrRefuse(req, res).then((body) => {
        if (body !== undefined) res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
    try {
      // 128 MB offered, 64 KB at a time, without a Content-Length.
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          chunksSent += 1;
          if (chunksSent > 2048) controller.close();
          else controller.enqueue(new Uint8Array(65_536));
        },
      });
      const response = await fetch(url, { method: 'POST', body, duplex: 'half' });
      expect(response.status).toBe(413);
      expect(response.headers.get('connection')).toBe('close');
      expect(await response.json()).toEqual({ error: 'body too large', limitBytes: MAX_WEBHOOK_BODY_BYTES });
      expect(chunksSent).toBeLessThan(2048);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
