import { fileURLToPath } from 'node:url';
import { WebClient } from '@slack/web-api';
import type { TConfig } from './config/environment.ts';
import { loadHolidayCalendar } from './config/holiday-calendar.ts';
import { loadTeamConfig } from './config/team-config-file.ts';
import { createActionFlows } from './flows/action-item-flows.ts';
import { createEventFlows } from './flows/deploy-flows.ts';
import { createImpactFlows } from './flows/impact-flows.ts';
import { createIncidentFlows } from './flows/incident-flows.ts';
import { createPostmortemFlows } from './flows/postmortem-flows.ts';
import { createReminderFlows } from './flows/reminder-flows.ts';
import { createReportFlows } from './flows/report-flows.ts';
import { createResolveFlows } from './flows/resolve-flows.ts';
import { createTimelineFlows } from './flows/timeline-flows.ts';
import { createHttpServer, type Route, sendJson } from './http/http-server.ts';
import { deliverDueEffects } from './jobs/outbox/deliver-due-effects.ts';
import { startOutboxJob } from './jobs/outbox/outbox-job.ts';
import { judgeSlackFailure } from './jobs/outbox/slack/judge-slack-failure.ts';
import { runSlackEffect } from './jobs/outbox/slack/run-slack-effect.ts';
import { createSlackPacer } from './jobs/outbox/slack/slack-pacer.ts';
import { startReminderJob } from './jobs/reminder-job.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { createSlackApp } from './slack/app.ts';
import { createBoltLogger } from './slack/bolt-logger.ts';
import { createSlackRequestHandler } from './slack/fast-ack.ts';
import { SLACK_EVENTS_PATH } from './slack/ids.ts';
import { createInstrumentedFetch } from './slack/instrumented-fetch.ts';
import { createSlackPeople, createSlackReader } from './slack/slack-reader.ts';
import { createActionStore } from './store/action-item-store.ts';
import { type Database, openDatabase } from './store/database.ts';
import { createDeployStore } from './store/deploy-store.ts';
import { createImpactStore } from './store/impact-store.ts';
import { createIncidentStore } from './store/incident-store.ts';
import { applyMigrations, readMigrationStatus, readMigrations } from './store/migrate.ts';
import { createOutboxStore } from './store/outbox-store.ts';
import { createPostmortemFactsStore } from './store/postmortem-facts-store.ts';
import { createPostmortemStore } from './store/postmortem-store.ts';
import { createProcessedEventStore } from './store/processed-event-store.ts';
import { createReportStore } from './store/report-store.ts';
import { createSlackUserStore } from './store/slack-user-store.ts';
import { createTimelineStore } from './store/timeline-store.ts';
import { createWebhookRoutes } from './webhooks/routes.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** SIGTERM gives in-flight requests this long to finish before the database is closed regardless. */
const DRAIN_MS = 8_000;

export type RunningServer = {
  url: string;
  database: Database;
  stop: () => Promise<void>;
};

export type StartServerOptions = {
  config: TConfig;
  logger: Logger;
  now?: () => Date;
  /** Longest wait between two tries of a failed Slack effect (tests shorten it). */
  maxRetryBackoffMs?: number;
  /** Between two reminder sweeps (tests shorten it). */
  reminderEveryMs?: number;
};

