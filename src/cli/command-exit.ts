import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import type { TConfig } from '../config/environment.ts';
import { isAppError } from '../domain/app-error.ts';
import { createLogger } from '../observability/logger.ts';

/** Exit codes, as for every sitrep command: 0 done, 1 failed, 2 misused or misconfigured. */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

/** Where a command writes: process.stdout and process.stderr, or a test's buffer. */
export type Writable = { write: (text: string) => unknown };

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
