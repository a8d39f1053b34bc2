import { type IncidentStatus, STATUS_LABELS } from '../../domain/incident/incident.ts';
import { escapeMrkdwn } from '../../domain/text/escape-mrkdwn.ts';

/** What the person who published is told: the update as customers read it. */
export const describePublishedForAuthor = ({
  incident,
  publicTitle,
  status,
  text,
}: {
  incident: { number: number };
  publicTitle: string;
  status: IncidentStatus;
  text: string;
}): string =>
  `Published to the status page for incident ${incident.number}: *${escapeMrkdwn(publicTitle)}* (${STATUS_LABELS[status]}) ${escapeMrkdwn(text)}`;
