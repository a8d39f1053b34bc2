import { type DowntimeReport, formatMinutes } from '../sla/downtime.ts';

/** The shares of an error budget at which the announcements channel is told, once per service and period. */
export type BudgetThreshold = 50 | 100;

export type ThresholdAnnouncementOptions = { report: DowntimeReport; threshold: BudgetThreshold };

const THRESHOLDS: readonly BudgetThreshold[] = [50, 100];

// Rounded down, so a line never shows 50 % or 100 % before the budget has really reached it: 62.5 % is `62%`.
const showPercent = (report: DowntimeReport): string => `${Math.floor(report.budgetUsedPercent)}%`;

/**
 * The line an incident channel gets at resolve for each affected service: how much of the period's error budget is
 * used. The percentage is rounded down; past the budget the line says it is exceeded.
 *
 * @example describeBudgetUse(report) // => "Used 27 min of checkout-api's 43.2 min November budget (62%)."
 * @example describeBudgetUse(report) // => "Used 50 min of checkout-api's 43.2 min November budget (115%): the budget is exceeded."
 */
export const describeBudgetUse = (report: DowntimeReport): string => {
  const line = `Used ${formatMinutes(report.downtimeMs)} of ${report.service}'s ${formatMinutes(report.allowedMs)} ${report.period.name} budget (${showPercent(report)})`;
  return report.breached ? `${line}: the budget is exceeded.` : `${line}.`;
};

const describePeriodUse = (report: DowntimeReport): string => {
  const use = `${report.period.name}: ${formatMinutes(report.downtimeMs)} used, ${showPercent(report)} of its ${formatMinutes(report.allowedMs)} budget`;
  return report.breached ? `${use}, exceeded` : use;
};

/**
 * The line an incident channel gets at resolve for a service whose budget the incident charged: `reports` are the
 * service's periods, oldest first. One period reads as `describeBudgetUse`; several (an outage across a month's end)
 * name each period with its own downtime, share and allowance, and say which budgets are exceeded.
 *
 * @example describeBudgetUseByPeriod([October 2026 report, November 2026 report])
 *   // => "checkout-api's error budget, in each period this incident touched: October: 60 min used, 134% of its
 *   //      44.64 min budget, exceeded; November: 40 min used, 92% of its 43.2 min budget."
 */
export const describeBudgetUseByPeriod = (reports: readonly DowntimeReport[]): string => {
  const [first] = reports;
  if (first === undefined) return '';
  if (reports.length === 1) return describeBudgetUse(first);
  return `${first.service}'s error budget, in each period this incident touched: ${reports.map(describePeriodUse).join('; ')}.`;
};

/**
 * The thresholds a service's budget use went past between two readings, as percentages: each `t` of 50 and 100 with
 * `before < t <= after`. Reaching a threshold exactly crosses it; staying at or above it, or going down, crosses nothing.
 *
 * @example crossedThresholds({ before: 40, after: 120 }) // => [50, 100]
 * @example crossedThresholds({ before: 50, after: 99 }) // => []
 */
export const crossedThresholds = ({ before, after }: { before: number; after: number }): BudgetThreshold[] =>
  THRESHOLDS.filter((threshold) => before < threshold && threshold <= after);

/**
 * What the announcements channel is told when a service's budget use crosses `threshold` (Slack mrkdwn): a warning at
 * 50 %, an alarm at 100 % that says whether the budget is used up or exceeded.
 *
 * @example describeThresholdAnnouncement({ report, threshold: 50 })
 *   // => ':warning: checkout-api has used 62% of its November error budget (27 min of 43.2 min).'
 * @example describeThresholdAnnouncement({ report, threshold: 100 })
 *   // => ':rotating_light: checkout-api has exceeded its November error budget: 115% used (50 min of 43.2 min).'
 */
export const describeThresholdAnnouncement = ({ report, threshold }: ThresholdAnnouncementOptions): string => {
  const used = `${formatMinutes(report.downtimeMs)} of ${formatMinutes(report.allowedMs)}`;
  const budget = `its ${report.period.name} error budget`;
  if (threshold === 50) return `:warning: ${report.service} has used ${showPercent(report)} of ${budget} (${used}).`;
  const verb = report.breached ? 'exceeded' : 'used up';
  return `:rotating_light: ${report.service} has ${verb} ${budget}: ${showPercent(report)} used (${used}).`;
};
