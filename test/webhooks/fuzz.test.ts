import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DeployInput } from '../../src/domain/deploys/deploy.ts';
import { parseTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { createDeployFlows } from '../../src/flows/deploy-flows.ts';
import { createDeployStore } from '../../src/store/deploy-store.ts';
import { createIncidentStore } from '../../src/store/incident-store.ts';
import { parseAlertmanagerAlerts } from '../../src/webhooks/alertmanager/alertmanager-payload.ts';
import { parseGenericDeploy } from '../../src/webhooks/generic/deploy-payload.ts';
import { signDeployBody } from '../../src/webhooks/generic/deploy-signature.ts';
import { parseGithubDeploy } from '../../src/webhooks/github/github-payload.ts';
import { parseGitlabDeploy } from '../../src/webhooks/gitlab/gitlab-payload.ts';
import type { PayloadResult } from '../../src/webhooks/payload-result.ts';
import { MAX_WEBHOOK_BODY_BYTES } from '../../src/webhooks/read-body.ts';
import { createSlackHarness } from '../support/slack/slack-harness.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';
import { GENERIC_DEPLOY, readFixture } from './webhook-requests.ts';

// Whatever a sender puts in a correctly signed body, sitrep answers it: stored (200), understood and not recorded
// (202), or refused saying what was wrong (400, 413). Never a 5xx, never a hang, and the process stays ready. The
// parsers under the receivers never throw, and each of their refusals is one readable line.

const SECRETS = {
  deploySecret: 'fuzz-deploy-secret-41c7',
  githubSecret: 'fuzz-github-secret-9e02',
  gitlabToken: 'fuzz-gitlab-token-5b3d',
  alertToken: 'fuzz-alert-token-7a18',
} as const;

/**
 * Longer than this for one request is a hang. A 1 MB body of many alerts takes a few seconds on a quiet machine and
 * went past 10 s in CI with the whole suite running on two cores.
 */
const REQUEST_DEADLINE_MS = 30_000;
/**
 * Property runs per receiver (each sends one to three bodies at once) and per parser: the file takes about 50 s on
 * two cores.
 */
const HTTP_RUNS = 100;
const DOMAIN_RUNS = 2_000;
/** `FC_SEED=<seed> FC_PATH=<path>`, from a failure's report, replays its counterexample. */
const REPLAY = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {};
/** A refusal is one line a person reads, not the sender's data sent back. */
const MAX_MESSAGE_CHARS = 1_000;

const GITHUB_DEPLOYMENT: unknown = JSON.parse(readFixture('github-deployment.json'));
const GITHUB_STATUS: unknown = JSON.parse(readFixture('github-deployment-status.json'));
const GITLAB_HOOK: unknown = JSON.parse(readFixture('gitlab-deployment-hook.json'));
const ALERTMANAGER: unknown = JSON.parse(readFixture('alertmanager-notification.json'));

/** The services of the fixtures' repositories, for the parsers and the flows. */
const team = parseTeamConfig({
  services: [
    { name: 'checkout-api', repositories: ['acme/checkout-api'] },
    { name: 'search', repositories: ['acme/search/indexer'] },
  ],
});
if (!team.ok) throw new Error(team.errors.join('\n'));
const { services } = team.config;
const RECEIVED_AT = new Date('2026-11-20T13:00:00.000Z');

// Generators ------------------------------------------------------------------------------------------------------

type Path = readonly (string | number)[];

/** Every path to a value in `value`, the root included, so a run can replace any one of them. */
const pathsOf = (value: unknown, prefix: (string | number)[] = []): Path[] => {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
};

/**
 * A copy of `value` with `replacement` at `path` (`undefined` removes the key); the original is left alone. Keys are
 * defined, not assigned, so `__proto__` becomes a key as JSON.parse makes it.
 */
const withValue = (value: unknown, path: Path, replacement: unknown): unknown => {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value)) {
    return value.map((item, index) => (index === head ? withValue(item, rest, replacement) : item));
  }
  const record: Record<string, unknown> = typeof value === 'object' && value !== null ? { ...value } : {};
  const key = String(head);
  const next = withValue(Object.hasOwn(record, key) ? record[key] : undefined, rest, replacement);
  if (next === undefined) delete record[key];
  else Object.defineProperty(record, key, { value: next, enumerable: true, writable: true, configurable: true });
  return record;
};

/** Any UTF-16 code unit, lone surrogates included: JSON.stringify writes those as `\udxxx` escapes. */
const codeUnitString = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)), maxLength });

