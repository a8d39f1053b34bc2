import type { Server } from 'node:http';
import type { Logger } from '../observability/logger.ts';

/** Of the grace period (5 s at the least), kept for stopping the jobs and closing the database. */
const CLOSING_MS = 3_000;

export type CreateGracefulShutdownOptions = {
  server: Server;
  logger: Logger;
  /** The whole shutdown fits in this (SHUTDOWN_GRACE_SECONDS), so the orchestrator's SIGKILL never cuts it short. */
  graceMs: number;
  /** Lets go of the commands not started and waits, up to the time given, for those running. */
  stopCommands: (withinMs: number) => Promise<void>;
  /** What to stop once commands are done, in this order (the database last). */
  thenStop: (() => Promise<unknown>)[];
};

/**
 * The server's `stop`: refuses new connections, lets the commands under way finish within the grace period (those
 * not started stay journaled for the next process), closes any request still open, then stops the rest in order.
 * Calling it again waits for the same shutdown.
 */
export const createGracefulShutdown = ({
  server,
  logger,
  graceMs,
  stopCommands,
  thenStop,
}: CreateGracefulShutdownOptions) => {
  let stopping: Promise<void> | undefined;
  return (): Promise<void> => {
    stopping ??= (async () => {
      let drained = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve())).then(() => {
        drained = true;
      });
      server.closeIdleConnections();
      const withinMs = Math.max(0, graceMs - CLOSING_MS);
      const deadline = new Promise((resolve) => setTimeout(resolve, withinMs).unref());
      await Promise.all([stopCommands(withinMs), Promise.race([closed, deadline])]);
      if (!drained) {
        logger.warn('requests still open at the end of the grace period; closing them');
        server.closeAllConnections();
      }
      // Each step on its own: one that fails must not leave the database open.
      for (const stop of thenStop) {
        await stop().catch((error: unknown) => logger.error({ err: error }, 'a part of sitrep failed to stop'));
      }
    })();
    return stopping;
  };
};
