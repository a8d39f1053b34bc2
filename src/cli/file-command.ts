import { parseArgs } from 'node:util';
import { parseConfig, type TConfig } from '../config/environment.ts';
import {
  type CommandCall,
  describeCommandFailure,
  EXIT,
  type FailCommand,
  failOn,
  type Writable,
} from './command-exit.ts';

/**
 * What a person must fix before trying again (exit 2): the configuration, a database another sitrep holds, a file
 * that is missing, damaged or from a newer sitrep, a target that is not empty.
 */
const FILE_COMMAND_USAGE_ERRORS: ReadonlySet<string> = new Set([
  'CONFIG_INVALID',
  'DATABASE_LOCKED',
  'NOT_FOUND',
  'BACKUP_DAMAGED',
  'BACKUP_NEWER',
  'RESTORE_TARGET_NOT_EMPTY',
]);

export type FileCommandContext = {
  /** The one argument: a file, or for move-to-postgres a database URL. */
  argument: string;
  config: TConfig;
  stdout: Writable;
  stderr: Writable;
  fail: FailCommand;
};

export type RunFileCommandOptions = CommandCall & {
  /** The command's name, as typed after `sitrep`. */
  command: string;
  usage: string;
  run: (context: FileCommandContext) => Promise<number>;
};

/**
 * Runs `backup`, `restore` or `move-to-postgres`: the usage on `--help`, exactly one argument, the environment read,
 * then `run`. Returns its exit code, or 2 for what a person must fix (FILE_COMMAND_USAGE_ERRORS) and 1 for anything
 * else, each failure in one line on stderr.
 */
export const runFileCommand = async ({
  command,
  usage,
  args,
  env,
  cwd,
  stdout = process.stdout,
  stderr = process.stderr,
  run,
}: RunFileCommandOptions): Promise<number> => {
  const fail = failOn(stderr);
  if (args.includes('--help') || args.includes('-h')) {
    stdout.write(`${usage}\n`);
    return EXIT.done;
  }
  let positionals: string[];
  try {
    positionals = parseArgs({ args, allowPositionals: true, strict: true, options: {} }).positionals;
  } catch {
    return fail(usage, EXIT.usage);
  }
  const [argument] = positionals;
  if (argument === undefined || positionals.length !== 1) return fail(usage, EXIT.usage);
  const configured = parseConfig({ env, needsSlack: false, cwd });
  if (!configured.ok) return fail(configured.message, EXIT.usage);
  const { config } = configured;
  try {
    return await run({ argument, config, stdout, stderr, fail });
  } catch (error) {
    const failure = describeCommandFailure({
      error,
      command,
      usageErrors: FILE_COMMAND_USAGE_ERRORS,
      logLevel: config.logLevel,
    });
    return fail(failure.message, failure.code);
  }
};

/**
 * A progress line on stderr at most once a second, from the first second on: a small database is backed up or
 * restored without a word, a large one says where it is.
 */
export const createProgressLine = (stderr: Writable, command: string, now: () => number = Date.now) => {
  let last = now();
  return (text: string) => {
    if (now() - last < 1_000) return;
    last = now();
    stderr.write(`sitrep ${command}: ${text}\n`);
  };
};

export const formatCount = (count: number): string => count.toLocaleString('en-US');
