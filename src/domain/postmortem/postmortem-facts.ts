import type { IncidentView } from '../incident/incident.ts';
import type { DowntimeReport } from '../sla/downtime.ts';
import type { TTeamConfig } from '../team-config/team-config.ts';

// What a postmortem draft is made from: the facts sitrep recorded, gathered by the caller, and the instant the draft
// is made.

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
