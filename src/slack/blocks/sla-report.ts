import type { KnownBlock } from '@slack/types';
import type { ServiceReport } from '../../domain/sla/service-report.ts';
import { escapeMrkdwn } from '../../domain/text/escape-mrkdwn.ts';
import { describeReportFigures, labelReportPeriod } from '../../render/report.ts';
import type { SlackMessage } from './format.ts';
import { LIMITS, mrkdwn, plainText, truncateText } from './format.ts';

/** Slack refuses a message of more than 50 blocks. */
const MAX_BLOCKS = 50;

const field = (label: string, value: string) => mrkdwn(`*${label}*\n${value}`);

const buildServiceBlocks = (report: ServiceReport, now: Date): KnownBlock[] => {
  const figures = describeReportFigures(report, now);
  const verdict = report.downtime.breached ? ':red_circle: *SLA breached*' : ':large_green_circle: within the SLA';
  const heading = `*${escapeMrkdwn(report.service)}* · ${labelReportPeriod(report, now)} · target ${figures.target} · ${verdict}`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(heading),
      fields: [
        field(figures.availabilityLabel, figures.availability),
        field('Downtime', `${figures.downtime} of ${figures.allowed} ${figures.allowedScope}`),
        field(figures.budgetLabel, `${figures.budgetUsed}, ${figures.remaining}`),
        field('Incidents', figures.incidents),
        field('Mean time to detect · mitigate', `${figures.timeToDetect} · ${figures.timeToMitigate}`),
        field('Mean time to resolve', figures.timeToResolve),
        field('Production deploys', `${figures.deploys} (${figures.deploysPerWeek} a week)`),
        field('Change failure rate', figures.changeFailureRate),
      ],
    },
  ];
  if (figures.openWindows !== undefined) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`:hourglass_flowing_sand: ${escapeMrkdwn(figures.openWindows)}`)],
    });
  }
  if (figures.maintenance !== undefined) {
    blocks.push({ type: 'context', elements: [mrkdwn(`:hammer_and_wrench: ${escapeMrkdwn(figures.maintenance)}`)] });
  }
  return blocks;
};

/**
 * The answer to `/incident report`: a header, then per service a section with its availability against the SLA
 * (breached or not, in words and colour), downtime and allowance in minutes, budget used and left, incidents, mean
 * times, deploys and change failure rate, a note while an impact window is still open and one on impact inside
 * scheduled maintenance (excluded or counted). Services that would
 * take the message past Slack's 50 blocks are named in a last line that points to `sitrep report`.
 */
export const buildSlaReport = ({ reports, now }: { reports: ServiceReport[]; now: Date }): SlackMessage => {
  if (reports.length === 0) {
    const text = 'No services are configured in sitrep.yml, so there is nothing to report on.';
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const periods = new Set(reports.map((report) => report.period.key));
  const [first] = reports;
  const title =
    periods.size === 1 && first !== undefined ? `SLA report · ${labelReportPeriod(first, now)}` : 'SLA report';
  const blocks: KnownBlock[] = [{ type: 'header', text: plainText(truncateText(title, LIMITS.header)) }];
  const shown: ServiceReport[] = [];
  for (const report of reports) {
    const serviceBlocks = [
      ...(shown.length > 0 ? [{ type: 'divider' as const }] : []),
      ...buildServiceBlocks(report, now),
    ];
    // One block stays free for the line naming the services left out.
    if (blocks.length + serviceBlocks.length > MAX_BLOCKS - 1) break;
    blocks.push(...serviceBlocks);
    shown.push(report);
  }
  const left = reports.slice(shown.length);
  if (left.length > 0) {
    const names = truncateText(left.map((report) => report.service).join(', '), LIMITS.contextText - 200);
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(`${left.length} more not shown here: ${escapeMrkdwn(names)}. \`sitrep report\` prints every service.`),
      ],
    });
  }
  const summary = reports
    .map(
      (report) =>
        `${report.service} ${describeReportFigures(report, now).availability}${report.downtime.breached ? ' (breached)' : ''}`,
    )
    .join(', ');
  return { text: truncateText(`${title}: ${summary}`, LIMITS.sectionText), blocks };
};
