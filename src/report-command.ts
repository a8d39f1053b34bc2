import { parseArgs } from 'node:util';
import { describeCommandFailure, EXIT, type Writable } from './command-exit.ts';
import { parseConfig } from './config.ts';
import { createReportFlows, planReport, type ReportRequest } from './flows/report-flows.ts';
import { renderReportJson, renderReportMarkdown } from './render/report.ts';
import { openDatabase } from './store/database.ts';
import { createReportStore } from './store/report-store.ts';
import { loadTeamConfig } from './team-config-file.ts';

export const REPORT_USAGE = 'usage: sitrep report [--service <name>] [--month 2026-10 | --quarter 2026-Q4] [--json]';

/** Exit codes, as for every sitrep command: 0 done, 1 failed, 2 misused or misconfigured. */
export type ReportArgs = { request: ReportRequest; json: boolean };

export type ReportArgsResult = { ok: true; args: ReportArgs } | { ok: false; message: string };

/**
 * Reads the flags of `sitrep report`. `--month` takes a month and `--quarter` a quarter, at most one of them; whether
 * the period exists (`2026-13`) is checked with the team's zone once the configuration is read.
 */
export const parseReportArgs = (args: string[]): ReportArgsResult => {
  let values: {
    service?: string | undefined;
    month?: string | undefined;
    quarter?: string | undefined;
    json?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        service: { type: 'string' },
        month: { type: 'string' },
        quarter: { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    // Node's own wording, less its advice on positionals starting with a dash.
    const reason = error instanceof Error ? (error.message.split('. To specify')[0] ?? error.message) : String(error);
    return { ok: false, message: `report: ${reason} (${REPORT_USAGE})` };
  }
  const { service, month, quarter } = values;
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
      json: values.json === true,
    },
  };
};

export type RunReportCommandOptions = {
  /** The arguments after `report`. */
  args: string[];
  /** The environment with `.env` underneath (`readEnvironment`). */
  env: Record<string, string | undefined>;
  /** Where relative paths in the environment (DATA_DIR, SITREP_CONFIG) start. */
  cwd: string;
  now?: () => Date;
  stdout?: Writable;
  stderr?: Writable;
};

const USAGE_ERRORS = new Set(['BAD_REQUEST', 'CONFIG_INVALID', 'DATABASE_LOCKED']);

/**
 * `sitrep report`: the SLA and delivery report of one service or all, over a month, a quarter or each service's
 * current SLA window, as a Markdown table or (`--json`) JSON on stdout. Reads the database with one connection, so it
 * also works while `serve` runs on the embedded database. Returns the exit code: 0 printed, 2 on a misuse (an unknown
 * flag or service, a period that does not exist or has not started) or a configuration to fix, 1 on anything else;
 * each failure is one line on stderr.
 */
export const runReportCommand = async ({
  args,
  env,
  cwd,
  now = () => new Date(),
  stdout = process.stdout,
  stderr = process.stderr,
}: RunReportCommandOptions): Promise<number> => {
  const fail = (message: string, code: number): number => {
    stderr.write(`sitrep: ${message}\n`);
    return code;
  };
  if (args.includes('--help') || args.includes('-h')) {
    stdout.write(`${REPORT_USAGE}\n`);
    return EXIT.done;
  }
  const parsed = parseReportArgs(args);
  if (!parsed.ok) return fail(parsed.message, EXIT.usage);
  const configured = parseConfig({ env, needsSlack: false, cwd });
  if (!configured.ok) return fail(configured.message, EXIT.usage);
  const { config } = configured;
  try {
    const team = await loadTeamConfig({ path: config.teamConfig.path, explicit: config.teamConfig.explicit });
    const at = now();
    // Checked before the database is opened: a typo costs nothing.
    planReport({ team, request: parsed.args.request, now: at });
    const database = await openDatabase({ target: config.database, command: 'report', poolSize: 1 });
    try {
      const flows = createReportFlows({ reports: createReportStore(database.prisma), team, now: () => at });
      const reports = await flows.buildReport(parsed.args.request);
      const options = { reports, zone: team.team.timeZone, now: at };
      stdout.write(`${parsed.args.json ? renderReportJson(options) : renderReportMarkdown(options)}\n`);
      return EXIT.done;
    } finally {
      await database.close();
    }
  } catch (error) {
    const failure = describeCommandFailure({
      error,
      command: 'report',
      usageErrors: USAGE_ERRORS,
      logLevel: config.logLevel,
    });
    return fail(failure.message, failure.code);
  }
};