/** Text that does not compress, unlike a repeated character: PostgreSQL refuses an index row over about 2.7 KB. */
const incompressible = (length: number): string =>
  Array.from({ length }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7_919) % 20_000))).join('');

/**
 * Values on an edge of some rule: blank, NUL, bidi, times Date or PostgreSQL may not take, text too long to index,
 * odd links, big numbers.
 */
const EDGE_VALUES: unknown[] = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'checkout\u0000api',
  '\ud800',
  '\u202eipa-tuokcehc',
  '🧨'.repeat(50),
  incompressible(1_000),
  'production',
  'PROD',
  'v1.2.3',
  'refs/tags/',
  'refs/tags/v1',
  '2026-11-20T13:58:00Z',
  '2026-11-20T13:58:00.123456789+01:00',
  '0001-01-01T00:00:00Z',
  '0001-01-01T00:00:00+01:00',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59-23:59',
  '2026-02-30T00:00:00Z',
  '2026-11-20 13:58:00 +0100',
  '2026-11-20 13:58:00 UTC',
  '0000-01-01 00:00:00 +0000',
  '9999-12-31 23:59:59 -2359',
  'javascript:alert(1)',
  'https://',
  'http://[::1]:99999/',
  '__proto__',
  'constructor',
  0,
  -0,
  1e308,
  -1e308,
  2 ** 53 + 1,
  true,
  false,
  null,
  [],
  {},
  [null],
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
];

const nestedObjects = (depth: number): string => `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`;

/** Arrays or objects nested up to 2,000 deep, which no field expects (deeper ones have a test of their own, below). */
const nestedGarbage = fc
  .tuple(fc.integer({ min: 1, max: 2_000 }), fc.boolean())
  .map(([depth, arrays]): unknown =>
    JSON.parse(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : nestedObjects(depth)),
  );

/** A string of one repeated character, from a kilobyte to a little over the 1 MB limit once encoded. */
const hugeString = fc
  .tuple(fc.integer({ min: 1_000, max: MAX_WEBHOOK_BODY_BYTES + 100_000 }), fc.constantFrom('x', 'é', '€', '🧨', '"'))
  .map(([bytes, char]) => char.repeat(Math.ceil(bytes / Buffer.byteLength(JSON.stringify(char).slice(1, -1)))));

/** What replaces one value of a valid payload: nothing, another type, a huge or odd string, nested garbage. */
const replacement: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.constantFrom(...EDGE_VALUES), weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 2 },
  { arbitrary: codeUnitString(50), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 100 }), weight: 1 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: nestedGarbage, weight: 1 },
);

/** A key a sender may add: a near miss, a prototype's name, any text, or a very long one. */
const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'descripton', 'enviroment', ''),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 500, max: 5_000 }).map((length) => 'k'.repeat(length)),
);

/** A valid payload with one value replaced or removed, or with one key added. */
const mutatedPayload = (valid: unknown): fc.Arbitrary<unknown> =>
  fc
    .oneof(
      { arbitrary: fc.tuple(fc.constantFrom(...pathsOf(valid)), replacement), weight: 4 },
      {
        arbitrary: fc
          .tuple(fc.constantFrom(...pathsOf(valid).filter((path) => path.length < 3)), extraKey, replacement)
          .map(([path, key, value]): [Path, unknown] => [[...path, key], value]),
        weight: 1,
      },
    )
    .map(([path, value]) => withValue(valid, path, value));

/** Any JSON value, its strings ASCII or any code point. */
const anyJson = fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'binary' }));

/** A decoded JSON body: anything, the expected payload, or mostly the expected payload with one thing wrong. */
const payloadFor = (valid: unknown): fc.Arbitrary<unknown> =>
  fc.oneof(
    { arbitrary: anyJson, weight: 2 },
    { arbitrary: fc.constant(valid), weight: 1 },
    { arbitrary: mutatedPayload(valid), weight: 6 },
  );

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** The bytes a sender may post: a payload's JSON, bytes that are not JSON, JSON cut short or with bytes spliced in. */
const bodyFor = (payloads: fc.Arbitrary<unknown>, valid: unknown): fc.Arbitrary<Buffer> => {
  const text = JSON.stringify(valid);
  return fc.oneof(
    // JSON.stringify of a lone `undefined` (a removed root) is undefined: an empty body.
    { arbitrary: payloads.map((payload) => utf8(JSON.stringify(payload) ?? '')), weight: 8 },
    { arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 500 }).map(utf8), weight: 1 },
    { arbitrary: fc.nat({ max: text.length - 1 }).map((end) => utf8(text.slice(0, end))), weight: 2 },
    {
      // Invalid UTF-8, an encoded surrogate, a raw NUL, a stray quote, brace or backslash; a BOM in front or not.
      arbitrary: fc
        .tuple(
          fc.nat({ max: text.length }),
          fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0x00], [0x22], [0x7d], [0x5c]),
          fc.boolean(),
        )
        .map(([at, bytes, bom]) =>
          Buffer.concat([
            bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
            utf8(text.slice(0, at)),
            Buffer.from(bytes),
            utf8(text.slice(at)),
          ]),
        ),
      weight: 2,
    },
  );
};

