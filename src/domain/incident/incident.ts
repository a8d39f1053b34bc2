import { AppError } from '../app-error.ts';

/** investigating -> identified -> monitoring -> resolved; a resolved incident can be reopened. */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const ROLE_KINDS = ['lead', 'comms', 'scribe'] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

export type Severity = { level: number; name: string; description: string };

/** What every part of sitrep knows about an incident; instants are UTC `Date`s. */
export type IncidentView = {
  id: string;
  number: number;
  title: string;
  description: string | null;
  severity: number;
  status: IncidentStatus;
  channelId: string | null;
  channelName: string | null;
  summaryTs: string | null;
  /** Slack's error when it will never create the incident's channel (`restricted_action`…), until asked again. */
  channelProblem: string | null;
  declaredBy: string;
  declaredAt: Date;
  impactStartedAt: Date | null;
  /** When the first alert about it fired, if one did before it was declared. */
  detectedAt: Date | null;
  identifiedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  services: string[];
  roles: Partial<Record<RoleKind, string>>;
};

/** The lifecycle timestamps a status change sets. */
export type StatusStamps = Partial<Pick<IncidentView, 'identifiedAt' | 'mitigatedAt' | 'resolvedAt'>>;

export type StatusChangeOptions = {
  incident: Pick<IncidentView, 'status' | 'number' | 'identifiedAt' | 'mitigatedAt'>;
  to: IncidentStatus;
  at: Date;
};

/**
 * The rule for moving an incident to another status. Moving forward stamps the first time a stage was reached
 * (identified, mitigated = monitoring, resolved); moving back (monitoring -> investigating, when a fix did not
 * hold) keeps the stamps already set. A resolved incident changes only by reopening it.
 *
 * @example applyStatusChange({ incident: { status: 'investigating', ... }, to: 'monitoring', at })
 *   // => { identifiedAt: at, mitigatedAt: at }
 */
export const applyStatusChange = ({ incident, to, at }: StatusChangeOptions): StatusStamps => {
  if (incident.status === 'resolved') {
    throw new AppError('INCIDENT_RESOLVED', {
      userMessage: `Incident ${incident.number} is already resolved. Use \`/incident reopen <reason>\` to continue working on it.`,
    });
  }
  if (incident.status === to) {
    throw new AppError('NO_CHANGE', { userMessage: `Incident ${incident.number} is already ${to}.` });
  }
  const stage = INCIDENT_STATUSES.indexOf(to);
  return {
    ...(stage >= 1 && !incident.identifiedAt ? { identifiedAt: at } : {}),
    ...(stage >= 2 && !incident.mitigatedAt ? { mitigatedAt: at } : {}),
    ...(to === 'resolved' ? { resolvedAt: at } : {}),
  };
};

/** Reopening is only for a resolved incident; it goes back to investigating and forgets when it was resolved. */
export const assertReopenable = (incident: Pick<IncidentView, 'status' | 'number'>): void => {
  if (incident.status !== 'resolved') {
    throw new AppError('NO_CHANGE', {
      userMessage: `Incident ${incident.number} is still open (${incident.status}); only a resolved incident can be reopened.`,
    });
  }
};

export const severityName = (level: number, severities: Severity[]): string =>
  severities.find((s) => s.level === level)?.name ?? `SEV${level}`;

/** Words people use for a status, as shown in messages. */
export const STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};
