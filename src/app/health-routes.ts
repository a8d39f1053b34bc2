import { type Route, sendJson } from '../http/http-server.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Database } from '../store/database.ts';
import { type LocalMigration, readMigrationStatus } from '../store/migrate.ts';

export type CreateHealthRoutesOptions = {
  database: Database;
  /** The migrations this build carries: ready only once the database has applied them all. */
  migrations: LocalMigration[];
  metrics: Metrics;
  logger: Logger;
  /** Why the outbox is not calling Slack, while it is paused (see workspace-pause.ts). */
  slackPause: () => { reason: string; fix: string; since: Date; needed?: string[] } | undefined;
};

/**
 * `/healthz` (the process answers), `/readyz` (the database is reachable and migrated) and `/metrics`. A paused
 * outbox shows in `/readyz`'s body but keeps it 200: the token is the workspace's, so every replica has the same
 * problem, and taking them all out of the load balancer would also stop the slash commands and webhooks that still
 * work and are stored for when Slack takes the token again.
 */
export const createHealthRoutes = ({
  database,
  migrations,
  metrics,
  logger,
  slackPause,
}: CreateHealthRoutesOptions): Route[] => [
  { method: 'GET', path: '/healthz', handler: async (_req, res) => sendJson(res, 200, { status: 'ok' }) },
  {
    method: 'GET',
    path: '/readyz',
    handler: async (_req, res) => {
      try {
        const status = await database.withSession((session) => readMigrationStatus(session, migrations));
        if (status.pending.length > 0) sendJson(res, 503, { status: 'migrations pending', pending: status.pending });
        else {
          const paused = slackPause();
          sendJson(res, 200, {
            status: 'ready',
            migrations: status.applied.length,
            slack: paused ? { status: 'paused', ...paused } : { status: 'ok' },
          });
        }
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
