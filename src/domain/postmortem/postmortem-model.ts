import { isProductionEnvironment } from '../deploys/deploy.ts';
import { type IncidentView, STATUS_LABELS, severityName } from '../incident/incident.ts';
import { type DowntimeReport, formatMinutes } from '../sla/downtime.ts';
import { describeBudgetUse } from '../slack-lines/budget-lines.ts';
import type { TTeamConfig } from '../team-config/team-config.ts';
import { convertMrkdwn, flattenLines, markdownLink, markdownUrl, mentionName } from '../text/mrkdwn-markdown.ts';
import { createWallClock, dayOf, labelDay, labelTime } from '../time/wall-clock.ts';

// What a postmortem draft says, as plain data for the team's template: the facts sitrep recorded, put in the team's
// time zone, and the questions and STAR suggestions those facts call for. Pure: the caller gathers the facts and
// passes the instant the draft is made.

/** One timeline entry, deleted ones already left out: the shape `src/render/timeline.ts` renders. */
export type TimelineRow = {
  occurredAt: Date;
  source: string;
  actorId: string | null;
  /** Slack mrkdwn as stored. */
  text: string;
  permalink: string | null;
  files: { name: string; url: string }[];
  edited: boolean;
};

export type PostmortemFacts = {
  incident: IncidentView;
  timeline: TimelineRow[];
  impactWindows: { service: string; kind: 'outage' | 'degraded'; startedAt: Date; endedAt: Date | null }[];
  /** One per service with an SLA, for the period that holds the resolve time (or now). */
  downtime: DowntimeReport[];
  /** Deploys of the incident's services, all environments, from (impact start or declared) − lookback − 24 h. */
  deploys: {
    service: string;
    environment: string;
    version: string;
    layer: string;
    status: string;
    actor: string | null;
    url: string | null;
    occurredAt: Date;
  }[];
  alerts: { service: string | null; alertName: string; status: 'firing' | 'resolved'; startsAt: Date }[];
  actionItems: {
    title: string;
    kind: string | null;
    ownerId: string | null;
    /** The zone the due date was set in (the owner's); the team's when unknown. */
    ownerTimeZone?: string | null;
    dueAt: Date | null;
    status: string;
    trackerUrl: string | null;
    wontDoReason?: string | null;
  }[];
  /** Slack user id → display name. */
  names: Record<string, string>;
};

export type PostmortemOptions = { facts: PostmortemFacts; team: TTeamConfig; now: Date };

/** An instant in the team's zone; `text`, `date` and `time` read `unknown` (or `ongoing`) when it is missing. */
export type PostmortemMoment = { known: boolean; text: string; date: string; time: string; iso: string | null };

export type PostmortemQuestion = { id: string; text: string };

/** The five STAR kinds of action item, as the `ActionKind` enum spells them. */
export const ACTION_KINDS = ['fix', 'test', 'alarm', 'doc', 'visibility'] as const;
export type ActionKindName = (typeof ACTION_KINDS)[number];

export const ACTION_KIND_LABELS: Record<ActionKindName, string> = {
  fix: 'Software or configuration fix',
  test: 'Missing test',
  alarm: 'Alarm',
  doc: 'Support documentation',
  visibility: 'Visibility',
};

const ACTION_STATUS_WORDS: Record<string, string> = { open: 'open', done: 'done', wont_do: "won't do" };

export type PostmortemSuggestion = { kind: ActionKindName; label: string; text: string; because: string };

export type PostmortemDuration = { label: string; text: string; minutes: number | null };

export type PostmortemTimelineEntry = {
  date: string;
  time: string;
  iso: string;
  source: string;
  /** Markdown. */
  text: string;
  actor: string | null;
  edited: boolean;
  permalink: string | null;
  files: { name: string; url: string }[];
  /** The whole entry as one Markdown line: `**14:05** text — @actor [message](permalink)`. */
  line: string;
};

