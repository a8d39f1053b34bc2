import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseConfig, readEnvironment, type TConfig } from '../config/environment.ts';
import { loadTeamConfig } from '../config/team-config-file.ts';
import { isAppError } from '../domain/app-error.ts';
import { isKnownTimeZone } from '../domain/time/time-zone.ts';
import { MIGRATIONS_DIR, startServer } from '../main.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { renderTimelineJson, renderTimelineMarkdown } from '../render/timeline.ts';
import { openDatabase } from '../store/database.ts';
import { createIncidentStore } from '../store/incident-store.ts';
import { applyMigrations, readMigrations } from '../store/migrate.ts';
import { createTimelineStore } from '../store/timeline-store.ts';
import { runActionsCommand } from './actions-command.ts';
import { runDeployEventCommand } from './deploy-event-command.ts';
import { runPostmortemCommand } from './postmortem-command.ts';
import { runReportCommand } from './report-command.ts';

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
  deploy-event --service <name> --version <v> [--environment production] [--layer artifact]
             [--status succeeded] [--actor <who>] [--run-url <CI run URL>] [--description <text>]
             [--id <delivery id>] [--at <ISO time>] --url <https://sitrep.example.com>
             Sign a deploy with DEPLOY_WEBHOOK_SECRET and send it to sitrep (or set SITREP_URL)

Options:
  -h, --help     Show this help

Configuration comes from the environment and .env; see .env.example.`;

/** Exit codes: 0 done, 1 failed, 2 misconfigured or misused (a person must change something first). */
const EXIT_USAGE = 2;

const fail = (message: string, code: number): never => {
  process.stderr.write(`sitrep: ${message}\n`);
  process.exit(code);
};

const loadConfig = (needsSlack: boolean): TConfig => {
  const result = parseConfig({ env: readEnvironment(process.cwd()), needsSlack, cwd: process.cwd() });
  return result.ok ? result.config : fail(result.message, EXIT_USAGE);
};

const exitCodeFor = (error: unknown): number =>
  isAppError(error) && (error.code === 'CONFIG_INVALID' || error.code === 'DATABASE_LOCKED') ? EXIT_USAGE : 1;

const reportAndExit = (logger: Logger, error: unknown): never => {
  if (isAppError(error)) return fail(error.userMessage, exitCodeFor(error));
  logger.fatal({ err: error }, 'sitrep stopped on an unexpected error');
  return fail(error instanceof Error ? error.message : String(error), 1);
};

const serve = async (): Promise<void> => {
  const config = loadConfig(true);
  const logger = createLogger({ level: config.logLevel });
  const server = await startServer({ config, logger }).catch((error: unknown) => reportAndExit(logger, error));
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping');
    // The hard limit: whatever happens in the drain, the process is gone within 10 s of the signal.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => reportAndExit(logger, error),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
};

const migrate = async (): Promise<void> => {
  const config = loadConfig(false);
  const logger = createLogger({ level: config.logLevel });
  try {
    const database = await openDatabase({ target: config.database, command: 'migrate', poolSize: 1 });
    try {
      const result = await database.withSession(async (session) =>
        applyMigrations(session, await readMigrations(MIGRATIONS_DIR)),
      );
      process.stdout.write(
        result.appliedNow.length > 0
          ? `Applied ${result.appliedNow.length} migration(s) to ${database.description}:\n${result.appliedNow.map((n) => `  ${n}`).join('\n')}\n`
          : `${database.description} is up to date (${result.applied.length} migrations applied).\n`,
      );
    } finally {
      await database.close();
    }
  } catch (error) {
    reportAndExit(logger, error);
  }
};

const ZTimelineArgs = z.object({
  number: z.coerce.number().int().positive(),
  format: z.enum(['md', 'json']).default('md'),
  zone: z.string().optional(),
});

const timeline = async (args: string[]): Promise<void> => {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, zone: { type: 'string' } },
  });
  const parsed = ZTimelineArgs.safeParse({ number: positionals[0], format: values.format, zone: values.zone });
  if (!parsed.success || positionals.length !== 1) {
    return fail('usage: sitrep timeline <number> [--format md|json] [--zone Europe/Paris]', EXIT_USAGE);
  }
  const config = loadConfig(false);
  const logger = createLogger({ level: config.logLevel });
  try {
    const team = await loadTeamConfig({ path: config.teamConfig.path, explicit: config.teamConfig.explicit });
    const zone = parsed.data.zone ?? team.team.timeZone;
    if (!isKnownTimeZone(zone))
      return fail(`--zone should be an IANA time zone such as Europe/Paris (got ${zone})`, EXIT_USAGE);
    const database = await openDatabase({ target: config.database, command: 'timeline', poolSize: 1 });
    try {
      const incident = await createIncidentStore(database.prisma).findByNumber(parsed.data.number);
      if (!incident) return fail(`there is no incident ${parsed.data.number}`, 1);
      const items = await createTimelineStore(database.prisma).listForIncident(incident.id);
      const input = { incidentNumber: incident.number, title: incident.title, items };
      process.stdout.write(
        parsed.data.format === 'json'
          ? `${renderTimelineJson(input)}\n`
          : `${renderTimelineMarkdown({ ...input, zone })}\n`,
      );
    } finally {
      await database.close();
    }
  } catch (error) {
    reportAndExit(logger, error);
  }
};

const main = async (argv: string[]): Promise<void> => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'serve') return serve();
  if (command === 'migrate') return migrate();
  if (command === 'timeline') return timeline(argv.slice(argv.indexOf('timeline') + 1));
  if (command === 'report') {
    const args = argv.slice(argv.indexOf('report') + 1);
    process.exitCode = await runReportCommand({ args, env: readEnvironment(process.cwd()), cwd: process.cwd() });
    return;
  }
  if (command === 'actions') {
    const args = argv.slice(argv.indexOf('actions') + 1);
    process.exitCode = await runActionsCommand({ args, env: readEnvironment(process.cwd()), cwd: process.cwd() });
    return;
  }
  if (command === 'postmortem') {
    const args = argv.slice(argv.indexOf('postmortem') + 1);
    process.exitCode = await runPostmortemCommand({ args, env: readEnvironment(process.cwd()), cwd: process.cwd() });
    return;
  }
  if (command === 'deploy-event') {
    const args = argv.slice(argv.indexOf('deploy-event') + 1);
    process.exitCode = await runDeployEventCommand({ args, env: readEnvironment(process.cwd()) });
    return;
  }
  fail(`unknown command "${command}"\n\n${USAGE}`, EXIT_USAGE);
};

await main(process.argv.slice(2));
