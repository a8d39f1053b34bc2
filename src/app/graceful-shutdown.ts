import type { Server } from 'node:http';
import type { Logger } from '../observability/logger.ts';

/** SIGTERM gives in-flight requests this long to finish before the database is closed regardless. */
const DRAIN_MS = 8_000;

export type CreateGracefulShutdownOptions = {
  server: Server;
  logger: Logger;
  /** What to stop once requests have drained, in this order (the database last). */
  thenStop: (() => Promise<unknown>)[];
};

/**
 * The server's `stop`: refuses new connections, lets requests under way finish (closing them after the drain
 * period), then stops the rest in order. Calling it again waits for the same shutdown.
 */
export const createGracefulShutdown = ({ server, logger, thenStop }: CreateGracefulShutdownOptions) => {
  let stopping: Promise<void> | undefined;
  return (): Promise<void> => {
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
      for (const stop of thenStop) await stop();
    })();
    return stopping;
  };
};
