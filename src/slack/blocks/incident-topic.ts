import type { IncidentView, Severity } from '../../domain/incident/incident.ts';
import { STATUS_LABELS, severityName } from '../../domain/incident/incident.ts';
import { LIMITS, mentionUser, truncateMrkdwn } from './format.ts';

export type IncidentTopicOptions = {
  incident: Pick<IncidentView, 'title' | 'severity' | 'status' | 'roles'>;
  severities: Severity[];
};

const SEPARATOR = ' · ';

/**
 * The incident channel's topic: `SEV1 · Investigating · Lead: <@U1> · Checkout is down`. Slack allows 250
 * characters; only the title is cut to fit, so severity, status and lead always show.
 */
export const buildIncidentTopic = ({ incident, severities }: IncidentTopicOptions): string => {
  const lead = incident.roles.lead === undefined ? 'Lead: not assigned' : `Lead: ${mentionUser(incident.roles.lead)}`;
  const fixed = [severityName(incident.severity, severities), STATUS_LABELS[incident.status], lead].join(SEPARATOR);
  const room = LIMITS.topic - fixed.length - SEPARATOR.length;
  // A severity name is at most 20 characters and a user id about 11, so the title always has room; the guard keeps
  // the limit even if that ever changes.
  if (room < 1) return fixed.slice(0, LIMITS.topic);
  return `${fixed}${SEPARATOR}${truncateMrkdwn(incident.title, room)}`;
};
