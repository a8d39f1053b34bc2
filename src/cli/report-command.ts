import { planReport } from '../domain/sla/plan-report.ts';
import { createReportFlows, type ReportRequest } from '../flows/report-flows.ts';
import { renderReportJson, renderReportMarkdown } from '../render/report.ts';
import { createReportStore } from '../store/report-store.ts';
import { type CommandCall, EXIT, parseCommandFlags } from './command-exit.ts';
import { type ArgsResult, runDatabaseCommand } from './database-command.ts';

const REPORT_USAGE = 'usage: sitrep report [--service <name>] [--month 2026-10 | --quarter 2026-Q4] [--json]';

type ReportArgs = { request: ReportRequest; json: boolean };

type ReportArgsResult = ArgsResult<ReportArgs>;

/**
 * Reads the flags of `sitrep report`. `--month` takes a month and `--quarter` a quarter, at most one of them; whether
 * the period exists (`2026-13`) is checked with the team's zone once the configuration is read.
 */
const parseReportArgs = (args: string[]): ReportArgsResult => {
  const flags = parseCommandFlags({
    command: 'report',
    usage: REPORT_USAGE,
    args,
    options: {
      service: { type: 'string' },
      month: { type: 'string' },
      quarter: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!flags.ok) return flags;
  const { service, month, quarter, json } = flags.values;
  if (month !== undefined && quarter !== undefined) {
    return { ok: false, message: 'report: give --month or --quarter, not both' };
  }
  // A quarter is the only period with a Q in it.
  if (month !== undefined && /q/i.test(month)) {
    return { ok: false, message: `report: --month takes a month such as 2026-10; for ${month} use --quarter` };
  }
  if (quarter !== undefined && !/q/i.test(quarter)) {
    return { ok: false, message: `report: --quarter takes a quarter such as 2026-Q4; for ${quarter} use --month` };
  }
  if (service?.trim() === '') return { ok: false, message: 'report: --service needs a service name' };
  const period = month ?? quarter;
  return {
    ok: true,
    args: {
      request: { ...(service === undefined ? {} : { service }), ...(period === undefined ? {} : { period }) },
      json: json === true,
    },
  };
};

export type RunReportCommandOptions = CommandCall & { now?: () => Date };

const USAGE_ERRORS = new Set(['BAD_REQUEST', 'CONFIG_INVALID', 'DATABASE_LOCKED']);

/**
 * `sitrep report`: the SLA and delivery report of one service or all, over a month, a quarter or each service's
 * current SLA window, as a Markdown table or (`--json`) JSON on stdout. Reads the database with one connection, so it
 * also works while `serve` runs on the embedded database. Returns the exit code: 0 printed, 2 on a misuse (an unknown
 * flag or service, a period that does not exist or has not started) or a configuration to fix, 1 on anything else;
 * each failure is one line on stderr.
 */
export const runReportCommand = async ({
  now = () => new Date(),
  ...call
}: RunReportCommandOptions): Promise<number> => {
  // One instant for the check and the report, so both agree on the current period.
  const at = now();
  return runDatabaseCommand({
    ...call,
    command: 'report',
    usage: REPORT_USAGE,
    parseArgs: parseReportArgs,
    usageErrors: USAGE_ERRORS,
    check: ({ args, team }) => {
      planReport({ team, request: args.request, now: at });
    },
    run: async ({ args, team, database, stdout }) => {
      const flows = createReportFlows({ reports: createReportStore(database.prisma), team, now: () => at });
      const reports = await flows.buildReport(args.request);
      const options = { reports, zone: team.team.timeZone, now: at };
      stdout.write(`${args.json ? renderReportJson(options) : renderReportMarkdown(options)}\n`);
      return EXIT.done;
    },
  });
};
