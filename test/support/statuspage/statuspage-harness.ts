import type { DatabaseKind } from '../database.ts';
import { startSlackHarness } from '../slack/slack-harness.ts';
import { createTestClock } from '../test-clock.ts';
import { STATUS_PAGE_LINES, writeUtcTeamConfig } from '../utc-team-config.ts';
import { createFakeStatuspage } from './fake-statuspage-api.ts';

export const STATUSPAGE_API_URL = 'https://api.statuspage.test/v1';
/** A key as Statuspage's API info page shows it. */
export const STATUSPAGE_API_KEY = '5c1f0e9a-7d2b-4c3e-9f60-1a2b3c4d5e6f';
export const STATUSPAGE_PAGE_ID = 'acmepage0001';
/** The Statuspage components of checkout-api and search. */
export const COMPONENTS = { checkout: 'cmpcheckout1', search: 'cmpsearch001' } as const;

/** sitrep.yml's lines for the status page of utc-team-config.ts, mirrored to the fake's page. */
const ATLASSIAN_LINES = [
  '  atlassian:',
  `    pageId: ${STATUSPAGE_PAGE_ID}`,
  '    components:',
  `      checkout-api: ${COMPONENTS.checkout}`,
  `      search: ${COMPONENTS.search}`,
];

/**
 * The real sitrep (Slack fake, database, outbox) with its Statuspage push on, against a fake Statuspage API. sitrep's
 * clock starts at `start` and runs at the real pace; a call waiting for its turn moves it on instead of sleeping, so
 * the pacing shows in the fake's record of when each call came.
 */
export const startStatuspageHarness = async (kind: DatabaseKind, { start }: { start: Date | string }) => {
  const clock = createTestClock(start);
  const config = await writeUtcTeamConfig([...STATUS_PAGE_LINES, ...ATLASSIAN_LINES]);
  const fake = createFakeStatuspage({
    apiUrl: STATUSPAGE_API_URL,
    apiKey: STATUSPAGE_API_KEY,
    pageId: STATUSPAGE_PAGE_ID,
    componentIds: Object.values(COMPONENTS),
    now: clock.now,
  });
  /** The options of a sitrep with this push on: the harness's, and a second replica's. */
  const serverOptions = {
    now: clock.now,
    teamConfigPath: config.path,
    statuspage: {
      apiUrl: STATUSPAGE_API_URL,
      apiKey: STATUSPAGE_API_KEY,
      sleep: async (ms: number) => clock.advance(ms),
      everyMs: 100,
    },
  };
  const slack = await startSlackHarness(kind, {
    ...serverOptions,
    statuspage: { ...serverOptions.statuspage, handler: fake.handler },
  });
  return {
    ...slack,
    clock,
    statuspage: fake,
    serverOptions,
    close: async () => {
      await slack.close();
      await config.remove();
    },
  };
};
