import type { Logger } from '../../observability/logger.ts';
import type { DeliveryReport } from './deliver-due-effects.ts';

export type OutboxJob = {
  /** Runs a sweep soon: called after a change writes effects, so Slack hears of it without waiting for a poll. */
  kick: () => void;
  /** Stops after the sweep under way. */
  stop: () => Promise<void>;
};

export type StartOutboxJobOptions = {
  sweep: () => Promise<DeliveryReport>;
  logger: Logger;
  /** Between sweeps when there was nothing to do. */
  pollMs?: number;
};

/**
 * The outbox job: sweeps while there is work, then polls. Sweeps never overlap in one process; replicas are kept
 * apart by the claim in the database.
 */
export const startOutboxJob = ({ sweep, logger, pollMs = 500 }: StartOutboxJobOptions): OutboxJob => {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };

  const sweepSafely = async (): Promise<DeliveryReport> => {
    try {
      return await sweep();
    } catch (error) {
      logger.warn({ err: error }, 'outbox sweep failed; trying again shortly');
      return { delivered: 0, retried: 0 };
    }
  };

  const run = () => {
    if (running) {
      again = true;
      return;
    }
    // Cleared in `then`, which runs after `running` is set even when the sweep fails at once.
    running = sweepSafely().then((report) => {
      running = undefined;
      const busy = report.delivered + report.retried > 0;
      const wanted = again;
      again = false;
      schedule(busy || wanted ? 0 : pollMs);
    });
  };

  schedule(0);
  return {
    kick: () => schedule(0),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};
