import { parseConfig } from '../config/environment.ts';
import { createLogger } from '../observability/logger.ts';
import { startEmbeddedServer } from '../store/embedded-server.ts';
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
    stopServer?.();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  logger.info({ database: configured.config.database.kind }, 'starting');
  const { database } = configured.config;
  // PGlite starts on its own thread while this one loads the rest of sitrep (about as long, each), rather than after.
  const embedded =
    database.kind === 'pglite'
      ? startEmbeddedServer({
          dataDir: database.dataDir,
          templateDir: database.templateDir,
          command: 'serve',
          share: true,
        })
      : undefined;
  // Its failure (the data directory in use) is reported where the server waits for it, not as an unhandled one.
  embedded?.catch(() => {});
  const { startServer } = await import('../main.ts');
  const server = await startServer({ config: configured.config, logger, embedded }).catch(exitOn);
  stopServer = () => {
    // The grace period counts from the drain, not from a signal that came while the server was still starting.
    const hardStopMs = configured.config.shutdownGraceMs + HARD_STOP_MARGIN_MS;
    setTimeout(() => {
      logger.error({ hardStopMs }, 'the drain outlasted the grace period; exiting now');
      process.exit(EXIT.failed);
    }, hardStopMs).unref();
    server.stop().then(() => process.exit(EXIT.done), exitOn);
  };
  if (stopping) stopServer();
  return EXIT.done;
};
