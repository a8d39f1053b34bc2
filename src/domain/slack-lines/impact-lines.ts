import type { ImpactKind, ImpactPlan, WindowEnd } from '../impact/impact-window.ts';
import { describeDuration, IN_HOURS } from '../text/describe-duration.ts';
import { escapeMrkdwn } from '../text/escape-mrkdwn.ts';
import { listWords } from '../text/list-words.ts';
import { formatInZone } from '../time/wall-clock.ts';
import { slackTime } from './incident-lines.ts';

// What impact changes say: a line in the incident channel (with a Slack date token, so each reader sees their own
// time), the timeline entry's text (its time is the entry's `occurredAt`) and the answer to the author.

const STARTED: Record<ImpactKind, string> = { outage: 'an outage of', degraded: 'degraded service on' };
const EMOJI: Record<ImpactKind, string> = { outage: ':red_circle:', degraded: ':large_orange_circle:' };
const KIND_NAMES: Record<ImpactKind, string> = { outage: 'outage', degraded: 'degraded window' };

const describeEnds = (ends: WindowEnd[]): string =>
  listWords(
    ends.map(
      ({ window, endedAt }) =>
        `${escapeMrkdwn(window.service)} (${window.kind}, ${describeDuration(endedAt.getTime() - window.startedAt.getTime(), IN_HOURS)})`,
    ),
  );

/** `, ending the degraded window of checkout-api` when a start takes over from open windows of the other kind. */
const describeTakeover = (plan: ImpactPlan): string =>
  plan.close.length === 0
    ? ''
    : `, ending the ${listWords(plan.close.map(({ window }) => `${KIND_NAMES[window.kind]} of ${escapeMrkdwn(window.service)}`))}`;

export type ImpactDescription = { line: string; entry: string };

/**
 * The channel line and timeline text of an impact change by `actorId`.
 *
 * @example describeImpactChange({ actorId: 'U1', plan: { action: 'outage', at, close: [], open: [{ service: 'checkout-api', kind: 'outage' }] } })
 *   // => { line: ':red_circle: <@U1> recorded an outage of checkout-api from <!date^…>.', entry: '<@U1> recorded an outage of checkout-api.' }
 */
export const describeImpactChange = ({ actorId, plan }: { actorId: string; plan: ImpactPlan }): ImpactDescription => {
  if (plan.action === 'end') {
    const what = `<@${actorId}> ended the impact on ${describeEnds(plan.close)}`;
    return { line: `:large_green_circle: ${what} at ${slackTime(plan.at)}.`, entry: `${what}.` };
  }
  const what = `<@${actorId}> recorded ${STARTED[plan.action]} ${listWords(plan.open.map((open) => escapeMrkdwn(open.service)))}`;
  return {
    line: `${EMOJI[plan.action]} ${what} from ${slackTime(plan.at)}${describeTakeover(plan)}.`,
    entry: `${what}${describeTakeover(plan)}.`,
  };
};

/**
 * What the author of an impact change is told, with the time in their zone.
 *
 * @example describeImpactForAuthor({ plan, zone: 'America/Los_Angeles', incidentNumber: 42 })
 *   // => 'Recorded an outage of checkout-api from Mon 23 Nov 2026 13:58 (America/Los_Angeles) on incident 42.'
 */
export const describeImpactForAuthor = ({
  plan,
  zone,
  incidentNumber,
}: {
  plan: ImpactPlan;
  zone: string;
  incidentNumber: number;
}): string => {
  const when = `${formatInZone(plan.at, zone)} (${zone})`;
  if (plan.action === 'end') {
    return `Ended the impact on ${describeEnds(plan.close)} at ${when} on incident ${incidentNumber}.`;
  }
  const services = listWords(plan.open.map((open) => escapeMrkdwn(open.service)));
  return `Recorded ${STARTED[plan.action]} ${services} from ${when}${describeTakeover(plan)} on incident ${incidentNumber}.`;
};

/** The line and timeline text when someone resolves saying customers were not affected. */
export const describeNoCustomerImpact = (actorId: string): ImpactDescription => ({
  line: `:white_check_mark: <@${actorId}> confirmed there was no customer impact.`,
  entry: `<@${actorId}> confirmed there was no customer impact.`,
});

/** A finished SLA period of a service, whose report an impact change rewrites. */
export type RewrittenReport = { service: string; period: string };

/**
 * `the finished SLA reports of checkout-api for September 2026 and October 2026; search for Q3 2026`, or nothing.
 */
const listRewrittenReports = (reports: readonly RewrittenReport[]): string => {
  const byService = Map.groupBy(reports, (report) => report.service);
  const described = [...byService].map(
    ([service, periods]) => `${escapeMrkdwn(service)} for ${listWords(periods.map((report) => report.period))}`,
  );
  return described.length === 0 ? '' : `the finished SLA reports of ${described.join('; ')}`;
};

/**
 * What the author of an impact change into finished SLA periods is told after the usual answer: which reports it
 * rewrites. Nothing when the change stays in periods still running.
 *
 * @example describeRewrittenReports([{ service: 'checkout-api', period: 'October 2026' }])
 *   // => ' It rewrites the finished SLA reports of checkout-api for October 2026.'
 */
export const describeRewrittenReports = (reports: readonly RewrittenReport[]): string =>
  reports.length === 0 ? '' : ` It rewrites ${listRewrittenReports(reports)}.`;

export type LookbackRefusalOptions = {
  /** The time as the person typed it, which reads as a time: digits, `-`, `:` and `yesterday`. */
  typed: string;
  at: Date;
  zone: string;
  lookbackDays: number;
  reports: readonly RewrittenReport[];
  /** The command again, with the word that says the old time is meant. */
  retry: string;
};

/**
 * Why an impact time further back than the lookback is refused, what it would rewrite, and how to say it is meant.
 *
 * @example describeLookbackRefusal({ typed: '2025-11-14 10:00', at, zone: 'UTC', lookbackDays: 30, reports: [...],
 *     retry: '/incident impact outage 2025-11-14 10:00 #42 backdate' })
 *   // => '`2025-11-14 10:00` is Fri 14 Nov 2025 10:00 (UTC), more than 30 days ago: … If you mean it, …'
 */
export const describeLookbackRefusal = ({
  typed,
  at,
  zone,
  lookbackDays,
  reports,
  retry,
}: LookbackRefusalOptions): string => {
  const rewrites = reports.length === 0 ? '' : ` It would rewrite ${listRewrittenReports(reports)}.`;
  return `\`${escapeMrkdwn(typed)}\` is ${formatInZone(at, zone)} (${zone}), more than ${lookbackDays} days ago: impact further back is taken only when you say so, as it is usually a mistyped date.${rewrites} If you mean it, add \`backdate\`: \`${escapeMrkdwn(retry)}\``;
};

/**
 * What a form (declare, record impact, close impact windows) says under a time further back than the lookback: forms
 * have no way to say an old time is meant, so it points to the command that has. Plain text, as form errors are.
 *
 * @example describeFormLookbackRefusal(30)
 *   // => 'Pick a time within the last 30 days. Older impact is recorded with /incident impact … backdate.'
 */
export const describeFormLookbackRefusal = (lookbackDays: number): string =>
  `Pick a time within the last ${lookbackDays} days. Older impact is recorded with /incident impact … backdate.`;
