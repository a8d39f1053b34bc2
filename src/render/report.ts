import { formatMinutes } from '../domain/sla/downtime.ts';
import type { ServiceReport } from '../domain/sla/service-report.ts';
import { describeDuration, ELAPSED, MEAN } from '../domain/text/describe-duration.ts';

// SLA and delivery reports as people and tools read them: a Markdown table for `sitrep report`, JSON for
// `sitrep report --json`, and the figures' wording that the Slack answer shares. Pure: the caller passes the reports,
// the team's zone and the instant they were computed at.

export type ReportRenderOptions = { reports: ServiceReport[]; zone: string; now: Date };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Rounds half away from zero to `decimals` places, so that `-0.5 s` and `0.5 s` are one second apart. */
const roundTo = (value: number, decimals: number): number => {
  const scale = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * scale)) / scale;
};

/** `99.9%`, `100%`, `27.78%`: at most `decimals` places, trailing zeros left out. */
export const formatPercent = (value: number, decimals = 2): string => `${roundTo(value, decimals)}%`;

/**
 * Availability to three places, rounded down: a service that lost any time never shows 100%, nor a target it missed.
 * The small epsilon keeps 99.9 (99.899999… in binary) at 99.9.
 */
export const formatAvailability = (percent: number): string => `${Math.floor(percent * 1000 + 1e-6) / 1000}%`;

/** A mean duration: `45 s` under a minute, else `12 min`, `1 h 12 min`, `2 d 3 h`; `n/a` when nothing was measured. */
export const formatMean = (ms: number | null): string => (ms === null ? 'n/a' : describeDuration(ms, MEAN));

/** `31.2 min left` or `12.8 min over`. */
export const formatRemaining = (remainingMs: number): string =>
  remainingMs < 0 ? `${formatMinutes(-remainingMs)} over` : `${formatMinutes(remainingMs)} left`;

/** `November 2026`, or `November 2026 so far` while it is still running at `now`. */
export const labelReportPeriod = (report: ServiceReport, now: Date): string =>
  isRunning(report, now) ? `${report.period.label} so far` : report.period.label;

const isRunning = (report: ServiceReport, now: Date): boolean => now.getTime() < report.period.end.getTime();

/**
 * How much of a period has gone by: `14 h 20 min of 30 days` on the first day, then days to a tenth, rounded down so
 * that it never reads further on than it is (`5.5 days of 30`).
 */
const describeElapsed = ({ elapsedMs, windowMs }: { elapsedMs: number; windowMs: number }): string => {
  // A month with a DST change is 745 h: still 31 days.
  const days = Math.round(windowMs / DAY);
  if (elapsedMs < DAY) return `${describeDuration(elapsedMs, ELAPSED)} of ${days} days`;
  const gone = Math.floor((elapsedMs / DAY) * 10) / 10;
  return `${gone} ${gone === 1 ? 'day' : 'days'} of ${days}`;
};

/** What a running period's figures are read over, below the table: availability so far, the budget of the whole. */
const describeRunningPeriod = (report: ServiceReport, now: Date): string | undefined =>
  isRunning(report, now)
    ? `${report.service}: ${report.period.label} is still running, so availability is over the ${describeElapsed(report.downtime)} gone by and deploys per week over the weeks gone by; the allowance and budget used are over the whole ${report.period.kind}.`
    : undefined;

const describeOpenWindows = (report: ServiceReport): string | undefined =>
  report.downtime.openSpans === 0
    ? undefined
    : `${report.service} has ${report.downtime.openSpans === 1 ? 'an impact window' : `${report.downtime.openSpans} impact windows`} still open: its downtime grows until ${report.downtime.openSpans === 1 ? 'it ends' : 'they end'}.`;

/**
 * How much impact fell in scheduled maintenance and whether it counts (`sla.excludeMaintenance`); nothing when none
 * did.
 */
const describeMaintenance = (report: ServiceReport): string | undefined => {
  const { maintenanceMs, maintenanceExcluded } = report.downtime;
  if (maintenanceMs <= 0) return undefined;
  const fell = `${formatMinutes(maintenanceMs)} of ${report.service}'s impact fell in scheduled maintenance`;
  return maintenanceExcluded
    ? `Maintenance excluded: ${fell} and is not counted as downtime.`
    : `Maintenance counted: ${fell} and counts as downtime.`;
};

/**
 * Every figure of a service's report at `now`, short, in the order both the table and the Slack answer show them, and
 * the labels that say what a running period's are read over: `Availability so far (6 days of 30)`, `Budget used for
 * all of November`.
 */
export const describeReportFigures = (report: ServiceReport, now: Date) => {
  const { downtime, metrics, period } = report;
  const running = isRunning(report, now);
  return {
    availabilityLabel: running ? `Availability so far (${describeElapsed(downtime)})` : 'Availability',
    budgetLabel: running ? `Budget used for all of ${period.name}` : 'Budget used',
    allowedScope: running ? `allowed in all of ${period.name}` : 'allowed',
    availability: formatAvailability(downtime.availabilityPercent),
    target: formatPercent(downtime.target, 3),
    downtime: formatMinutes(downtime.downtimeMs),
    allowed: formatMinutes(downtime.allowedMs),
    budgetUsed: formatPercent(downtime.budgetUsedPercent, 1),
    remaining: formatRemaining(downtime.remainingMs),
    incidents: String(metrics.incidents),
    timeToDetect: formatMean(metrics.meanTimeToDetectMs),
    timeToMitigate: formatMean(metrics.meanTimeToMitigateMs),
    timeToResolve: formatMean(metrics.meanTimeToResolveMs),
    deploys: String(metrics.productionDeploys),
    deploysPerWeek: String(roundTo(metrics.deploysPerWeek, 1)),
    changeFailureRate:
      metrics.changeFailureRatePercent === null ? 'n/a' : formatPercent(metrics.changeFailureRatePercent, 1),
    openWindows: describeOpenWindows(report),
    maintenance: describeMaintenance(report),
  };
};

