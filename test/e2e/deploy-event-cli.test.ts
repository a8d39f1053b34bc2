import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSitrep } from '../../demo/sitrep-process.ts';
import { buildDeployEventBody, runDeployEventCommand } from '../../src/cli/deploy-event-command.ts';

const SECRET = 'deploy-secret-for-the-cli-test';

type Received = { path: string; contentType: string | undefined; body: unknown };

/**
 * A stand-in for sitrep's deploy webhook: it checks `X-Sitrep-Signature` with its own HMAC (not sitrep's helper, so
 * a mistake in both cannot cancel out), records what it accepted, and answers `stored: false` for an id it has seen.
 */
const startReceiver = async () => {
  const received: Received[] = [];
  const seen = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-sitrep-signature'] ?? ''));
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        answer(401, { error: 'unauthorized' });
        return;
      }
      const body: unknown = JSON.parse(raw.toString('utf8'));
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body });
      const id = typeof body === 'object' && body !== null && 'id' in body ? String(body.id) : '';
      const stored = !seen.has(id);
      seen.add(id);
      answer(200, { stored });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, received, close: () => server.close() };
};

describe('sitrep deploy-event', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  // Its own working directory, so that a developer's .env never leaks into the runs.
  let cwd: string;
  const run = (args: string[], env: Record<string, string> = { DEPLOY_WEBHOOK_SECRET: SECRET }) =>
    runSitrep(['deploy-event', ...args], { LOG_LEVEL: 'warn', ...env }, cwd);

  beforeAll(async () => {
    receiver = await startReceiver();
    cwd = await mkdtemp(join(tmpdir(), 'sitrep-deploy-event-'));
  });
  afterAll(async () => {
    receiver.close();
    await rm(cwd, { recursive: true, force: true });
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    await rm(join(cwd, '.env'), { force: true });
  });

  it('signs the generic body with the defaults and exits 0 once sitrep stored it', async () => {
    const { code, stdout, stderr } = await run([
      '--service',
      'checkout-api',
      '--version',
      'v1.4.2',
      '--url',
      receiver.url,
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^stored \(id [0-9a-f-]{36}\)\n$/);
    expect(receiver.received).toEqual([
      {
        path: '/webhooks/deploy',
        contentType: 'application/json',
        body: {
          id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
          service: 'checkout-api',
          environment: 'production',
          version: 'v1.4.2',
          layer: 'artifact',
          status: 'succeeded',
        },
      },
    ]);
  });

  it('sends every field, reads the secret from .env and the address from SITREP_URL, and says when an id was already recorded', async () => {
    await writeFile(join(cwd, '.env'), `DEPLOY_WEBHOOK_SECRET=${SECRET}\n`);
    const args = [
      '--service=search',
      '--version',
      '2026.11.20-3',
      '--environment',
      'staging',
      '--layer',
      'database',
      '--status',
      'rolled_back',
      '--actor',
      'alice',
      '--run-url',
      'https://ci.example.com/runs/123',
      '--description',
      'Reverted the index migration',
      '--id',
      'ci-123-rollback',
      '--at',
      '2026-11-20T13:58:00+01:00',
    ];
    // Behind a path prefix, with a trailing slash: the webhook is under it.
    const env = { SITREP_URL: `${receiver.url}/sitrep/` };
    const first = await run(args, env);
    expect({ code: first.code, stdout: first.stdout, stderr: first.stderr }).toEqual({
      code: 0,
      stdout: 'stored (id ci-123-rollback)\n',
      stderr: '',
    });
    const again = await run(args, env);
    expect({ code: again.code, stdout: again.stdout }).toEqual({
      code: 0,
      stdout: 'already recorded (id ci-123-rollback)\n',
    });
    expect(receiver.received.map(({ path }) => path)).toEqual(['/sitrep/webhooks/deploy', '/sitrep/webhooks/deploy']);
    expect(receiver.received[0]?.body).toEqual({
      id: 'ci-123-rollback',
      service: 'search',
      environment: 'staging',
      version: '2026.11.20-3',
      layer: 'database',
      status: 'rolled_back',
      actor: 'alice',
      url: 'https://ci.example.com/runs/123',
      description: 'Reverted the index migration',
      at: '2026-11-20T13:58:00+01:00',
    });
  });

  it('exits 2 with one line, sending nothing, on a misuse or a missing secret', async () => {
    const base = ['--service', 'checkout-api', '--version', 'v1', '--url', receiver.url];
    const cases: [string[], Record<string, string> | undefined, string][] = [
      [[...base, '--layer', 'kernel'], undefined, '--layer should be one of artifact, database, fleet, feature'],
      [[...base, '--environmnet', 'staging'], undefined, "Unknown option '--environmnet'"],
      [base, {}, 'DEPLOY_WEBHOOK_SECRET is missing'],
    ];
    // One after the other: each is a whole Node process, and CI has two cores.
    for (const [args, env, message] of cases) {
      const result = await run(args, env);
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
      expect(result.stderr).toContain(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(receiver.received).toEqual([]);
  });

  it('exits 1 with the server’s answer when sitrep refuses the signature', async () => {
    const { code, stdout, stderr } = await run(
      ['--service', 'checkout-api', '--version', 'v1', '--url', receiver.url],
      { DEPLOY_WEBHOOK_SECRET: 'not-the-server-secret' },
    );
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe(
      `sitrep: ${receiver.url}/webhooks/deploy answered 401 (is DEPLOY_WEBHOOK_SECRET the same as the server’s?): {"error":"unauthorized"}\n`,
    );
    expect(receiver.received).toEqual([]);
  });
});

// The other misuses, in this process: the same function the CLI runs, without paying for a process each.
describe('sitrep deploy-event arguments', () => {
  const to = ['--url', 'http://127.0.0.1:9'];
  const valid = ['--service', 'checkout-api', '--version', 'v1', ...to];
  const misuses: [string, string[], Record<string, string>, string][] = [
    ['no version', ['--service', 'checkout-api', ...to], {}, '--version is required'],
    ['a blank service', ['--service', ' ', '--version', 'v1', ...to], {}, '--service is required'],
    ['an unknown status', [...valid, '--status', 'done'], {}, '--status should be one of started, succeeded, failed'],
    ['a time without offset', [...valid, '--at', '2026-11-20T13:58:00'], {}, '--at should be an ISO 8601 time'],
    [
      'a CI link without scheme',
      [...valid, '--run-url', 'ci.example.com/runs/1'],
      {},
      '--run-url should be the http(s) URL',
    ],
    ['a service name too long', [...valid, '--service', 'x'.repeat(101)], {}, '--service Too big'],
    ['a positional', [...valid, 'checkout-api'], {}, "Unexpected argument 'checkout-api'"],
    ['a flag without value', [...valid, '--version'], {}, "Option '--version <value>' argument missing"],
    ['no sitrep address', ['--service', 'checkout-api', '--version', 'v1'], { SITREP_URL: ' ' }, '--url'],
    ['an address that is not http', [...valid, '--url', 'sitrep.example.com'], {}, 'should be an http(s) URL'],
  ];

  it.each(misuses)('exits 2 on %s', async (_name, args, envOverride, message) => {
    let out = '';
    let err = '';
    const code = await runDeployEventCommand({
      args,
      env: { DEPLOY_WEBHOOK_SECRET: SECRET, ...envOverride },
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (err += text) },
    });
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toContain(message);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('leaves out what was not given and keeps the offset of --at as written', () => {
    expect(
      buildDeployEventBody({
        flags: { service: ' checkout-api ', version: 'v1.4.2', actor: '', at: '2026-11-20T13:58:00.123456789Z' },
        defaultId: 'delivery-1',
      }),
    ).toEqual({
      ok: true,
      body: {
        id: 'delivery-1',
        service: 'checkout-api',
        environment: 'production',
        version: 'v1.4.2',
        layer: 'artifact',
        status: 'succeeded',
        at: '2026-11-20T13:58:00.123456789Z',
      },
    });
  });
});