export type PostmortemDeploy = {
  service: string;
  environment: string;
  production: boolean;
  version: string;
  layer: string;
  status: string;
  statusLabel: string;
  actor: string | null;
  url: string | null;
  /** `[details](url)`, or empty without a url. */
  link: string;
  at: PostmortemMoment;
  /** `8 minutes`: how long before the impact started. */
  beforeImpact: string;
};

export type PostmortemModel = {
  timeZone: string;
  incident: {
    number: number;
    title: string;
    description: string;
    severity: string;
    severityLevel: number;
    status: string;
    statusLabel: string;
    lead: string;
    comms: string;
    scribe: string;
    declaredBy: string;
    services: string[];
    servicesText: string;
    channel: string;
  };
  summary: string;
  impact: {
    services: string[];
    windows: {
      service: string;
      kind: 'outage' | 'degraded';
      start: PostmortemMoment;
      end: PostmortemMoment;
      ongoing: boolean;
      duration: string;
      minutes: number;
    }[];
    downtime: {
      service: string;
      period: string;
      target: string;
      downtime: string;
      allowed: string;
      budgetUsed: string;
      availability: string;
      breached: boolean;
      line: string;
    }[];
  };
  keyTimes: {
    impactStart: PostmortemMoment;
    detected: PostmortemMoment;
    detectedBy: string;
    declared: PostmortemMoment;
    mitigated: PostmortemMoment;
    resolved: PostmortemMoment;
    list: ({ key: string; label: string } & PostmortemMoment)[];
    durations: PostmortemDuration[];
  };
  timeline: {
    count: number;
    days: { date: string; iso: string; entries: PostmortemTimelineEntry[] }[];
  };
  changesBeforeImpact: {
    lookbackMinutes: number;
    from: PostmortemMoment;
    to: PostmortemMoment;
    deploys: PostmortemDeploy[];
  };
  questions: PostmortemQuestion[];
  suggestions: PostmortemSuggestion[];
  actionItems: {
    title: string;
    kind: string | null;
    kindLabel: string;
    owner: string;
    due: string;
    dueIso: string | null;
    /** `open`, `done` or `won't do`. */
    status: string;
    /** Why it won't be done, when it won't. */
    reason: string | null;
    trackerUrl: string | null;
  }[];
  generatedAt: PostmortemMoment;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SLOW_MITIGATION_MS = HOUR;
const QUIET_RUN_MS = 2 * HOUR;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * A duration in words, to the minute: `less than a minute`, `23 minutes`, `1 hour 5 minutes`, `2 days 3 hours`.
 * Negative durations (an incident declared before the impact it records) count as zero.
 *
 * @example describeDuration(1_380_000) // => '23 minutes'
 */
export const describeDuration = (ms: number): string => {
  if (ms <= 0) return '0 minutes';
  if (ms < MINUTE) return 'less than a minute';
  const minutes = Math.round(ms / MINUTE);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return rest > 0 ? `${plural(hours, 'hour')} ${plural(rest, 'minute')}` : plural(hours, 'hour');
  return plural(rest, 'minute');
};

/** What the rules look at, worked out once from the facts. */
type Signals = {
  facts: PostmortemFacts;
  incident: IncidentView;
  wallClock: (instant: Date) => number;
  slowDetectionMs: number;
  lookbackMs: number;
  now: Date;
  /** The impact start, or the declaration when none was recorded. */
  impactStart: Date;
  /** Succeeded production deploys of the affected services within the lookback before the impact start. */
  suspects: PostmortemFacts['deploys'];
  /** The first alert about the affected services that fired before the declaration. */
  firstAlert: PostmortemFacts['alerts'][number] | undefined;
};

const isBetween = (instant: Date, from: number, to: number): boolean =>
  instant.getTime() >= from && instant.getTime() <= to;

const readSignals = ({ facts, team, now }: PostmortemOptions): Signals => {
  const { incident } = facts;
  const impactStart = incident.impactStartedAt ?? incident.declaredAt;
  const lookbackMs = team.deploys.suspectLookbackMinutes * MINUTE;
  const suspects = facts.deploys
    .filter(
      (deploy) =>
        incident.services.includes(deploy.service) &&
        deploy.status === 'succeeded' &&
        isProductionEnvironment(deploy.environment) &&
        isBetween(deploy.occurredAt, impactStart.getTime() - lookbackMs, impactStart.getTime()),
    )
    .toSorted((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const firstAlert = facts.alerts
    .filter(
      (alert) =>
        alert.status === 'firing' &&
        (alert.service === null || incident.services.includes(alert.service)) &&
        alert.startsAt.getTime() <= incident.declaredAt.getTime(),
    )
    .toSorted((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  return {
    facts,
    incident,
    wallClock: createWallClock(team.team.timeZone),
    slowDetectionMs: team.postmortem.slowDetectionMinutes * MINUTE,
    lookbackMs,
    now,
    impactStart,
    suspects,
    firstAlert,
  };
};

/** `13:58`, or `Sun 22 Nov 2026 23:00` when the instant is not on the impact start's day in the team's zone. */
const labelNearImpact = (signals: Signals, instant: Date): string => {
  const wall = signals.wallClock(instant);
  const sameDay = dayOf(wall) === dayOf(signals.wallClock(signals.impactStart));
  return sameDay ? labelTime(wall) : `${labelDay(dayOf(wall))} ${labelTime(wall)}`;
};

type Finding = { questions: PostmortemQuestion[]; suggestions: PostmortemSuggestion[] };

const suggest = (kind: ActionKindName, text: string, because: string): PostmortemSuggestion => ({
  kind,
  label: ACTION_KIND_LABELS[kind],
  text,
  because,
});

const NOTHING: Finding = { questions: [], suggestions: [] };

// Each rule looks at one condition and says nothing unless it holds.

const askWhenImpactStarted = (signals: Signals): Finding =>
  signals.incident.impactStartedAt !== null
    ? NOTHING
    : {
        questions: [
          {
            id: 'impact-start-unknown',
            text: 'When did the impact really start? None was recorded, so the times here count from the declaration.',
          },
        ],
        suggestions: [],
      };

const askAboutSlowDetection = (signals: Signals): Finding => {
  const { incident, firstAlert, slowDetectionMs } = signals;
  if (incident.impactStartedAt === null) return NOTHING;
  const gap = incident.declaredAt.getTime() - incident.impactStartedAt.getTime();
  if (gap <= slowDetectionMs) return NOTHING;
  const alertLag = firstAlert === undefined ? 0 : firstAlert.startsAt.getTime() - incident.impactStartedAt.getTime();
  return {
    questions: [{ id: 'slow-detection', text: `Why did it take ${describeDuration(gap)} before anybody noticed?` }],
    suggestions:
      firstAlert === undefined || alertLag <= slowDetectionMs
        ? []
        : [
            suggest(
              'alarm',
              `Make ${firstAlert.alertName} fire sooner: a lower threshold or a shorter evaluation window.`,
              `Impact started at ${labelNearImpact(signals, incident.impactStartedAt)} but ${firstAlert.alertName} fired only ${describeDuration(alertLag)} later.`,
            ),
          ],
  };
};

const askWhyAlertWasNotActedOn = (signals: Signals): Finding => {
  const { incident, firstAlert, slowDetectionMs } = signals;
  if (firstAlert === undefined) return NOTHING;
  const wait = incident.declaredAt.getTime() - firstAlert.startsAt.getTime();
  if (wait <= slowDetectionMs) return NOTHING;
  const fired = labelNearImpact(signals, firstAlert.startsAt);
  const declared = labelNearImpact(signals, incident.declaredAt);
  return {
    questions: [
      {
        id: 'alert-not-acted-on',
        text: `${firstAlert.alertName} fired at ${fired}; why was the incident declared only at ${declared}?`,
      },
    ],
    suggestions: [
      suggest(
        'doc',
        `Write down who declares an incident when ${firstAlert.alertName} fires, and link that runbook from the alert.`,
        `${firstAlert.alertName} fired ${describeDuration(wait)} before the incident was declared.`,
      ),
    ],
  };
};

/** Something automatic spoke up before a person declared the incident: an alert, or a deploy that failed. */
const hasAutomaticSignal = (signals: Signals): boolean => {
  const { incident, facts, impactStart, lookbackMs } = signals;
  const declared = incident.declaredAt.getTime();
  return (
    incident.detectedAt !== null ||
    signals.firstAlert !== undefined ||
    facts.timeline.some((row) => row.source === 'alert' && row.occurredAt.getTime() <= declared) ||
    facts.deploys.some(
      (deploy) =>
        incident.services.includes(deploy.service) &&
        (deploy.status === 'failed' || deploy.status === 'rolled_back') &&
        isBetween(deploy.occurredAt, impactStart.getTime() - lookbackMs, declared),
    )
  );
};

const askWhyNoAlert = (signals: Signals): Finding => {
  if (hasAutomaticSignal(signals)) return NOTHING;
  const services = signals.incident.services.join(', ') || 'the service';
  return {
    questions: [{ id: 'no-alert', text: 'Why was no alert raised?' }],
    suggestions: [
      suggest(
        'alarm',
        `Add an alarm on what the users of ${services} felt (errors, latency, failed requests), so that it pages before a person has to notice.`,
        `Nothing automatic (an alert or a failed deploy) was recorded before the incident was declared at ${labelNearImpact(signals, signals.incident.declaredAt)}.`,
      ),
    ],
  };
};

const latestSuspects = (signals: Signals): PostmortemFacts['deploys'] => {
  const byRelease = new Map<string, PostmortemFacts['deploys'][number]>();
  for (const deploy of signals.suspects) byRelease.set(`${deploy.service} ${deploy.version}`, deploy);
  return [...byRelease.values()];
};

const askHowDeployPassedPipeline = (signals: Signals): Finding => {
  const findings = latestSuspects(signals).map((deploy): Finding => {
    const release = `${deploy.service} ${deploy.version}`;
    const before = describeDuration(signals.impactStart.getTime() - deploy.occurredAt.getTime());
    return {
      questions: [
        {
          id: `passed-pipeline:${deploy.service}@${deploy.version}`,
          text: `Why did ${release} pass through the pipeline?`,
        },
      ],
      suggestions: [
        suggest(
          'test',
          `Add a test that fails on what broke in ${release}, so that the pipeline stops the next change like it.`,
          `${release} reached production at ${labelNearImpact(signals, deploy.occurredAt)}, ${before} before the impact started.`,
        ),
      ],
    };
  });
  return {
    questions: findings.flatMap((finding) => finding.questions),
    suggestions: findings.flatMap((finding) => finding.suggestions),
  };
};

const askWhyOnlyInProduction = (signals: Signals): Finding => {
  for (const suspect of latestSuspects(signals)) {
    const earlier = signals.facts.deploys
      .filter(
        (deploy) =>
          deploy.service === suspect.service &&
          deploy.version === suspect.version &&
          deploy.status === 'succeeded' &&
          !isProductionEnvironment(deploy.environment) &&
          deploy.occurredAt.getTime() < suspect.occurredAt.getTime(),
      )
      .toSorted((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())[0];
    if (earlier === undefined) continue;
    const release = `${suspect.service} ${suspect.version}`;
    return {
      questions: [{ id: 'only-in-production', text: 'Why did this only happen in production?' }],
      suggestions: [
        suggest(
          'test',
          `Find what ${earlier.environment} lacks compared with production for ${suspect.service} (data, traffic, configuration, dependencies) and cover it with a test or a check there.`,
          `${release} ran in ${earlier.environment} from ${labelNearImpact(signals, earlier.occurredAt)} before production at ${labelNearImpact(signals, suspect.occurredAt)}.`,
        ),
      ],
    };
  }
  return NOTHING;
};

const askWhyItBrokeLater = (signals: Signals): Finding => {
  const start = signals.impactStart.getTime();
  const findings = signals.incident.services.flatMap((service): Finding[] => {
    const running = signals.facts.deploys
      .filter(
        (deploy) =>
          deploy.service === service &&
          deploy.status === 'succeeded' &&
          isProductionEnvironment(deploy.environment) &&
          deploy.occurredAt.getTime() <= start,
      )
      .toSorted((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())[0];
    if (running === undefined || start - running.occurredAt.getTime() < QUIET_RUN_MS) return [];
    const worked = labelNearImpact(signals, running.occurredAt);
    const broke = labelNearImpact(signals, signals.impactStart);
    return [
      {
        questions: [
          { id: `worked-then-broke:${service}`, text: `Why did it work at ${worked} but break at ${broke}?` },
        ],
        suggestions: [
          suggest(
            'visibility',
            `Graph what changes around ${service} between ${worked} and ${broke} (traffic, data volume, scheduled jobs, dependencies) on one dashboard.`,
            `${service} ${running.version} ran in production from ${worked} for ${describeDuration(start - running.occurredAt.getTime())} without impact.`,
          ),
        ],
      },
    ];
  });
  // Two services deployed at the same minute ask the same question once.
  const texts = new Set<string>();
  return {
    questions: findings
      .flatMap((finding) => finding.questions)
      .filter((question) => !texts.has(question.text) && texts.add(question.text)),
    suggestions: findings.flatMap((finding) => finding.suggestions),
  };
};

const askAboutSlowMitigation = (signals: Signals): Finding => {
  const { incident } = signals;
  const mitigatedAt = incident.mitigatedAt ?? incident.resolvedAt;
  if (mitigatedAt === null) return NOTHING;
  const took = mitigatedAt.getTime() - incident.declaredAt.getTime();
  if (took <= SLOW_MITIGATION_MS) return NOTHING;
  const services = incident.services.join(', ') || 'the service';
  return {
    questions: [
      {
        id: 'slow-mitigation',
        text: `What slowed down mitigation? It took ${describeDuration(took)} after the declaration.`,
      },
    ],
    suggestions: [
      suggest(
        'doc',
        `Write a runbook for restoring ${services} quickly (rollback, feature flags, failover) and link it from its alerts.`,
        `Mitigation came ${describeDuration(took)} after the declaration.`,
      ),
    ],
  };
};

const suggestFixAfterRollback = (signals: Signals): Finding => {
  const until = (signals.incident.resolvedAt ?? signals.now).getTime();
  const rollbacks = signals.facts.deploys.filter(
    (deploy) =>
      signals.incident.services.includes(deploy.service) &&
      deploy.status === 'rolled_back' &&
      isProductionEnvironment(deploy.environment) &&
      isBetween(deploy.occurredAt, signals.impactStart.getTime(), until),
  );
  return {
    questions: [],
    suggestions: rollbacks.map((rollback) =>
      suggest(
        'fix',
        `Fix the fault that made ${rollback.service} roll back, before its change goes to production again.`,
        `${rollback.service} was rolled back in production at ${labelNearImpact(signals, rollback.occurredAt)} (${rollback.layer}), during the incident.`,
      ),
    ),
  };
};

const suggestAfterBudgetBreach = (signals: Signals): Finding => ({
  questions: [],
  suggestions: signals.facts.downtime
    .filter((report) => report.breached)
    .flatMap((report) => [
      suggest(
        'visibility',
        `Show ${report.service}'s error budget and how fast it burns on the team's dashboard, so that it is seen before it is gone.`,
        describeBudgetUse(report),
      ),
      suggest(
        'doc',
        `Write down what the team does when ${report.service}'s error budget is spent (a change freeze, reliability work first) and agree it with its owners.`,
        describeBudgetUse(report),
      ),
    ]),
});

const RULES: readonly ((signals: Signals) => Finding)[] = [
  askWhenImpactStarted,
  askAboutSlowDetection,
  askWhyAlertWasNotActedOn,
  askWhyNoAlert,
  askHowDeployPassedPipeline,
  askWhyOnlyInProduction,
  askWhyItBrokeLater,
  askAboutSlowMitigation,
  suggestFixAfterRollback,
  suggestAfterBudgetBreach,
];

/**
 * The detection and response questions the facts call for, each only while its condition holds:
 * - `impact-start-unknown`: no impact start was recorded.
 * - `slow-detection`: the impact started more than `postmortem.slowDetectionMinutes` before the declaration.
 * - `alert-not-acted-on`: the first alert on an affected service fired that much before the declaration.
 * - `no-alert`: nothing automatic (an alert, `detectedAt`, an alert on the timeline, a failed or rolled-back deploy
 *   since the lookback) came before the declaration.
 * - `passed-pipeline:<service>@<version>`: a succeeded production deploy of an affected service within
 *   `deploys.suspectLookbackMinutes` before the impact start (or declaration), both ends included.
 * - `only-in-production`: such a deploy's version had succeeded in another environment before.
 * - `worked-then-broke:<service>`: the version running in production at the impact start had run 2 h or more.
 * - `slow-mitigation`: mitigated (or, without that stamp, resolved) more than 60 min after the declaration.
 * Times are the team's wall clock, with the date when not on the impact start's day.
 *
 * @example detectQuestions({ facts: impact 13:58, declared 14:21 Paris, team: slowDetectionMinutes 10, now })
 *   // => [{ id: 'slow-detection', text: 'Why did it take 23 minutes before anybody noticed?' }, …]
 */
export const detectQuestions = (options: PostmortemOptions): PostmortemQuestion[] => {
  const signals = readSignals(options);
  return RULES.flatMap((rule) => rule(signals).questions);
};

/**
 * STAR action item suggestions from the same conditions as `detectQuestions`, each with the fact behind it, plus a
 * fix for each production rollback of an affected service during the incident and a visibility and a documentation
 * suggestion for each SLA budget exceeded. They are suggestions only: nothing here is an accepted action item.
 */
export const suggestActions = (options: PostmortemOptions): PostmortemSuggestion[] => {
  const signals = readSignals(options);
  return RULES.flatMap((rule) => rule(signals).suggestions);
};

const describeMoment = (wallClock: (instant: Date) => number, instant: Date): PostmortemMoment => {
  const wall = wallClock(instant);
  const date = labelDay(dayOf(wall));
  const time = labelTime(wall);
  return { known: true, text: `${date} ${time}`, date, time, iso: instant.toISOString() };
};

const missingMoment = (word: string): PostmortemMoment => ({
  known: false,
  text: word,
  date: word,
  time: word,
  iso: null,
});

const nameOf = (names: Record<string, string>, userId: string | undefined, none: string): string =>
  userId === undefined ? none : (names[userId] ?? `@${userId}`);

// Rounded down, as in budget lines: never 100% or a target met before it really is.
const floorPercent = (value: number, decimals: number): string =>
  `${Math.floor(value * 10 ** decimals + 1e-6) / 10 ** decimals}%`;

const STATUS_WORDS: Record<string, string> = {
  started: 'started',
  succeeded: 'succeeded',
  failed: 'failed',
  rolled_back: 'rolled back',
};

const describeTimeline = ({
  rows,
  wallClock,
  names,
}: {
  rows: TimelineRow[];
  wallClock: (instant: Date) => number;
  names: Record<string, string>;
}): PostmortemModel['timeline'] => {
  const sorted = rows.every((row, i) => i === 0 || (rows[i - 1]?.occurredAt.getTime() ?? 0) <= row.occurredAt.getTime())
    ? rows
    : rows.toSorted((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const days: PostmortemModel['timeline']['days'] = [];
  let current: PostmortemModel['timeline']['days'][number] | undefined;
  let currentDay = Number.NaN;
  for (const row of sorted) {
    const wall = wallClock(row.occurredAt);
    const day = dayOf(wall);
    if (current === undefined || day !== currentDay) {
      current = { date: labelDay(day), iso: new Date(day * DAY).toISOString().slice(0, 10), entries: [] };
      days.push(current);
      currentDay = day;
    }
    const time = labelTime(wall);
    const text = convertMrkdwn(flattenLines(row.text), names);
    const actor = row.actorId === null ? null : mentionName({ userId: row.actorId, names });
    let line = `**${time}** ${text}`;
    if (actor !== null) line += ` — ${actor}`;
    if (row.edited) line += ' (edited)';
    for (const file of row.files) line += ` ${markdownLink(file.url, file.name)}`;
    if (row.permalink !== null) line += ` [message](${markdownUrl(row.permalink)})`;
    current.entries.push({
      date: current.date,
      time,
      iso: row.occurredAt.toISOString(),
      source: row.source,
      text,
      actor,
      edited: row.edited,
      permalink: row.permalink,
      files: row.files,
      line,
    });
  }
  return { count: sorted.length, days };
};

const describeSummary = ({
  signals,
  model,
}: {
  signals: Signals;
  model: Pick<PostmortemModel, 'incident' | 'impact' | 'keyTimes' | 'timeZone' | 'generatedAt'>;
}): string => {
  const { incident } = signals;
  const services = incident.services.length === 0 ? 'no recorded service' : model.incident.servicesText;
  const parts = [
    `${model.incident.title}: incident ${incident.number} (${model.incident.severity}) affected ${services}.`,
  ];
  if (incident.impactStartedAt === null) {
    parts.push(
      `It was declared on ${model.keyTimes.declared.text} (${model.timeZone}) by ${model.incident.declaredBy}; when the impact started is not recorded.`,
    );
  } else {
    const gap = incident.declaredAt.getTime() - incident.impactStartedAt.getTime();
    parts.push(
      `Impact started on ${model.keyTimes.impactStart.text} (${model.timeZone}) and ${model.incident.declaredBy} declared the incident ${describeDuration(gap)} later, at ${labelNearImpact(signals, incident.declaredAt)}.`,
    );
  }
  if (incident.mitigatedAt !== null && incident.mitigatedAt.getTime() !== incident.resolvedAt?.getTime()) {
    parts.push(`It was mitigated at ${labelNearImpact(signals, incident.mitigatedAt)}.`);
  }
  parts.push(
    incident.resolvedAt === null
      ? `It is still ${STATUS_LABELS[incident.status].toLowerCase()} as of ${model.generatedAt.text}.`
      : `It was resolved at ${labelNearImpact(signals, incident.resolvedAt)}, ${describeDuration(incident.resolvedAt.getTime() - signals.impactStart.getTime())} after the impact began.`,
  );
  for (const window of model.impact.windows) {
    const state = window.kind === 'outage' ? 'down' : 'degraded';
    parts.push(`${window.service} was ${state} for ${window.duration}${window.ongoing ? ' so far' : ''}.`);
  }
  for (const report of signals.facts.downtime.filter((line) => line.breached)) {
    parts.push(`${report.service} has now exceeded its ${report.period.name} error budget.`);
  }
  for (const deploy of latestSuspects(signals)) {
    const before = describeDuration(signals.impactStart.getTime() - deploy.occurredAt.getTime());
    parts.push(`${deploy.service} ${deploy.version} reached production ${before} before the impact began.`);
  }
  return parts.join(' ');
};

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
  const { incident, names } = facts;
  const { wallClock } = signals;
  const zone = team.team.timeZone;
  const momentOf = (instant: Date | null, missing = 'unknown'): PostmortemMoment =>
    instant === null ? missingMoment(missing) : describeMoment(wallClock, instant);

  const detectedAt = incident.detectedAt ?? signals.firstAlert?.startsAt ?? incident.declaredAt;
  const detectedBy =
    incident.detectedAt !== null || signals.firstAlert !== undefined
      ? `an alert${signals.firstAlert === undefined ? '' : ` (${signals.firstAlert.alertName})`}`
      : 'people, at the declaration';
  type Stamp = { key: string; label: string; at: Date | null };
  const impactStamp: Stamp = { key: 'impactStart', label: 'Impact start', at: incident.impactStartedAt };
  const detectedStamp: Stamp = { key: 'detected', label: 'Detected', at: detectedAt };
  const declaredStamp: Stamp = { key: 'declared', label: 'Declared', at: incident.declaredAt };
  const mitigatedStamp: Stamp = { key: 'mitigated', label: 'Mitigated', at: incident.mitigatedAt };
  const resolvedStamp: Stamp = { key: 'resolved', label: 'Resolved', at: incident.resolvedAt };
  const stamps = [impactStamp, detectedStamp, declaredStamp, mitigatedStamp, resolvedStamp];
  const between = (from: Stamp, to: Stamp): PostmortemDuration => {
    const label = `${from.label} → ${to.label.toLowerCase()}`;
    if (from.at === null || to.at === null) return { label, text: 'unknown', minutes: null };
    const ms = Math.max(0, to.at.getTime() - from.at.getTime());
    return { label, text: describeDuration(ms), minutes: Math.round(ms / MINUTE) };
  };
  const keyTimes: PostmortemModel['keyTimes'] = {
    impactStart: momentOf(incident.impactStartedAt),
    detected: momentOf(detectedAt),
    detectedBy,
    declared: momentOf(incident.declaredAt),
    mitigated: momentOf(incident.mitigatedAt),
    resolved: momentOf(incident.resolvedAt),
    list: stamps.map(({ key, label, at }) => ({ key, label, ...momentOf(at) })),
    durations: [
      between(impactStamp, detectedStamp),
      between(detectedStamp, declaredStamp),
      between(declaredStamp, mitigatedStamp),
      between(mitigatedStamp, resolvedStamp),
      between(impactStamp, resolvedStamp),
    ],
  };

  const incidentModel: PostmortemModel['incident'] = {
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

  const impact: PostmortemModel['impact'] = {
    services: incident.services,
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
  };

  const start = signals.impactStart.getTime();
  const from = new Date(start - signals.lookbackMs);
  const changesBeforeImpact: PostmortemModel['changesBeforeImpact'] = {
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

  const actionItems: PostmortemModel['actionItems'] = facts.actionItems
    .filter((item) => item.status !== 'suggested')
    .map((item) => {
      const kind = ACTION_KINDS.find((known) => known === item.kind);
      return {
        title: item.title,
        kind: item.kind,
        kindLabel: kind === undefined ? 'Action' : ACTION_KIND_LABELS[kind],
        owner: nameOf(names, item.ownerId ?? undefined, 'nobody yet'),
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

  const generatedAt = momentOf(now);
  const findings = RULES.map((rule) => rule(signals));
  return {
    timeZone: zone,
    incident: incidentModel,
    summary: describeSummary({
      signals,
      model: { incident: incidentModel, impact, keyTimes, timeZone: zone, generatedAt },
    }),
    impact,
    keyTimes,
    timeline: describeTimeline({ rows: facts.timeline, wallClock, names }),
    changesBeforeImpact,
    questions: findings.flatMap((finding) => finding.questions),
    suggestions: findings.flatMap((finding) => finding.suggestions),
    actionItems,
    generatedAt,
  };
};
