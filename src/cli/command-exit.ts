import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { parseConfig, type TConfig } from '../config/environment.ts';
import { isAppError } from '../domain/app-error.ts';
import { createLogger, type Logger } from '../observability/logger.ts';

/** Exit codes, as for every sitrep command: 0 done, 1 failed, 2 misused or misconfigured. */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

/** Where a command writes: process.stdout and process.stderr, or a test's buffer. */
export type Writable = { write: (text: string) => unknown };

/** How a command was called, by `cli.ts` or by a test. */
export type CommandCall = {
  /** The arguments after the command's name. */
  args: string[];
  /** The environment with `.env` underneath (`readEnvironment`). */
  env: Record<string, string | undefined>;
  /** Where relative paths in the environment (DATA_DIR, SITREP_CONFIG) start. */
  cwd: string;
  stdout?: Writable;
  stderr?: Writable;
};

/** Writes `sitrep: <message>` on stderr and returns `code`, for `return fail(...)`. */
export type FailCommand = (message: string, code: number) => number;

/** The one way a command fails: one line on its stderr, `sitrep: <message>`, and the exit code to return. */
export const failOn =
  (stderr: Writable): FailCommand =>
  (message, code) => {
    stderr.write(`sitrep: ${message}\n`);
    return code;
  };

// A configuration to fix or the embedded database held by another sitrep: a person must act before trying again.
const SERVER_USAGE_ERRORS: ReadonlySet<string> = new Set(['CONFIG_INVALID', 'DATABASE_LOCKED']);

/**
 * How `serve`, `migrate` and `timeline` end on an error: an AppError's user message (exit 2 for a configuration or a
 * lock to fix, else 1), or for anything else its message, the whole error going to the command's logger (exit 1).
 */
export const describeLoggedFailure = ({ error, logger }: { error: unknown; logger: Logger }) => {
  if (isAppError(error)) {
    return { message: error.userMessage, code: SERVER_USAGE_ERRORS.has(error.code) ? EXIT.usage : EXIT.failed };
  }
  logger.fatal({ err: error }, 'sitrep stopped on an unexpected error');
  return { message: error instanceof Error ? error.message : String(error), code: EXIT.failed };
};

export type ConfiguredCommandOptions = Pick<CommandCall, 'env' | 'cwd' | 'stderr'> & {
  needsSlack: boolean;
  /** The command's work; returns the exit code. */
  work: (context: { config: TConfig; logger: Logger; fail: FailCommand }) => Promise<number>;
};

/**
 * Runs `migrate` or `timeline` once the environment is read (exit 2 when it is not right), with a logger at its
 * level; an error ends as `describeLoggedFailure` says, in one line on stderr.
 */
export const runConfiguredCommand = async ({
  env,
  cwd,
  stderr = process.stderr,
  needsSlack,
  work,
}: ConfiguredCommandOptions): Promise<number> => {
  const fail = failOn(stderr);
  const configured = parseConfig({ env, needsSlack, cwd });
  if (!configured.ok) return fail(configured.message, EXIT.usage);
  const { config } = configured;
  const logger = createLogger({ level: config.logLevel });
  try {
    return await work({ config, logger, fail });
  } catch (error) {
    const failure = describeLoggedFailure({ error, logger });
    return fail(failure.message, failure.code);
  }
};

export type CommandFailureOptions = {
  error: unknown;
  /** The command's name, as typed after `sitrep`. */
  command: string;
  /** AppError codes that mean the person must change what they typed or configured: exit 2 rather than 1. */
  usageErrors: ReadonlySet<string>;
  logLevel: TConfig['logLevel'];
};

/**
 * How a command that reads the database ends on an error: an AppError's user message, or for anything else the
 * whole error logged on stderr and one line naming it (Prisma's messages run over several lines).
 */
export const describeCommandFailure = ({
  error,
  command,
  usageErrors,
  logLevel,
}: CommandFailureOptions): { message: string; code: number } => {
  if (isAppError(error)) {
    return { message: error.userMessage, code: usageErrors.has(error.code) ? EXIT.usage : EXIT.failed };
  }
  createLogger({ level: logLevel, destination: process.stderr }).fatal(
    { err: error },
    `sitrep ${command} stopped on an unexpected error`,
  );
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return { message: `${command} failed: ${message}`, code: EXIT.failed };
};

/** Node's `parseArgs` set for a command that takes flags only: an unknown flag or a positional is refused. */
type FlagsConfig<TOptions extends ParseArgsOptionsConfig> = {
  args: string[];
  options: TOptions;
  strict: true;
  allowPositionals: false;
};

export type ParseCommandFlagsOptions<TOptions extends ParseArgsOptionsConfig> = {
  /** The command's name, as typed after `sitrep`: the message starts with it. */
  command: string;
  usage: string;
  args: string[];
  options: TOptions;
};

export type CommandFlagsResult<TOptions extends ParseArgsOptionsConfig> =
  | { ok: true; values: ReturnType<typeof parseArgs<FlagsConfig<TOptions>>>['values'] }
  | { ok: false; message: string };

/**
 * Reads the flags of a command that takes no positionals, with Node's `parseArgs`. When Node refuses them, the
 * message is `<command>: <Node's reason> (<usage>)`, for the person to fix what they typed (exit 2).
 */
export const parseCommandFlags = <TOptions extends ParseArgsOptionsConfig>({
  command,
  usage,
  args,
  options,
}: ParseCommandFlagsOptions<TOptions>): CommandFlagsResult<TOptions> => {
  try {
    const { values } = parseArgs<FlagsConfig<TOptions>>({ args, options, strict: true, allowPositionals: false });
    return { ok: true, values };
  } catch (error) {
    // Node's own wording, less its advice on positionals starting with a dash.
    const reason = error instanceof Error ? (error.message.split('. To specify')[0] ?? error.message) : String(error);
    return { ok: false, message: `${command}: ${reason} (${usage})` };
  }
};