// Over HTTP -------------------------------------------------------------------------------------------------------

type Receiver = {
  name: string;
  path: string;
  valid: unknown;
  /** The payloads fuzzed: the valid one as generated, with a fresh delivery id when the id is in the body. */
  payloads: fc.Arbitrary<unknown>;
  /** The headers that get this body past authentication, with a delivery id of its own. */
  headersFor: (body: Buffer, deliveryId: string) => Record<string, string>;
  /** What `stored` is in a 200. */
  stored: 'boolean' | 'number';
};

const RECEIVERS: Receiver[] = [
  {
    name: 'generic deploy',
    path: '/webhooks/deploy',
    valid: GENERIC_DEPLOY,
    payloads: fc.uuid().chain((id) => payloadFor({ ...GENERIC_DEPLOY, id: `fuzz-${id}` })),
    headersFor: (body) => ({ 'x-sitrep-signature': signDeployBody(SECRETS.deploySecret, body) }),
    stored: 'boolean',
  },
  ...(['deployment', 'deployment_status'] as const).map(
    (event): Receiver => ({
      name: `GitHub ${event}`,
      path: '/webhooks/github',
      valid: event === 'deployment' ? GITHUB_DEPLOYMENT : GITHUB_STATUS,
      payloads: payloadFor(event === 'deployment' ? GITHUB_DEPLOYMENT : GITHUB_STATUS),
      headersFor: (body, deliveryId) => ({
        'x-github-event': event,
        'x-github-delivery': deliveryId,
        'x-hub-signature-256': signDeployBody(SECRETS.githubSecret, body),
      }),
      stored: 'boolean',
    }),
  ),
  {
    name: 'GitLab Deployment Hook',
    path: '/webhooks/gitlab',
    valid: GITLAB_HOOK,
    payloads: payloadFor(GITLAB_HOOK),
    headersFor: (_body, deliveryId) => ({
      'x-gitlab-event': 'Deployment Hook',
      'x-gitlab-event-uuid': deliveryId,
      'x-gitlab-token': SECRETS.gitlabToken,
    }),
    stored: 'boolean',
  },
  {
    name: 'Alertmanager',
    path: '/webhooks/alertmanager',
    valid: ALERTMANAGER,
    payloads: payloadFor(ALERTMANAGER),
    headersFor: () => ({ authorization: `Bearer ${SECRETS.alertToken}` }),
    stored: 'number',
  },
];

const receiverNamed = (name: string): Receiver => {
  const receiver = RECEIVERS.find((candidate) => candidate.name === name);
  if (!receiver) throw new Error(`no receiver ${name}`);
  return receiver;
};

type Answer = { status: number; contentType: string | null; text: string };

