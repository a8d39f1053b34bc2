import { fileURLToPath } from 'node:url';
import { createFlows, type Flows, slackContextOf } from './app/create-flows.ts';
import { createStores } from './app/create-stores.ts';
import { createEmailDelivery } from './app/email-delivery.ts';
import { createGracefulShutdown } from './app/graceful-shutdown.ts';
import { createHealthRoutes } from './app/health-routes.ts';
import { type OpenedCommandJournal, openCommandJournal } from './app/open-command-journal.ts';
import { openMigratedDatabase } from './app/open-migrated-database.ts';
import { createSlackClients } from './app/slack-clients.ts';
import { startHttpServer } from './app/start-http-server.ts';
import { type JobTimings, startJobs } from './app/start-jobs.ts';
import { readStatuspageSetup } from './app/statuspage-push.ts';
import { createTrackerClients } from './app/tracker-clients.ts';
import { createWebPages } from './app/web-pages.ts';
import type { TConfig } from './config/environment.ts';
import { loadHolidayCalendar } from './config/holiday-calendar.ts';
import { readRoutingKeys } from './config/pagerduty-routing-keys.ts';
import { loadTeamConfig } from './config/team-config-file.ts';
import { readTrackerCredentials, type TrackerCredentials } from './config/tracker-credentials.ts';
import type { TTeamConfig } from './domain/team-config/team-config.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { createPagerDutyOnCall } from './pagerduty/pagerduty-on-call.ts';
import { createSlackApp } from './slack/app.ts';
import { createCommandIntake } from './slack/command-intake.ts';
import type { CommandJournal } from './slack/command-runner.ts';
import type { Database } from './store/database.ts';
import type { EmbeddedServer } from './store/embedded-server.ts';
import { createWebhookRoutes } from './webhooks/routes.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

export type RunningServer = {
  url: string;
  database: Database;
  /** Where commands are journaled (tests leave commands in it as a process that died would). */
  commandJournal: CommandJournal;
  stop: () => Promise<void>;
};

export type StartServerOptions = JobTimings & {
  config: TConfig;
  logger: Logger;
  now?: () => Date;
  /** The embedded database, started before this module was loaded (serve-command.ts says why). */
  embedded?: Promise<EmbeddedServer> | undefined;
};

/**
 * sitrep.yml, and the PagerDuty routing keys and tracker credentials it names read from the environment (all checked
 * before the server starts; only the embedded database may be starting already), with a client for each tracker and
 * PagerDuty's REST API when a token is set, and the email subscriptions' settings.
 */
const loadTeam = async (config: TConfig, now: () => Date) => {
  const team = await loadTeamConfig({ path: config.teamConfig.path, explicit: config.teamConfig.explicit });
  const { readVariable } = config;
  const { api } = config.pagerDuty;
  const trackers = readTrackerCredentials({ trackers: team.trackers, readVariable });
  return {
    team,
    statuspage: readStatuspageSetup(config.statuspage, team),
    pagerDuty: { eventsUrl: config.pagerDuty.eventsUrl, routingKeys: readRoutingKeys({ team, readVariable }) },
    trackers,
    trackerClients: createTrackerClients(trackers, now),
    onCall: api === undefined ? undefined : createPagerDutyOnCall({ ...api, now }),
    email: config.email,
  };
};

/**
 * The team, read while the embedded database starts (when it cannot be, that database is stopped and its lock let
 * go), then the database, migrated.
 */
const openTeamAndDatabase = async ({
  config,
  now,
  logger,
  embedded,
}: Pick<StartServerOptions, 'config' | 'logger' | 'embedded'> & { now: () => Date }) => {
  let loaded: Awaited<ReturnType<typeof loadTeam>>;
  try {
    loaded = await loadTeam(config, now);
  } catch (error) {
    // The configuration's error is the one to tell, whatever stopping the database says.
    await (await embedded?.catch(() => undefined))?.stop().catch(() => {});
    throw error;
  }
  const target = config.database;
  const opened = await openMigratedDatabase({ target, migrationsDir: MIGRATIONS_DIR, logger, embedded });
  return { ...loaded, ...opened };
};

