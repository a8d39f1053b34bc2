import { parseConfig } from '../config/environment.ts';
import { createLogger } from '../observability/logger.ts';
import { launchEmbeddedServer } from '../store/embedded-server.ts';
import { type CommandCall, describeLoggedFailure, EXIT, failOn } from './command-exit.ts';

// Whatever happens in the drain, the process is gone this long after the grace period it was given.
const HARD_STOP_MARGIN_MS = 2_000;
// A signal while starting: this long to finish starting (initdb on a busy machine takes most of it), then the drain.
const START_ALLOWANCE_MS = 60_000;

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
  let startingTimer: NodeJS.Timeout | undefined;
  const hardStopAfter = (hardStopMs: number) =>
    setTimeout(() => {
      logger.error({ hardStopMs }, 'not stopped within the time given after the signal; exiting now');
      process.exit(EXIT.failed);
    }, hardStopMs).unref();
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    if (stopServer) stopServer();
    // A start that never ends (a migration lock held elsewhere, PGlite never ready) must not outlive the signal.
    else startingTimer = hardStopAfter(START_ALLOWANCE_MS + configured.config.shutdownGraceMs + HARD_STOP_MARGIN_MS);
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  logger.info({ database: configured.config.database.kind }, 'starting');
  const { database } = configured.config;
  // PGlite's thread is spawned before the rest of sitrep is loaded, which holds this thread for about as long as
  // PGlite takes to start on its own: the two overlap instead of adding up.
  const launched =
    database.kind === 'pglite'
      ? await launchEmbeddedServer({
          dataDir: database.dataDir,
          templateDir: database.templateDir,
          command: 'serve',
          share: true,
        }).catch(exitOn)
      : undefined;
  const { startServer } = await import('../main.ts').catch(async (error: unknown) => {
    await (await launched?.server.catch(() => undefined))?.stop();
    return exitOn(error);
  });
  const server = await startServer({ config: configured.config, logger, embedded: launched?.server }).catch(exitOn);
  stopServer = () => {
    // The grace period counts from the drain, not from a signal that came while the server was still starting.
    clearTimeout(startingTimer);
    hardStopAfter(configured.config.shutdownGraceMs + HARD_STOP_MARGIN_MS);
    server.stop().then(() => process.exit(EXIT.done), exitOn);
  };
  if (stopping) stopServer();
  return EXIT.done;
};