/** Opens the database and brings it up to date, then serves Slack, webhooks, health and metrics. */
export const startServer = async ({
  config,
  logger,
  now = () => new Date(),
  maxRetryBackoffMs,
  reminderEveryMs,
}: StartServerOptions): Promise<RunningServer> => {
  const started = performance.now();
  const team = await loadTeamConfig({ path: config.teamConfig.path, explicit: config.teamConfig.explicit });
  const database = await openDatabase({
    target: config.database,
    command: 'serve',
    shareEmbedded: true,
    holdConnections: true,
  });
  try {
    const migrations = await readMigrations(MIGRATIONS_DIR);
    const result = await database.withSession((session) => applyMigrations(session, migrations));
    if (result.appliedNow.length > 0) logger.info({ migrations: result.appliedNow }, 'applied migrations');
    for (const name of result.modified)
      logger.warn({ migration: name }, 'a migration file changed after it was applied');

    const outbox = createOutboxStore(database.prisma);
    const metrics = createMetrics({ readJobLagSeconds: () => outbox.readLagSeconds(now()) });
    const incidents = createIncidentStore(database.prisma);
    const deploys = createDeployStore(database.prisma);
    // The outbox's own client: it retries on its own schedule, so the client must not (nor wait out a 429).
    const effectsClient = new WebClient(config.slack.botToken, {
      slackApiUrl: config.slack.apiUrl,
      fetch: createInstrumentedFetch(metrics, config.slack.apiUrl),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      logger: createBoltLogger(logger),
    });
    const pacer = createSlackPacer();
    const postmortems = createPostmortemStore(database.prisma);
    const actions = createActionStore(database.prisma);
    const outboxJob = startOutboxJob({
      logger,
      sweep: () =>
        deliverDueEffects({
          outbox,
          now,
          run: (effect) =>
            runSlackEffect(
              {
                client: effectsClient,
                pacer,
                incidents,
                deploys,
                postmortems,
                actions,
                drafts: postmortemFlows,
                syncPostmortemActions: async (incidentId) => {
                  await postmortemFlows.syncActionTable(incidentId);
                },
                team,
                now,
              },
              effect,
            ),
          judge: judgeSlackFailure,
          ...(maxRetryBackoffMs !== undefined ? { maxBackoffMs: maxRetryBackoffMs } : {}),
          onGiveUp: (key, reason) => logger.error({ effect: key, reason }, 'gave up a Slack effect'),
        }),
    });
    const events = createEventFlows({ deploys, incidents, team, now, onEffects: () => outboxJob.kick() });
    const flows = createIncidentFlows({
      incidents,
      team,
      now,
      onEffects: () => outboxJob.kick(),
      findDetection: events.findDetection,
    });
    // Before any await: the outbox's first sweep (a timer) may draft a postmortem.
    const postmortemFlows = createPostmortemFlows({
      incidents,
      postmortems,
      facts: createPostmortemFactsStore(database.prisma),
      team,
      cwd: process.cwd(),
      now,
      onEffects: () => outboxJob.kick(),
      findTarget: flows.findTarget,
    });
    // Reads a person waits on give up within seconds, and a 429 fails at once rather than pausing the client: what
    // they read has a fallback (the team's zone), or the person is told to try again.
    const readerClient = new WebClient(config.slack.botToken, {
      slackApiUrl: config.slack.apiUrl,
      fetch: createInstrumentedFetch(metrics, config.slack.apiUrl),
      retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1_000 },
      rejectRateLimitedCalls: true,
      timeout: 2_000,
      logger: createBoltLogger(logger),
    });
    // An event is acknowledged before it is handled, so Slack never sends it again: a read it needs keeps trying
    // through an outage (about half an hour), or the 📌 it stands for is lost.
    const eventReaderClient = new WebClient(config.slack.botToken, {
      slackApiUrl: config.slack.apiUrl,
      fetch: createInstrumentedFetch(metrics, config.slack.apiUrl),
      timeout: 10_000,
      logger: createBoltLogger(logger),
    });
    const slackUsers = createSlackUserStore(database.prisma);
    const timeline = createTimelineFlows({
      incidents,
      timeline: createTimelineStore(database.prisma),
      users: slackUsers,
      reader: createSlackReader(readerClient),
      eventReader: createSlackReader(eventReaderClient),
      findTarget: flows.findTarget,
      teamTimeZone: team.team.timeZone,
      now,
      onEffects: () => outboxJob.kick(),
    });
    const holidays = await loadHolidayCalendar(team.holidays);
    const actionFlows = createActionFlows({
      actions,
      postmortems,
      people: createSlackPeople({
        client: readerClient,
        users: slackUsers,
        zoneOf: timeline.zoneOf,
        teamTimeZone: team.team.timeZone,
        now,
      }),
      holidays,
      team,
      now,
      onEffects: () => outboxJob.kick(),
      findTarget: flows.findTarget,
    });
    const reminderJob = startReminderJob({
      logger,
      sweep: createReminderFlows({ actions, outbox, holidays, team, now, onEffects: () => outboxJob.kick() }).sweep,
      ...(reminderEveryMs === undefined ? {} : { everyMs: reminderEveryMs }),
    });
    const impacts = createImpactStore(database.prisma);
    const impactDeps = { impacts, team, now, onEffects: () => outboxJob.kick(), findTarget: flows.findTarget };
    const slack = createSlackApp({
      botToken: config.slack.botToken ?? '',
      apiUrl: config.slack.apiUrl,
      signingSecret: config.slack.signingSecret,
      appToken: config.slack.appToken,
      logger,
      metrics,
      processedEvents: createProcessedEventStore(database.prisma),
      context: {
        flows,
        timeline,
        events,
        reports: createReportFlows({ reports: createReportStore(database.prisma), team, now }),
        impact: createImpactFlows({ ...impactDeps, zoneOf: timeline.zoneOf }),
        resolution: createResolveFlows({ ...impactDeps, incidents }),
        postmortems: postmortemFlows,
        actionItems: actionFlows,
        team,
        now,
        logger,
      },
    });

    const routes: Route[] = [
      ...createWebhookRoutes({ secrets: config.webhooks, flows: events, team, logger, now }),
      { method: 'GET', path: '/healthz', handler: async (_req, res) => sendJson(res, 200, { status: 'ok' }) },
      {
        method: 'GET',
        path: '/readyz',
        handler: async (_req, res) => {
          try {
            const status = await database.withSession((session) => readMigrationStatus(session, migrations));
            if (status.pending.length > 0)
              sendJson(res, 503, { status: 'migrations pending', pending: status.pending });
            else sendJson(res, 200, { status: 'ready', migrations: status.applied.length });
          } catch (error) {
            logger.warn({ err: error }, 'readiness check failed');
            sendJson(res, 503, { status: 'database unreachable' });
          }
        },
      },
      {
        method: 'GET',
        path: '/metrics',
        handler: async (_req, res) => {
          const text = await metrics.registry.metrics();
          res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
        },
      },
    ];
    const server = createHttpServer({
      routes,
      fallback: {
        path: SLACK_EVENTS_PATH,
        handler:
          slack.mode === 'http' && config.slack.signingSecret
            ? createSlackRequestHandler({
                app: slack.app,
                boltListener: slack.receiver.requestListener,
                signingSecret: config.slack.signingSecret,
                logger,
              })
            : (_req, res) => {
                res.writeHead(404).end();
              },
      },
      metrics,
      logger,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.http.port, config.http.host, resolve);
    });
    if (slack.mode === 'socket') await slack.app.start();
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
    const url = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`;
    logger.info(
      {
        url,
        slackMode: slack.mode,
        database: database.description,
        services: team.services.length,
        startupMs: Math.round(performance.now() - started),
      },
      'sitrep is ready',
    );

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const drained = await Promise.race([
          closed.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DRAIN_MS).unref()),
        ]);
        if (!drained) {
          logger.warn('requests still running after the drain period; closing them');
          server.closeAllConnections();
        }
        if (slack.mode === 'socket') await slack.app.stop();
        await reminderJob.stop();
        await outboxJob.stop();
        await database.close();
      })();
      return stopping;
    };
    return { url, database, stop };
  } catch (error) {
    await database.close();
    throw error;
  }
};
