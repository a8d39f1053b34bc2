import { isProductionEnvironment } from '../deploys/deploy.ts';
import { findSuspectLookbackStart } from '../deploys/suspect-lookback.ts';
import type { IncidentView } from '../incident/incident.ts';
import { findIncidentStart } from '../incident/incident-start.ts';
import { createWallClock, dayOf, labelDay, labelTime } from '../time/wall-clock.ts';
import type { PostmortemFacts, PostmortemOptions } from './postmortem-facts.ts';

// What the postmortem's questions and suggestions look at, worked out once from the facts.

const MINUTE = 60_000;

/** What the rules look at, worked out once from the facts. */
export type Signals = {
  facts: PostmortemFacts;
  incident: IncidentView;
  wallClock: (instant: Date) => number;
  slowDetectionMs: number;
  /** Where the look-back for suspect deploys begins (ms since the epoch). */
  lookbackFrom: number;
  now: Date;
  /** The impact start, or the declaration when none was recorded. */
  impactStart: Date;
  /** Succeeded production deploys of the affected services within the lookback before the impact start. */
  suspects: PostmortemFacts['deploys'];
  /** The first alert about the affected services that fired before the declaration. */
  firstAlert: PostmortemFacts['alerts'][number] | undefined;
};

export const isBetween = (instant: Date, from: number, to: number): boolean =>
  instant.getTime() >= from && instant.getTime() <= to;

export const readSignals = ({ facts, team, now }: PostmortemOptions): Signals => {
  const { incident } = facts;
  const impactStart = findIncidentStart(incident);
  const lookbackFrom = findSuspectLookbackStart({
    start: impactStart,
    lookbackMinutes: team.deploys.suspectLookbackMinutes,
  }).getTime();
  const suspects = facts.deploys
    .filter(
      (deploy) =>
        incident.services.includes(deploy.service) &&
        deploy.status === 'succeeded' &&
        isProductionEnvironment(deploy.environment) &&
        isBetween(deploy.occurredAt, lookbackFrom, impactStart.getTime()),
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
    lookbackFrom,
    now,
    impactStart,
    suspects,
    firstAlert,
  };
};

/** `13:58`, or `Sun 22 Nov 2026 23:00` when the instant is not on the impact start's day in the team's zone. */
export const labelNearImpact = (signals: Signals, instant: Date): string => {
  const wall = signals.wallClock(instant);
  const sameDay = dayOf(wall) === dayOf(signals.wallClock(signals.impactStart));
  return sameDay ? labelTime(wall) : `${labelDay(dayOf(wall))} ${labelTime(wall)}`;
};

export const latestSuspects = (signals: Signals): PostmortemFacts['deploys'] => {
  const byRelease = new Map<string, PostmortemFacts['deploys'][number]>();
  for (const deploy of signals.suspects) byRelease.set(`${deploy.service} ${deploy.version}`, deploy);
  return [...byRelease.values()];
};
