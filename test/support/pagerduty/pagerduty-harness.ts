import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { http } from 'msw';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { createFakePagerDuty, type FakePagerDuty } from '../../../demo/fake-pagerduty/fake-pagerduty.ts';
import {
  createFakePagerDutyRest,
  type FakeOnCall,
  type FakePagerDutyUser,
} from '../../../demo/fake-pagerduty/fake-pagerduty-rest.ts';
import type { DatabaseKind } from '../database.ts';
import { type StartSlackHarnessOptions, startSlackHarness } from '../slack/slack-harness.ts';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.test/v2/enqueue';
export const PAGERDUTY_API = { url: 'https://api.pagerduty.test', token: 'y_NbAkKc66ryYTWUXYEu' };
/** checkout-api's escalation policy in PagerDuty (sitrep.yml names it); search names none. */
export const CHECKOUT_POLICY = 'PCHKAPI1';

/** PagerDuty's users: alice and bob as Slack knows them by email, zed only in PagerDuty. */
const PAGERDUTY_USERS: FakePagerDutyUser[] = [
  { id: 'PALICE1', name: 'Alice Martin', email: 'alice@acme.example' },
  { id: 'PBOB001', name: 'Bob Ruiz', email: 'bob@acme.example' },
  { id: 'PZED001', name: 'Zed Outsider', email: 'zed@acme.example' },
];

/** Who is on call for checkout-api: alice through the primary schedule (two entries at level 1), zed at level 2. */
const ON_CALLS: FakeOnCall[] = [
  {
    escalationPolicyId: CHECKOUT_POLICY,
    level: 1,
    userId: 'PALICE1',
    schedule: { id: 'PSCHED1', name: 'Checkout primary' },
    start: '2026-11-23T08:00:00Z',
    end: '2026-11-24T08:00:00Z',
  },
  {
    escalationPolicyId: CHECKOUT_POLICY,
    level: 1,
    userId: 'PBOB001',
    schedule: { id: 'PSCHED1', name: 'Checkout primary' },
    start: '2026-11-24T08:00:00Z',
    end: '2026-11-25T08:00:00Z',
  },
  { escalationPolicyId: CHECKOUT_POLICY, level: 2, userId: 'PZED001' },
  { escalationPolicyId: 'POTHER01', level: 1, userId: 'PBOB001' },
];
/** Integration keys as PagerDuty shows them: 32 letters and digits. */
export const ROUTING_KEYS = {
  'checkout-api': 'c0ffee00c0ffee00c0ffee00c0ffee01',
  search: '5ea4c400c0ffee00c0ffee00c0ffee02',
} as const;

const ZSentEvent = z.looseObject({ event_action: z.string(), routing_key: z.string() });

const EXAMPLE = fileURLToPath(new URL('../../../sitrep.example.yml', import.meta.url));

/**
 * sitrep.example.yml with PagerDuty set up as docs/integrations.md says: checkout-api pages at SEV1 and SEV2, search
 * at SEV1 (the keys come from PAGERDUTY_CHECKOUT_API and PAGERDUTY_SEARCH), and docs-site has no PagerDuty.
 */
const writePagingConfig = (): string => {
  const document = parseDocument(readFileSync(EXAMPLE, 'utf8'));
  document.setIn(['services', 0, 'pagerduty'], {
    routingKeyEnv: 'PAGERDUTY_CHECKOUT_API',
    severities: [1, 2],
    escalationPolicyId: CHECKOUT_POLICY,
  });
  document.setIn(['services', 1, 'pagerduty'], { routingKeyEnv: 'PAGERDUTY_SEARCH', severities: [1] });
  document.addIn(['services'], { name: 'docs-site', description: 'The help centre; nobody is paged for it.' });
  const path = join(mkdtempSync(join(tmpdir(), 'sitrep-pagerduty-')), 'sitrep.yml');
  writeFileSync(path, document.toString());
  return path;
};

/**
 * A Slack harness whose sitrep pages through a fake PagerDuty Events API and asks its REST API who is on call (msw,
 * next to the fake Slack); `restApi: false` leaves PAGERDUTY_API_TOKEN unset.
 */
export const startPagingHarness = async (
  kind: DatabaseKind,
  { restApi = true, ...options }: StartSlackHarnessOptions & { restApi?: boolean } = {},
) => {
  const pagerDuty: FakePagerDuty = createFakePagerDuty();
  const rest = createFakePagerDutyRest({
    token: PAGERDUTY_API.token,
    users: PAGERDUTY_USERS,
    onCalls: ON_CALLS,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const slack = await startSlackHarness(kind, {
    teamConfigPath: writePagingConfig(),
    pagerDuty: {
      eventsUrl: PAGERDUTY_EVENTS_URL,
      variables: { PAGERDUTY_CHECKOUT_API: ROUTING_KEYS['checkout-api'], PAGERDUTY_SEARCH: ROUTING_KEYS.search },
      ...(restApi ? { api: PAGERDUTY_API } : {}),
    },
    ...options,
  });
  slack.server.slack.server.use(
    http.post(PAGERDUTY_EVENTS_URL, ({ request }) => pagerDuty.answer(request)),
    http.all(`${PAGERDUTY_API.url}/*`, ({ request }) => rest.answer(request)),
  );
  /** The trigger and resolve events PagerDuty took (202), in order, as `action service`. */
  const accepted = () =>
    pagerDuty.requests
      .filter((request) => request.status === 202)
      .map((request) => {
        const body = ZSentEvent.parse(request.body);
        const service = Object.entries(ROUTING_KEYS).find(([, key]) => key === body.routing_key)?.[0];
        return `${body.event_action} ${service}`;
      });
  return { ...slack, pagerDuty, rest, accepted };
};
