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
};

/** `/healthz` (the process answers), `/readyz` (the database is reachable and migrated) and `/metrics`. */
export const createHealthRoutes = ({ database, migrations, metrics, logger }: CreateHealthRoutesOptions): Route[] => [
  { method: 'GET', path: '/healthz', handler: async (_req, res) => sendJson(res, 200, { status: 'ok' }) },
  {
    method: 'GET',
    path: '/readyz',
    handler: async (_req, res) => {
      try {
        const status = await database.withSession((session) => readMigrationStatus(session, migrations));
        if (status.pending.length > 0) sendJson(res, 503, { status: 'migrations pending', pending: status.pending });
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
