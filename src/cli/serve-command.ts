import { parseConfig } from '../config/environment.ts';
import { startServer } from '../main.ts';
import { createLogger } from '../observability/logger.ts';
import { type CommandCall, describeLoggedFailure, EXIT, failOn } from './command-exit.ts';

// Whatever happens in the drain, the process is gone this long after the grace period it was given.
const HARD_STOP_MARGIN_MS = 2_000;

/**
 * `sitrep serve`: Slack, the webhooks, /healthz, /readyz and /metrics, until SIGTERM or SIGINT drains and stops it.
 * Returns 0 once serving, 2 for an environment to fix. A server that fails to start, or to stop, ends the process
 * at once (2 for a configuration or a lock to fix, else 1): the jobs it started would otherwise keep it alive.
 */
export const runServeCommand = async ({ env, cwd, stderr = process.stderr }: CommandCall): Promise<number> => {
  const fail = failOn(stderr);
  const configured = parseConfig({ env, needsSlack: true, cwd });
  if (!configured.ok) return fail(configured.message, EXIT.usage);
  const logger = createLogger({ level: configured.config.logLevel });
  const exitOn = (error: unknown): never => {
    const failure = describeLoggedFailure({ error, logger });
    return process.exit(fail(failure.message, failure.code));
  };
  // Listening first: a SIGTERM while the database starts or the journal is replayed still drains, once started.
  let stopping = false;
  let stopServer: (() => void) | undefined;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const hardStopMs = configured.config.shutdownGraceMs + HARD_STOP_MARGIN_MS;
    setTimeout(() => process.exit(EXIT.failed), hardStopMs).unref();
    stopServer?.();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  logger.info({ database: configured.config.database.kind }, 'starting');
  const server = await startServer({ config: configured.config, logger }).catch(exitOn);
  stopServer = () => server.stop().then(() => process.exit(EXIT.done), exitOn);
  if (stopping) stopServer();
  return EXIT.done;
};
