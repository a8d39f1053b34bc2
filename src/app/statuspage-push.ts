import { setTimeout as sleepFor } from 'node:timers/promises';
import type { TConfig } from '../config/environment.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { createStatusPageFlows } from '../flows/status-page-flows.ts';
import { createStatuspageFlows, type StatuspageFlows } from '../flows/statuspage-flows.ts';
import { type StatuspageJob, startStatuspageJob } from '../jobs/statuspage-job.ts';
import type { Logger } from '../observability/logger.ts';
import { createStatuspageClient } from '../statuspage/statuspage-client.ts';
import type { Stores } from './create-stores.ts';

/** Statuspage takes one request a second per API key. */
const STATUSPAGE_SPACING_MS = 1_000;

/** The Atlassian Statuspage push as set up: on, with its API, key, page and components; or off, saying why. */
export type StatuspageSetup =
  | { apiUrl: string; apiKey: string; pageId: string; components: ReadonlyMap<string, string> }
  | { off: string };

/** On when sitrep.yml names a page (`statusPage.atlassian`) and STATUSPAGE_API_KEY is set; off otherwise. */
export const readStatuspageSetup = (config: TConfig['statuspage'], team: TTeamConfig): StatuspageSetup => {
  const page = team.statusPage?.atlassian;
  const { apiKey, apiUrl } = config;
  if (page !== undefined && apiKey !== undefined) {
    return { apiUrl, apiKey, pageId: page.pageId, components: new Map(Object.entries(page.components)) };
  }
  const missing = [
    ...(apiKey === undefined ? ['STATUSPAGE_API_KEY'] : []),
    ...(page === undefined ? ['statusPage.atlassian in sitrep.yml'] : []),
  ];
  return { off: `Atlassian Statuspage push is off: set ${missing.join(' and ')} to turn it on` };
};

export type StartStatuspagePushOptions = {
  setup: StatuspageSetup;
  team: TTeamConfig;
  stores: Pick<Stores, 'publicUpdates' | 'maintenance' | 'outbox' | 'statuspage' | 'statusPage'>;
  now: () => Date;
  /** Wakes the outbox: the push wrote effects. */
  onEffects: () => void;
  logger: Logger;
  /** How a paced call waits for its turn; tests move their clock instead. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Between two looks for components to push. */
  everyMs?: number | undefined;
};

/**
 * Starts the push when it is on: its flows, for the outbox's `statuspage.*` effects, and the job that notices
 * components to push. Says in one line at startup whether it is on.
 */
export const startStatuspagePush = ({
  setup,
  team,
  stores,
  now,
  onEffects,
  logger,
  sleep = (ms) => sleepFor(ms),
  everyMs,
}: StartStatuspagePushOptions): { flows: StatuspageFlows; job: StatuspageJob } | undefined => {
  if ('off' in setup) {
    logger.info(setup.off);
    return undefined;
  }
  const { apiUrl, apiKey, pageId, components } = setup;
  const spacing = { spacingMs: STATUSPAGE_SPACING_MS };
  const api = createStatuspageClient({
    apiUrl,
    apiKey,
    pageId,
    now,
    pace: {
      waitForTurn: async () => {
        const turn = await stores.statuspage.bookTurn({ now: now(), ...spacing });
        const waitMs = turn.getTime() - now().getTime();
        if (waitMs > 0) await sleep(waitMs);
      },
      spaceNextTurn: () => stores.statuspage.spaceNextTurn({ now: now(), ...spacing }),
    },
  });
  const statusPage = createStatusPageFlows({
    store: stores.statusPage,
    updates: stores.publicUpdates,
    maintenance: stores.maintenance,
    team,
    now,
  });
  const flows = createStatuspageFlows({
    api,
    components,
    readStatuses: statusPage.readComponentStatuses,
    publicUpdates: stores.publicUpdates,
    pushed: stores.statuspage,
    outbox: stores.outbox,
    onEffects,
    now,
  });
  logger.info({ pageId, components: components.size, apiUrl }, 'Atlassian Statuspage push is on');
  const job = startStatuspageJob({
    enqueueChanges: flows.enqueueChanges,
    logger,
    ...(everyMs === undefined ? {} : { everyMs }),
  });
  return { flows, job };
};