/** A table cell: nothing in it may end the cell or the row. */
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const COLUMNS = [
  'service',
  'period',
  'availability',
  'target',
  'downtime',
  'allowed',
  'budget used',
  'remaining',
  'breached',
  'incidents',
  'mean time to detect',
  'mean time to mitigate',
  'mean time to resolve',
  'production deploys',
  'per week',
  'change failure rate',
];

/**
 * The report as Markdown, for `sitrep report`: a heading, a line on how the periods are read, one table row per
 * service, then a note for each service whose downtime is still growing or whose impact fell in maintenance.
 */
export const renderReportMarkdown = ({ reports, zone, now }: ReportRenderOptions): string => {
  const lines = [
    '# SLA and delivery report',
    '',
    `Periods are calendar months and quarters in ${zone}. Downtime counts outages, and degraded time at each service's weight; incidents are those declared in the period; a failed change is a production deploy followed by an incident of its service within the change-failure window.`,
  ];
  if (reports.length === 0) return [...lines, '', 'No services are configured in sitrep.yml.'].join('\n');
  lines.push('', `| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => ' --- ').join('|')}|`);
  for (const report of reports) {
    const figures = describeReportFigures(report, now);
    const row = [
      report.service,
      labelReportPeriod(report, now),
      figures.availability,
      figures.target,
      figures.downtime,
      figures.allowed,
      figures.budgetUsed,
      figures.remaining,
      report.downtime.breached ? '**yes**' : 'no',
      figures.incidents,
      figures.timeToDetect,
      figures.timeToMitigate,
      figures.timeToResolve,
      figures.deploys,
      figures.deploysPerWeek,
      figures.changeFailureRate,
    ];
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  }
  const notes = reports.flatMap((report) =>
    [describeRunningPeriod(report, now), describeOpenWindows(report), describeMaintenance(report)].filter(
      (note) => note !== undefined,
    ),
  );
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
};

/** Milliseconds as whole seconds, rounded to the nearest (half away from zero). */
const seconds = (ms: number): number => roundTo(ms / 1000, 0);

const minutes = (ms: number): number => roundTo(ms / MINUTE, 2);

const orNull = <T>(value: number | null, convert: (value: number) => T): T | null =>
  value === null ? null : convert(value);

/**
 * The report as pretty JSON, for `sitrep report --json`. Keys always come in the same order (README lists them):
 * instants in UTC (`2026-10-31T23:00:00.000Z`), durations in whole seconds (`…Seconds`) with the SLA's also in
 * minutes to two places (`…Minutes`), percentages and deploys per week to four places, means null when nothing was
 * measured.
 */
export const renderReportJson = ({ reports, zone, now }: ReportRenderOptions): string =>
  JSON.stringify(
    {
      generatedAt: now.toISOString(),
      timeZone: zone,
      services: reports.map(({ service, period, downtime, metrics }) => ({
        service,
        period: {
          key: period.key,
          label: period.label,
          kind: period.kind,
          start: period.start.toISOString(),
          end: period.end.toISOString(),
          complete: now.getTime() >= period.end.getTime(),
        },
        sla: {
          targetPercent: downtime.target,
          availabilityPercent: roundTo(downtime.availabilityPercent, 4),
          periodSeconds: seconds(downtime.windowMs),
          elapsedSeconds: seconds(downtime.elapsedMs),
          downtimeSeconds: seconds(downtime.downtimeMs),
          downtimeMinutes: minutes(downtime.downtimeMs),
          outageSeconds: seconds(downtime.outageMs),
          degradedSeconds: seconds(downtime.degradedMs),
          allowedSeconds: seconds(downtime.allowedMs),
          allowedMinutes: minutes(downtime.allowedMs),
          budgetUsedPercent: roundTo(downtime.budgetUsedPercent, 4),
          remainingSeconds: seconds(downtime.remainingMs),
          remainingMinutes: minutes(downtime.remainingMs),
          breached: downtime.breached,
          openImpactWindows: downtime.openSpans,
          incidentsWithImpact: downtime.incidents,
          maintenanceExcluded: downtime.maintenanceExcluded,
          maintenanceSeconds: seconds(downtime.maintenanceMs),
        },
        delivery: {
          incidents: metrics.incidents,
          meanTimeToDetectSeconds: orNull(metrics.meanTimeToDetectMs, seconds),
          meanTimeToMitigateSeconds: orNull(metrics.meanTimeToMitigateMs, seconds),
          meanTimeToResolveSeconds: orNull(metrics.meanTimeToResolveMs, seconds),
          productionDeploys: metrics.productionDeploys,
          deploysPerWeek: roundTo(metrics.deploysPerWeek, 4),
          changeFailureRatePercent: orNull(metrics.changeFailureRatePercent, (percent) => roundTo(percent, 4)),
        },
      })),
    },
    null,
    2,
  );
