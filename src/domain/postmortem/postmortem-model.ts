import { ACTION_KIND_LABELS, ACTION_KINDS } from '../action-items/action-item-kinds.ts';
import { isProductionEnvironment } from '../deploys/deploy.ts';
import { STATUS_LABELS, severityName } from '../incident/incident.ts';
import { formatMinutes } from '../sla/downtime.ts';
import { describeBudgetUse } from '../slack-lines/budget-lines.ts';
import type { TTeamConfig } from '../team-config/team-config.ts';
import { describeDuration } from '../text/describe-duration.ts';
import { markdownLink } from '../text/mrkdwn-markdown.ts';
import { createWallClock, dayOf, labelDay } from '../time/wall-clock.ts';
import type { PostmortemFacts, PostmortemOptions } from './postmortem-facts.ts';
import { describeKeyTimes } from './postmortem-key-times.ts';
import { describeMoment, missingMoment } from './postmortem-moment.ts';
import type { PostmortemQuestion, PostmortemSuggestion } from './postmortem-rule.ts';
import type {
  PostmortemActionItem,
  PostmortemChanges,
  PostmortemImpact,
  PostmortemIncident,
  PostmortemKeyTimes,
  PostmortemMoment,
  PostmortemTimeline,
} from './postmortem-sections.ts';
import { isBetween, readSignals, type Signals } from './postmortem-signals.ts';
import { POSTMORTEM_RULES } from './postmortem-suggestions.ts';
import { describeSummary } from './postmortem-summary.ts';
import { describeTimeline } from './postmortem-timeline.ts';

// What a postmortem draft says, as plain data for the team's template: the facts sitrep recorded, put in the team's
// time zone, and the questions and STAR suggestions those facts call for. Pure: the caller gathers the facts and
// passes the instant the draft is made.

export type PostmortemModel = {
  timeZone: string;
  incident: PostmortemIncident;
  summary: string;
  impact: PostmortemImpact;
  keyTimes: PostmortemKeyTimes;
  timeline: PostmortemTimeline;
  changesBeforeImpact: PostmortemChanges;
  questions: PostmortemQuestion[];
  suggestions: PostmortemSuggestion[];
  actionItems: PostmortemActionItem[];
  generatedAt: PostmortemMoment;
};

const MINUTE = 60_000;

const ACTION_STATUS_WORDS: Record<string, string> = { open: 'open', done: 'done', wont_do: "won't do" };

const STATUS_WORDS: Record<string, string> = {
  started: 'started',
  succeeded: 'succeeded',
  failed: 'failed',
  rolled_back: 'rolled back',
};

type MomentOf = (instant: Date | null, missing?: string) => PostmortemMoment;

const nameOf = (names: Record<string, string>, userId: string | undefined, none: string): string =>
  userId === undefined ? none : (names[userId] ?? `@${userId}`);

// Rounded down, as in budget lines: never 100% or a target met before it really is.
const floorPercent = (value: number, decimals: number): string =>
  `${Math.floor(value * 10 ** decimals + 1e-6) / 10 ** decimals}%`;

const describeIncident = ({ facts, team }: { facts: PostmortemFacts; team: TTeamConfig }): PostmortemIncident => {
  const { incident, names } = facts;
  return {
    number: incident.number,
    title: incident.title,
    description: incident.description ?? '',
    severity: severityName(incident.severity, team.severities),
    severityLevel: incident.severity,
    status: incident.status,
    statusLabel: STATUS_LABELS[incident.status],
    lead: nameOf(names, incident.roles.lead, 'not assigned'),
    comms: nameOf(names, incident.roles.comms, 'not assigned'),
    scribe: nameOf(names, incident.roles.scribe, 'not assigned'),
    declaredBy: nameOf(names, incident.declaredBy, 'unknown'),
    services: incident.services,
    servicesText: incident.services.join(', '),
    channel: incident.channelName === null ? '' : `#${incident.channelName}`,
  };
};