/** The deploy, alert and tracker webhooks, each with its secret. */
const webhookRoutesOf = ({
  config,
  flows,
  team,
  trackers,
  logger,
  now,
}: {
  config: TConfig;
  flows: Pick<Flows, 'events' | 'trackers'>;
  team: TTeamConfig;
  trackers: TrackerCredentials;
  logger: Logger;
  now: () => Date;
}) =>
  createWebhookRoutes({
    secrets: config.webhooks,
    flows: flows.events,
    team,
    trackers: {
      sink: flows.trackers,
      jiraSecret: trackers.jira?.webhookSecret,
      linearSecret: trackers.linear?.webhookSecret,
      githubIssues: trackers.github !== undefined,
    },
    logger,
    now,
  });

/**
 * The composition root: configuration, then the database (brought up to date), the stores, the flows, the jobs
 * and the Slack app on them, and one HTTP server for Slack, webhooks, health, metrics and the web pages.
 */
export const startServer = async ({
  config,
  logger,
  now = () => new Date(),
  embedded,
  ...timings
}: StartServerOptions): Promise<RunningServer> => {
  const started = performance.now();
  const opened = await openTeamAndDatabase({ config, now, logger, embedded });
  const { team, pagerDuty, trackers, trackerClients, onCall, database, migrations, statuspage, email } = opened;
  let commandJournal: OpenedCommandJournal | undefined;
  try {
    commandJournal = await openCommandJournal(config.database);
    const stores = createStores(database.prisma);
    const metrics = createMetrics({ readJobLagSeconds: () => stores.outbox.readLagSeconds(now()) });
    const clients = createSlackClients({ slack: config.slack, metrics, logger });
    // A flow that writes effects wakes the outbox; any written before the job starts are found by its first sweep.
    let wakeOutbox = () => {};
    const onEffects = () => wakeOutbox();
    const holidays = await loadHolidayCalendar(team.holidays);
    const integrations = { trackerClients, onCall, statuspage, email };
    const flows = createFlows({ stores, team, holidays, clients, now, onEffects, ...integrations });
    const jobs = startJobs({
      stores,
      flows,
      client: clients.effects,
      team,
      target: config.database,
      now,
      logger,
      ...timings,
      metrics,
      retentionMs: config.retentionMs,
      pagerDuty,
      statuspage,
      mailer: createEmailDelivery({ email, team, logger }),
    });
    wakeOutbox = () => jobs.kick();
    const slack = createSlackApp({
      botToken: config.slack.botToken ?? '',
      apiUrl: config.slack.apiUrl,
      signingSecret: config.slack.signingSecret,
      appToken: config.slack.appToken,
      logger,
      metrics,
      processedEvents: stores.processedEvents,
      context: slackContextOf(flows, { team, now, logger }),
    });
    // Leases are kept on the machine's clock, not on `now`, which tests move by days.
    const commands = createCommandIntake({ slack, journal: commandJournal.journal, logger });
    const { server, url } = await startHttpServer({
      http: config.http,
      routes: [
        ...webhookRoutesOf({ config, flows, team, trackers, logger, now }),
        ...createHealthRoutes({ database, migrations, metrics, logger, slackPause: jobs.slackPause.current }),
      ],
      web: createWebPages({ config: config.web, stores, database, flows, team, clients, now, logger }),
      slack,
      commands,
      signingSecret: config.slack.signingSecret,
      metrics,
      logger,
    });
    if (slack.mode === 'socket') await slack.app.start();
    // Commands a stopped or killed process left journaled, answered now rather than whenever one is next typed.
    await commands.start();
    const startupMs = Math.round(performance.now() - started);
    const { description } = database;
    logger.info(
      { url, slackMode: slack.mode, database: description, services: team.services.length, startupMs },
      'sitrep is ready',
    );
    const stop = createGracefulShutdown({
      server,
      logger,
      graceMs: config.shutdownGraceMs,
      stopCommands: async (withinMs) => {
        // The socket takes no more of Slack's requests while those under way finish.
        if (slack.mode === 'socket') await slack.app.stop();
        await commands.stop(withinMs);
      },
      thenStop: [...jobs.stops, commandJournal.close, () => database.close()],
    });
    return { url, database, commandJournal: commandJournal.journal, stop };
  } catch (error) {
    await commandJournal?.close();
    await database.close();
    throw error;
  }
};
