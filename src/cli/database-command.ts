import { parseConfig } from '../config/environment.ts';
import { loadTeamConfig } from '../config/team-config-file.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { type Database, openDatabase } from '../store/database.ts';
import {
  type CommandCall,
  describeCommandFailure,
  EXIT,
  type FailCommand,
  failOn,
  type Writable,
} from './command-exit.ts';

/** What a command's parser makes of its arguments: never a throw, a message for the person when they are wrong. */
export type ArgsResult<TArgs> = { ok: true; args: TArgs } | { ok: false; message: string };

export type DatabaseCommandContext<TArgs> = {
  args: TArgs;
  team: TTeamConfig;
  database: Database;
  stdout: Writable;
  stderr: Writable;
  fail: FailCommand;
};

export type RunDatabaseCommandOptions<TArgs> = CommandCall & {
  /** The command's name, as typed after `sitrep`: in the PGlite lock and in the line of an unexpected failure. */
  command: string;
  /** The usage line, printed on `--help` or `-h`. */
  usage: string;
  parseArgs: (args: string[]) => ArgsResult<TArgs>;
  /** AppError codes that mean the person must change what they typed or configured: exit 2 rather than 1. */
  usageErrors: ReadonlySet<string>;
  /** Runs once the team configuration is read, before the database opens, so a typo costs nothing; throws AppError. */
  check?: (context: { args: TArgs; team: TTeamConfig }) => void;
  /** The command's work; returns the exit code. The database is closed after it, whatever happens. */
  run: (context: DatabaseCommandContext<TArgs>) => Promise<number>;
};

/**
 * Runs a CLI command that reads the database, in the same steps for each: `--help` or `-h` anywhere prints the usage
 * line; then the arguments are parsed, the environment read, the team configuration (`sitrep.yml`) loaded, `check`
 * run, the database opened with one connection (so the command also works while `serve` runs on the embedded
 * database) and `run` called, the database being closed after it. Returns the exit code: 0 for the help, else what
 * `run` returns; 2 for arguments or an environment to fix, or an AppError whose code is in `usageErrors`; 1 for any
 * other error. Each failure is one line on stderr, `sitrep: <message>` (an unexpected error is also logged whole).
 */
export const runDatabaseCommand = async <TArgs>({
  command,
  usage,
  args,
  env,
  cwd,
  stdout = process.stdout,
  stderr = process.stderr,
  parseArgs,
  usageErrors,
  check,
  run,
}: RunDatabaseCommandOptions<TArgs>): Promise<number> => {
  const fail = failOn(stderr);
  if (args.includes('--help') || args.includes('-h')) {
    stdout.write(`${usage}\n`);
    return EXIT.done;
  }
  const parsed = parseArgs(args);
  if (!parsed.ok) return fail(parsed.message, EXIT.usage);
  const configured = parseConfig({ env, needsSlack: false, cwd });
  if (!configured.ok) return fail(configured.message, EXIT.usage);
  const { config } = configured;
  try {
    const team = await loadTeamConfig({ path: config.teamConfig.path, explicit: config.teamConfig.explicit });
    check?.({ args: parsed.args, team });
    const database = await openDatabase({ target: config.database, command, poolSize: 1 });
    try {
      return await run({ args: parsed.args, team, database, stdout, stderr, fail });
    } finally {
      await database.close();
    }
  } catch (error) {
    const failure = describeCommandFailure({ error, command, usageErrors, logLevel: config.logLevel });
    return fail(failure.message, failure.code);
  }
};