const describeImpact = ({
  facts,
  now,
  momentOf,
}: {
  facts: PostmortemFacts;
  now: Date;
  momentOf: MomentOf;
}): PostmortemImpact => ({
  services: facts.incident.services,
  windows: facts.impactWindows
    .toSorted((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
    .map((window) => {
      const ms = Math.max(0, (window.endedAt ?? now).getTime() - window.startedAt.getTime());
      return {
        service: window.service,
        kind: window.kind,
        start: momentOf(window.startedAt),
        end: momentOf(window.endedAt, 'ongoing'),
        ongoing: window.endedAt === null,
        duration: describeDuration(ms),
        minutes: Math.round(ms / MINUTE),
      };
    }),
  downtime: facts.downtime.map((report) => ({
    service: report.service,
    period: report.period.label,
    target: `${report.target}%`,
    downtime: formatMinutes(report.downtimeMs),
    allowed: formatMinutes(report.allowedMs),
    budgetUsed: floorPercent(report.budgetUsedPercent, 0),
    availability: floorPercent(report.availabilityPercent, 3),
    breached: report.breached,
    line: describeBudgetUse(report),
  })),
});

const describeChanges = ({
  signals,
  team,
  momentOf,
}: {
  signals: Signals;
  team: TTeamConfig;
  momentOf: MomentOf;
}): PostmortemChanges => {
  const { incident, facts } = signals;
  const start = signals.impactStart.getTime();
  const from = new Date(signals.lookbackFrom);
  return {
    lookbackMinutes: team.deploys.suspectLookbackMinutes,
    from: momentOf(from),
    to: momentOf(signals.impactStart),
    deploys: facts.deploys
      .filter(
        (deploy) => incident.services.includes(deploy.service) && isBetween(deploy.occurredAt, from.getTime(), start),
      )
      .toSorted((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
      .map((deploy) => ({
        service: deploy.service,
        environment: deploy.environment,
        production: isProductionEnvironment(deploy.environment),
        version: deploy.version,
        layer: deploy.layer,
        status: deploy.status,
        statusLabel: STATUS_WORDS[deploy.status] ?? deploy.status,
        actor: deploy.actor,
        url: deploy.url,
        link: deploy.url === null ? '' : markdownLink(deploy.url, 'details'),
        at: momentOf(deploy.occurredAt),
        beforeImpact: describeDuration(start - deploy.occurredAt.getTime()),
      })),
  };
};

const describeActionItems = ({
  facts,
  wallClock,
}: {
  facts: PostmortemFacts;
  wallClock: (instant: Date) => number;
}): PostmortemActionItem[] =>
  facts.actionItems
    .filter((item) => item.status !== 'suggested')
    .map((item) => {
      const kind = ACTION_KINDS.find((known) => known === item.kind);
      return {
        title: item.title,
        kind: item.kind,
        kindLabel: kind === undefined ? 'Action' : ACTION_KIND_LABELS[kind],
        owner: nameOf(facts.names, item.ownerId ?? undefined, 'nobody yet'),
        due:
          item.dueAt === null
            ? 'no due date'
            : labelDay(dayOf((item.ownerTimeZone ? createWallClock(item.ownerTimeZone) : wallClock)(item.dueAt))),
        dueIso: item.dueAt?.toISOString() ?? null,
        status: ACTION_STATUS_WORDS[item.status] ?? item.status,
        reason: item.wontDoReason ?? null,
        trackerUrl: item.trackerUrl,
      };
    });

/**
 * The template context of an incident's postmortem draft: plain strings, numbers, booleans and arrays, each instant
 * as a `PostmortemMoment` in `team.team.timeZone` (and ISO UTC). Missing instants read `unknown`, an open impact window
 * ends `ongoing` and counts up to `now`. Durations between key times are in words, floored at zero.
 * `changesBeforeImpact` holds every deploy of the affected services, all environments, in the lookback before the
 * impact start (or the declaration); `actionItems` only those people accepted (any status but `suggested`).
 * See `detectQuestions` and `suggestActions` for the rules behind `questions` and `suggestions`.
 *
 * @example buildPostmortemModel({ facts, team: Europe/Paris, now }).keyTimes.durations[0]
 *   // => { label: 'Impact start → detected', text: '7 minutes', minutes: 7 }
 */
export const buildPostmortemModel = ({ facts, team, now }: PostmortemOptions): PostmortemModel => {
  const signals = readSignals({ facts, team, now });
  const { wallClock } = signals;
  const zone = team.team.timeZone;
  const momentOf: MomentOf = (instant, missing = 'unknown') =>
    instant === null ? missingMoment(missing) : describeMoment(wallClock, instant);
  const keyTimes = describeKeyTimes({ signals, momentOf });
  const incident = describeIncident({ facts, team });
  const impact = describeImpact({ facts, now, momentOf });
  const generatedAt = momentOf(now);
  const findings = POSTMORTEM_RULES.map((rule) => rule(signals));
  return {
    timeZone: zone,
    incident,
    summary: describeSummary({ signals, model: { incident, impact, keyTimes, timeZone: zone, generatedAt } }),
    impact,
    keyTimes,
    timeline: describeTimeline({ rows: facts.timeline, wallClock, names: facts.names }),
    changesBeforeImpact: describeChanges({ signals, team, momentOf }),
    questions: findings.flatMap((finding) => finding.questions),
    suggestions: findings.flatMap((finding) => finding.suggestions),
    actionItems: describeActionItems({ facts, wallClock }),
    generatedAt,
  };
};
