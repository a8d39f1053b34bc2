import { parseArgs } from 'node:util';
import { readEnvironment } from '../config/environment.ts';
import { type CommandCall, EXIT, failOn } from './command-exit.ts';

const USAGE = `Usage: sitrep <command> [options]

Commands:
  serve      Serve Slack, webhooks, /healthz, /readyz and /metrics on PORT (migrates first)
  migrate    Apply pending database migrations and exit
  timeline <number> [--format md|json] [--zone <IANA zone>]
             Print an incident's timeline (Markdown by default, times in the team's zone)
  postmortem <number> [--out file.md]
             Print an incident's latest postmortem version (a fresh draft when none is stored), or write it
  report [--service <name>] [--month 2026-10 | --quarter 2026-Q4] [--json]
             Print availability against the SLA and delivery metrics (each service's current SLA window by default)
  actions [--owner <Slack user id>] [--overdue | --all] [--json]
             Print the open action items, soonest due first (--all adds those done and won't do)
  outbox [--json] | outbox retry <id> | outbox discard <id>
             List the messages for Slack that are held (failing for a cause to fix) or dead; make one due now,
             or drop one for good
  deploy-event --service <name> --version <v> [--environment production] [--layer artifact]
             [--status succeeded] [--actor <who>] [--run-url <CI run URL>] [--description <text>]
             [--id <delivery id>] [--at <ISO time>] --url <https://sitrep.example.com>
             Sign a deploy with DEPLOY_WEBHOOK_SECRET and send it to sitrep (or set SITREP_URL)
  backup <file>
             Write every table to a gzip file in one consistent snapshot, while serve runs
  restore <file>
             Restore a backup into an empty DATA_DIR or PostgreSQL database (all or nothing), then migrate it
  move-to-postgres <DATABASE_URL>
             Copy the embedded database into an empty PostgreSQL database, check every table, print the .env line

Options:
  -h, --help     Show this help

Configuration comes from the environment and .env; see .env.example.`;

/**
 * Where each subcommand is run: `sitrep report` in report-command.ts, and so on. Each returns its exit code. Each is
 * loaded only when it runs: `serve` starts the embedded database before it loads the rest of sitrep.
 */
const SUBCOMMANDS: Record<string, (call: CommandCall) => Promise<number>> = {
  serve: async (call) => (await import('./serve-command.ts')).runServeCommand(call),
  migrate: async (call) => (await import('./migrate-command.ts')).runMigrateCommand(call),
  timeline: async (call) => (await import('./timeline-command.ts')).runTimelineCommand(call),
  postmortem: async (call) => (await import('./postmortem-command.ts')).runPostmortemCommand(call),
  report: async (call) => (await import('./report-command.ts')).runReportCommand(call),
  actions: async (call) => (await import('./actions-command.ts')).runActionsCommand(call),
  outbox: async (call) => (await import('./outbox-command.ts')).runOutboxCommand(call),
  'deploy-event': async ({ args, env }) =>
    (await import('./deploy-event-command.ts')).runDeployEventCommand({ args, env }),
  backup: async (call) => (await import('./backup-command.ts')).runBackupCommand(call),
  restore: async (call) => (await import('./restore-command.ts')).runRestoreCommand(call),
  'move-to-postgres': async (call) => (await import('./move-to-postgres-command.ts')).runMoveToPostgresCommand(call),
};

/** `sitrep <command> …`: the usage on `--help`, `-h` or `help`, else the command named, with the arguments after it. */
const main = async (argv: string[]): Promise<number> => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.done;
  }
  const run = Object.hasOwn(SUBCOMMANDS, command) ? SUBCOMMANDS[command] : undefined;
  if (run === undefined) return failOn(process.stderr)(`unknown command "${command}"\n\n${USAGE}`, EXIT.usage);
  const args = argv.slice(argv.indexOf(command) + 1);
  return run({ args, env: readEnvironment(process.cwd()), cwd: process.cwd() });
};

process.exitCode = await main(process.argv.slice(2));
