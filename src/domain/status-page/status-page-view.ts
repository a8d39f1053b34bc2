import type { DayWindow } from '../sla/daily-availability.ts';
import type { DowntimeReport } from '../sla/downtime.ts';
import type { ComponentStatus } from './component-status.ts';
import type { PublicUpdateView } from './public-incident.ts';

/** A service as the public sees it: its public name only. */
export type PublicService = {
  name: string;
  status: ComponentStatus;
  target: number;
  /** The last 90 days on the team's clocks, today last. */
  days: DowntimeReport<DayWindow>[];
  /** Availability over the last 30 and 90 days to now, by the SLA's rule. */
  uptime30: number;
  uptime90: number;
};

/**
 * One past or present disruption: which public services, how bad, from when to when (null: still going on), and
 * what people published about it, if they did (its public title and updates, newest first).
 */
export type PublicDisruption = {
  /** Stable and opaque (no incident id): the same incident's disruption and entry under way share it. */
  key: string;
  title: string | null;
  updates: PublicUpdateView[];
  services: string[];
  kind: 'outage' | 'degraded';
  startedAt: Date;
  endedAt: Date | null;
};

/** Everything the public page shows, and nothing else: no incident title, person, channel or note. */
export type StatusPageView = {
  title: string;
  status: ComponentStatus;
  groups: { name: string; services: PublicService[] }[];
  /** Scheduled maintenance in progress or starting in the next 14 days, the soonest first. */
  maintenance: { services: string[]; startsAt: Date; endsAt: Date; text: string; inProgress: boolean }[];
  /** Incidents people published about that are not resolved yet, the newest first. */
  active: { key: string; title: string; services: string[]; updates: PublicUpdateView[] }[];
  /** Disruptions of the last 90 days, the newest first. */
  history: PublicDisruption[];
  zone: string;
  generatedAt: Date;
};
