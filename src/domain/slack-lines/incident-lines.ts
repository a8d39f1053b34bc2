import { type IncidentStatus, type RoleKind, STATUS_LABELS } from '../incident/incident.ts';
import { escapeMrkdwn, escapeTypedText } from '../text/escape-mrkdwn.ts';

// The one line posted in the incident channel for each change, which is also the timeline entry's text. Slack
// renders `<@U…>` as the person's name; the postmortem resolves it the same way. What people typed and what webhooks
// sent is escaped here: only mentions sitrep builds (and a person mentioned as Slack writes it) are live.

const withMessage = (line: string, message: string | undefined): string =>
  message && message.trim() !== '' ? `${line}: ${escapeTypedText(message.trim())}` : `${line}.`;

export const describeDeclared = ({ title, severity, actorId }: { title: string; severity: string; actorId: string }) =>
  `<@${actorId}> declared a ${escapeMrkdwn(severity)} incident: ${escapeTypedText(title)}`;

export const describeStatusChange = ({
  from,
  to,
  actorId,
  message,
}: {
  from: IncidentStatus;
  to: IncidentStatus;
  actorId: string;
  message?: string;
}): string =>
  to === 'resolved'
    ? withMessage(`<@${actorId}> resolved the incident`, message)
    : withMessage(`<@${actorId}> changed the status from *${STATUS_LABELS[from]}* to *${STATUS_LABELS[to]}*`, message);

export const describeReopened = ({ reason, actorId }: { reason: string; actorId: string }): string =>
  withMessage(`<@${actorId}> reopened the incident`, reason);

export const describeSeverityChange = ({ from, to, actorId }: { from: string; to: string; actorId: string }): string =>
  `<@${actorId}> changed the severity from *${escapeMrkdwn(from)}* to *${escapeMrkdwn(to)}*.`;

/** How a role is called in a sentence: `the incident lead`. */
export const ROLE_NAMES: Record<RoleKind, string> = { lead: 'incident lead', comms: 'comms lead', scribe: 'scribe' };

export const describeRoleChange = ({
  role,
  userId,
  previous,
  actorId,
}: {
  role: RoleKind;
  userId: string;
  previous?: string;
  actorId: string;
}): string =>
  `<@${actorId}> made <@${userId}> the ${ROLE_NAMES[role]}${previous ? ` (taking over from <@${previous}>)` : ''}.`;

/** A Slack date token: each reader sees the time in their own zone; the fallback is UTC. */
export const slackTime = (at: Date): string =>
  `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;

/** The line posted in the channel for `/incident note`; a backdated note says when it happened. */
export const describeNote = ({ actorId, text, backdatedTo }: { actorId: string; text: string; backdatedTo?: Date }) =>
  backdatedTo === undefined
    ? `:memo: <@${actorId}> noted: ${escapeTypedText(text)}`
    : `:memo: <@${actorId}> noted, for ${slackTime(backdatedTo)}: ${escapeTypedText(text)}`;

const STATUS_WORDS = {
  started: 'started',
  succeeded: 'deployed',
  failed: 'failed to deploy',
  rolled_back: 'rolled back',
} as const;

/** `:rocket: checkout-api v1.4.2 deployed to production by alice (artifact) <url|details>` */
export const describeDeploy = ({
  status,
  actor,
  url,
  ...sent
}: {
  service: string;
  version: string;
  environment: string;
  status: keyof typeof STATUS_WORDS;
  layer: string;
  actor: string | null;
  url: string | null;
}): string => {
  const [version, service, environment, layer] = [sent.version, sent.service, sent.environment, sent.layer].map(
    escapeMrkdwn,
  );
  const emoji = status === 'failed' ? ':x:' : status === 'rolled_back' ? ':leftwards_arrow_with_hook:' : ':rocket:';
  const verb = status === 'started' ? `deploy of ${version} started` : `${version} ${STATUS_WORDS[status]}`;
  const subject =
    status === 'started' ? `${service} ${verb} in ${environment}` : `${service} ${verb} to ${environment}`;
  const by = actor ? ` by ${escapeMrkdwn(actor)}` : '';
  const link = url ? ` <${url.replaceAll('|', '%7C').replaceAll('>', '%3E')}|details>` : '';
  return `${emoji} ${subject}${by} (${layer})${link}`;
};

/** `:rotating_light: Alert HighErrorRate firing on checkout-api: 5xx above 5%` */
export const describeAlert = ({
  alertName,
  status,
  service,
  summary,
}: {
  alertName: string;
  status: 'firing' | 'resolved';
  service: string;
  summary: string | null;
}): string =>
  `${status === 'firing' ? ':rotating_light:' : ':large_green_circle:'} Alert ${escapeMrkdwn(alertName)} ${status} on ${escapeMrkdwn(service)}${summary ? `: ${escapeMrkdwn(summary)}` : ''}`;
