import { type IncidentStatus, STATUS_LABELS } from '../incident/incident.ts';
import { escapeMrkdwn } from '../text/escape-mrkdwn.ts';

export type PublishedLineOptions = { actorId: string; status: IncidentStatus; publicTitle: string; text: string };

/**
 * The incident channel's line for a public update, and its timeline entry: the words exactly as customers read them
 * (escaped: public text is never markup), under the public title and status.
 */
export const describePublished = ({ actorId, status, publicTitle, text }: PublishedLineOptions) => {
  const what = `*${escapeMrkdwn(publicTitle)}* (${STATUS_LABELS[status]}): ${escapeMrkdwn(text)}`;
  return {
    line: `:loudspeaker: Published to the status page by <@${actorId}>: ${what}`,
    entry: `Published to the status page: ${what}`,
  };
};