/** A 400: zod's issues, at least one, each with its path and a message. */
const ZRefusal = z.strictObject({
  error: z.literal('invalid body'),
  issues: z.array(z.looseObject({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).min(1),
});

/** Whether an issue says where the body is wrong: a field's path, or the body as a whole (not JSON, not an object). */
const saysWhere = ({ path, message }: { path: unknown[]; message: string }): boolean =>
  path.length > 0 || /JSON|expected object|Unrecognized key|NUL character|surrogate/.test(message);

/** What every answer to a correctly signed body must be, whatever the body. */
const expectSoundAnswer = (answer: Answer, receiver: Receiver): void => {
  expect([200, 202, 400, 413], `answered ${answer.status}: ${answer.text.slice(0, 500)}`).toContain(answer.status);
  expect(answer.contentType).toMatch(/^application\/json/);
  const json: unknown = JSON.parse(answer.text);
  if (answer.status === 200) {
    expect(json).toEqual({ stored: receiver.stored === 'boolean' ? expect.any(Boolean) : expect.any(Number) });
  } else if (answer.status === 202) {
    expect(json).toEqual({ ignored: true, reason: expect.stringMatching(/\S/) });
  } else if (answer.status === 413) {
    expect(json).toEqual({ error: 'body too large', limitBytes: MAX_WEBHOOK_BODY_BYTES });
  } else {
    const { issues } = ZRefusal.parse(json);
    for (const issue of issues) expect(issue.message).toMatch(/\S/);
    expect(issues.some(saysWhere), JSON.stringify(issues).slice(0, 500)).toBe(true);
  }
};

describe('webhook bodies fuzzed through the real server (PGlite)', () => {
  let server: TestServer;
  let deliveries = 0;
  beforeAll(async () => {
    server = await startTestServer('pglite', { webhooks: SECRETS });
    // An open incident on the fixtures' services, so that production deploys and alerts go on to its timeline.
    await createSlackHarness({ fake: server.slack.fake, post: server.sendToSlackEndpoint }).type(
      'declare sev2 checkout-api, search: Fuzzing the webhooks',
      { userId: 'U05ALICE01', channelId: 'C0GENERAL1' },
    );
    await until(() => server.slack.fake.state.pins.length === 1, 'the incident channel');
  });
  afterAll(async () => {
    await server.close();
  });

  const send = async (receiver: Receiver, body: Buffer): Promise<Answer> => {
    deliveries += 1;
    const response = await fetch(`${server.url}${receiver.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...receiver.headersFor(body, `fuzz-${deliveries}`) },
      body,
      signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
  };

  const expectReady = async () => {
    const response = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(REQUEST_DEADLINE_MS) });
    expect(response.status).toBe(200);
  };

  it.each(RECEIVERS)(
    '$name: answers any signed body 200, 202, 400 saying where, or 413, alone or several at once',
    async (receiver) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(bodyFor(receiver.payloads, receiver.valid), { minLength: 1, maxLength: 3 }),
          async (bodies) => {
            // Deploys sent together share a batch in the deploy flow: one body's fault must stay its own.
            const answers = await Promise.all(bodies.map((body) => send(receiver, body)));
            for (const answer of answers) expectSoundAnswer(answer, receiver);
          },
        ),
        { numRuns: HTTP_RUNS, ...REPLAY },
      );
      await expectReady();
    },
    // About 20 s alone; CI runs it beside the rest of the suite on two cores.
    90_000,
  );

  it('is still ready after all of that', async () => {
    await expectReady();
  });

  describe('edges the fuzzing found, answered without a 500', () => {
    const signedJson = async (name: string, payload: unknown) =>
      send(receiverNamed(name), utf8(JSON.stringify(payload)));

    it.each([
      [
        'generic deploy',
        'an instant in year 0',
        { ...GENERIC_DEPLOY, id: 'year-0', at: '0000-01-01T00:00:00Z' },
        ['at'],
      ],
      [
        'generic deploy',
        'an instant in year 10000',
        { ...GENERIC_DEPLOY, id: 'year-10000', at: '9999-12-31T23:59:59-23:59' },
        ['at'],
      ],
      [
        'GitHub deployment_status',
        'an instant in year 10000',
        withValue(GITHUB_STATUS, ['deployment_status', 'created_at'], '9999-12-31T23:59:59-23:59'),
        ['deployment_status', 'created_at'],
      ],
      [
        'GitLab Deployment Hook',
        'a lone surrogate in a production deploy of the open incident (the outbox is jsonb)',
        withValue(GITLAB_HOOK, ['short_sha'], '\ud800'),
        ['short_sha'],
      ],
      [
        'GitLab Deployment Hook',
        'an instant in year 0',
        withValue(GITLAB_HOOK, ['status_changed_at'], '0001-01-01 00:30:00 +0100'),
        ['status_changed_at'],
      ],
      [
        'Alertmanager',
        'a lone surrogate in a label (jsonb)',
        withValue(ALERTMANAGER, ['alerts', 0, 'labels', 'pod'], '\ud800'),
        ['alerts', 0, 'labels', 'pod'],
      ],
      [
        'Alertmanager',
        'a start in year 10000',
        withValue(ALERTMANAGER, ['alerts', 0, 'startsAt'], '9999-12-31T23:59:59-23:59'),
        ['alerts', 0, 'startsAt'],
      ],
    ])('%s: refuses %s with a 400 naming the field', async (name, _what, payload, path) => {
      const answer = await signedJson(name, payload);
      expect(answer.status, answer.text).toBe(400);
      expect(ZRefusal.parse(JSON.parse(answer.text)).issues.map((issue) => issue.path)).toEqual([path]);
    });

    it.each(RECEIVERS)(
      '$name: JSON nested 10,000 deep, 20 KB, is read without running out of stack',
      async (receiver) => {
        const answer = await send(receiver, utf8(`${'['.repeat(10_000)}${']'.repeat(10_000)}`));
        expect(answer.status).toBeLessThan(500);
      },
    );

    it('a deploy PostgreSQL refuses fails alone, not the valid deploys batched with it', async () => {
      // The parsers refuse such a deploy before it reaches the flow, so this calls the flow itself. Deterministic: an
      // idle batcher runs the first deploy alone, and the two submitted while it runs share the next batch, which
      // fails and is run again a deploy at a time.
      const events = createDeployFlows({
        deploys: createDeployStore(server.database.prisma),
        incidents: createIncidentStore(server.database.prisma),
        team: team.config,
        now: () => new Date(),
        onEffects: () => {},
      });
      const deploy = (deliveryId: string, occurredAt = new Date('2026-11-20T12:58:00.000Z')): DeployInput => ({
        source: 'generic',
        deliveryId,
        service: 'checkout-api',
        environment: 'staging',
        version: 'v2.14.0',
        layer: 'artifact',
        status: 'succeeded',
        actor: null,
        url: null,
        description: null,
        occurredAt,
      });
      const [first, refused, valid] = await Promise.allSettled([
        events.recordDeploy(deploy('batch-first')),
        events.recordDeploy(deploy('batch-year-0', new Date('0000-06-01T00:00:00.000Z'))),
        events.recordDeploy(deploy('batch-valid')),
      ]);
      expect(first).toEqual({ status: 'fulfilled', value: { stored: true } });
      expect(refused.status).toBe('rejected');
      expect(valid).toEqual({ status: 'fulfilled', value: { stored: true } });
    });
  });
});

// The pure parsers ------------------------------------------------------------------------------------------------

type Parser = { name: string; valid: unknown; parse: (payload: unknown) => PayloadResult<unknown> };

const PARSERS: Parser[] = [
  {
    name: 'parseGenericDeploy',
    valid: GENERIC_DEPLOY,
    parse: (payload) => parseGenericDeploy({ payload, receivedAt: RECEIVED_AT }),
  },
  {
    name: 'parseGithubDeploy (deployment)',
    valid: GITHUB_DEPLOYMENT,
    parse: (payload) => parseGithubDeploy({ event: 'deployment', payload, deliveryId: 'd-1', services }),
  },
  {
    name: 'parseGithubDeploy (deployment_status)',
    valid: GITHUB_STATUS,
    parse: (payload) => parseGithubDeploy({ event: 'deployment_status', payload, deliveryId: 'd-1', services }),
  },
  {
    name: 'parseGitlabDeploy',
    valid: GITLAB_HOOK,
    parse: (payload) => parseGitlabDeploy({ payload, deliveryId: 'd-1', services, receivedAt: RECEIVED_AT }),
  },
  {
    name: 'parseAlertmanagerAlerts',
    valid: ALERTMANAGER,
    parse: (payload) => parseAlertmanagerAlerts({ payload, serviceLabel: 'service' }),
  },
];

/** Each refusal's messages, which must be there, and short. */
const expectReadableRefusal = (result: PayloadResult<unknown>): void => {
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(issue.message).toMatch(/\S/);
    expect(issue.message.length).toBeLessThan(MAX_MESSAGE_CHARS);
  }
};

describe('the payload parsers, fuzzed', () => {
  it.each(PARSERS)(
    '$name never throws, and each refusal says what is wrong in under 1,000 characters',
    ({ valid, parse }) => {
      fc.assert(
        fc.property(payloadFor(valid), (payload) => expectReadableRefusal(parse(payload))),
        { numRuns: DOMAIN_RUNS, ...REPLAY },
      );
    },
  );

  it('the generic deploy quotes a few unknown keys, each cut short, in its refusal', () => {
    const payload = {
      ...GENERIC_DEPLOY,
      ['k'.repeat(5_000)]: 1,
      ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`extra-${i}`, i])),
    };
    const result = parseGenericDeploy({ payload, receivedAt: RECEIVED_AT });
    expectReadableRefusal(result);
    expect(result.ok ? [] : result.issues.map((issue) => issue.message)).toEqual([
      `Unrecognized keys: "${'k'.repeat(40)}…", "extra-0", "extra-1", "extra-2", "extra-3" and 9996 more`,
    ]);
  });
});
