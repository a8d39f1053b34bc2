import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { http } from 'msw';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { createFakePagerDuty, type FakePagerDuty } from '../../../demo/fake-pagerduty/fake-pagerduty.ts';
import type { DatabaseKind } from '../database.ts';
import { type StartSlackHarnessOptions, startSlackHarness } from '../slack/slack-harness.ts';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.test/v2/enqueue';
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
  document.setIn(['services', 0, 'pagerduty'], { routingKeyEnv: 'PAGERDUTY_CHECKOUT_API', severities: [1, 2] });
  document.setIn(['services', 1, 'pagerduty'], { routingKeyEnv: 'PAGERDUTY_SEARCH', severities: [1] });
  document.addIn(['services'], { name: 'docs-site', description: 'The help centre; nobody is paged for it.' });
  const path = join(mkdtempSync(join(tmpdir(), 'sitrep-pagerduty-')), 'sitrep.yml');
  writeFileSync(path, document.toString());
  return path;
};

/** A Slack harness whose sitrep pages through a fake PagerDuty Events API (msw, next to the fake Slack). */
export const startPagingHarness = async (kind: DatabaseKind, options: StartSlackHarnessOptions = {}) => {
  const pagerDuty: FakePagerDuty = createFakePagerDuty();
  const slack = await startSlackHarness(kind, {
    teamConfigPath: writePagingConfig(),
    pagerDuty: {
      eventsUrl: PAGERDUTY_EVENTS_URL,
      variables: { PAGERDUTY_CHECKOUT_API: ROUTING_KEYS['checkout-api'], PAGERDUTY_SEARCH: ROUTING_KEYS.search },
    },
    ...options,
  });
  slack.server.slack.server.use(http.post(PAGERDUTY_EVENTS_URL, ({ request }) => pagerDuty.answer(request)));
  /** The trigger and resolve events PagerDuty took (202), in order, as `action service`. */
  const accepted = () =>
    pagerDuty.requests
      .filter((request) => request.status === 202)
      .map((request) => {
        const body = ZSentEvent.parse(request.body);
        const service = Object.entries(ROUTING_KEYS).find(([, key]) => key === body.routing_key)?.[0];
        return `${body.event_action} ${service}`;
      });
  return { ...slack, pagerDuty, accepted };
};
