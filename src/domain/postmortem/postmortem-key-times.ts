import { describeDuration } from '../text/describe-duration.ts';
import type { PostmortemDuration, PostmortemKeyTimes, PostmortemMoment } from './postmortem-sections.ts';
import type { Signals } from './postmortem-signals.ts';

const MINUTE = 60_000;

type Stamp = { key: string; label: string; at: Date | null };

/** `Impact start → detected`: the time between two stamps in words, floored at zero; `unknown` when one is missing. */
const measureBetween = (from: Stamp, to: Stamp): PostmortemDuration => {
  const label = `${from.label} → ${to.label.toLowerCase()}`;
  if (from.at === null || to.at === null) return { label, text: 'unknown', minutes: null };
  const ms = Math.max(0, to.at.getTime() - from.at.getTime());
  return { label, text: describeDuration(ms), minutes: Math.round(ms / MINUTE) };
};

type KeyTimesOptions = {
  signals: Signals;
  /** The moment of an instant in the team's zone, `unknown` when it is missing. */
  momentOf: (instant: Date | null) => PostmortemMoment;
};

/**
 * The key times of the incident and the durations between consecutive ones. It was detected when `detectedAt` was
 * stamped, else when the first alert on its services fired before the declaration, else at the declaration, by people.
 */
export const describeKeyTimes = ({ signals, momentOf }: KeyTimesOptions): PostmortemKeyTimes => {
  const { incident, firstAlert } = signals;
  const detectedAt = incident.detectedAt ?? firstAlert?.startsAt ?? incident.declaredAt;
  const detectedBy =
    incident.detectedAt !== null || firstAlert !== undefined
      ? `an alert${firstAlert === undefined ? '' : ` (${firstAlert.alertName})`}`
      : 'people, at the declaration';
  const impactStamp: Stamp = { key: 'impactStart', label: 'Impact start', at: incident.impactStartedAt };
  const detectedStamp: Stamp = { key: 'detected', label: 'Detected', at: detectedAt };
  const declaredStamp: Stamp = { key: 'declared', label: 'Declared', at: incident.declaredAt };
  const mitigatedStamp: Stamp = { key: 'mitigated', label: 'Mitigated', at: incident.mitigatedAt };
  const resolvedStamp: Stamp = { key: 'resolved', label: 'Resolved', at: incident.resolvedAt };
  const stamps = [impactStamp, detectedStamp, declaredStamp, mitigatedStamp, resolvedStamp];
  return {
    impactStart: momentOf(incident.impactStartedAt),
    detected: momentOf(detectedAt),
    detectedBy,
    declared: momentOf(incident.declaredAt),
    mitigated: momentOf(incident.mitigatedAt),
    resolved: momentOf(incident.resolvedAt),
    list: stamps.map(({ key, label, at }) => ({ key, label, ...momentOf(at) })),
    durations: [
      measureBetween(impactStamp, detectedStamp),
      measureBetween(detectedStamp, declaredStamp),
      measureBetween(declaredStamp, mitigatedStamp),
      measureBetween(mitigatedStamp, resolvedStamp),
      measureBetween(impactStamp, resolvedStamp),
    ],
  };
};
