// The sections of a postmortem draft as the team's template sees them: plain strings, numbers, booleans and arrays.

/** An instant in the team's zone; `text`, `date` and `time` read `unknown` (or `ongoing`) when it is missing. */
export type PostmortemMoment = { known: boolean; text: string; date: string; time: string; iso: string | null };

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

export type PostmortemIncident = {
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

export type PostmortemImpact = {
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

export type PostmortemKeyTimes = {
  impactStart: PostmortemMoment;
  detected: PostmortemMoment;
  detectedBy: string;
  declared: PostmortemMoment;
  mitigated: PostmortemMoment;
  resolved: PostmortemMoment;
  list: ({ key: string; label: string } & PostmortemMoment)[];
  durations: PostmortemDuration[];
};

export type PostmortemTimeline = {
  count: number;
  days: { date: string; iso: string; entries: PostmortemTimelineEntry[] }[];
};

export type PostmortemChanges = {
  lookbackMinutes: number;
  from: PostmortemMoment;
  to: PostmortemMoment;
  deploys: PostmortemDeploy[];
};

export type PostmortemActionItem = {
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
};
