import { endOfMaintenance, type MaintenanceWindow, maintenanceStateAt } from '../maintenance/maintenance-window.ts';
import { describeDuration, IN_HOURS } from '../text/describe-duration.ts';
import { escapeMrkdwn } from '../text/escape-mrkdwn.ts';
import { listWords } from '../text/list-words.ts';
import { formatInZone } from '../time/wall-clock.ts';
import { slackTime } from './incident-lines.ts';

// The lines about scheduled maintenance: the announcement, the answers to its author, the list. The public text is
// shown as typed and inert: it is for the public, and pings no one.

const lengthOf = (window: Pick<MaintenanceWindow, 'startsAt' | 'endsAt'>): string =>
  describeDuration(window.endsAt.getTime() - window.startsAt.getTime(), IN_HOURS);

/**
 * The announcement of a maintenance scheduled: its services, its start and end as Slack dates (each reader sees
 * their own zone), its length and the public text.
 *
 * @example describeMaintenanceScheduled({ window, actorId: 'U1' })
 *   // => ':hammer_and_wrench: <@U1> scheduled maintenance 3 of checkout-api and search, <!date^…> to <!date^…> (1 h 30 min): Database upgrade'
 */
export const describeMaintenanceScheduled = ({ window, actorId }: { window: MaintenanceWindow; actorId: string }) =>
  `:hammer_and_wrench: <@${actorId}> scheduled maintenance ${window.number} of ${listWords(window.services)}, ${slackTime(window.startsAt)} to ${slackTime(window.endsAt)} (${lengthOf(window)}): ${escapeMrkdwn(window.publicText)}`;

/** The announcement of a maintenance cancelled before it started, or ended early while in progress. */
export const describeMaintenanceCancelled = ({
  window,
  actorId,
  inProgress,
}: {
  window: MaintenanceWindow;
  actorId: string;
  inProgress: boolean;
}) =>
  inProgress
    ? `:white_check_mark: <@${actorId}> ended maintenance ${window.number} of ${listWords(window.services)} early.`
    : `:white_check_mark: <@${actorId}> cancelled maintenance ${window.number} of ${listWords(window.services)}, planned for ${slackTime(window.startsAt)}.`;

/** `Thu 10 Dec 2026 02:00 to 03:30 (Europe/Paris)`, with the end's date only when it is another day. */
const describeSpanIn = ({ window, zone }: { window: Pick<MaintenanceWindow, 'startsAt' | 'endsAt'>; zone: string }) => {
  const start = formatInZone(window.startsAt, zone);
  const end = formatInZone(window.endsAt, zone);
  const sameDay = start.slice(0, -6) === end.slice(0, -6);
  return `${start} to ${sameDay ? end.slice(-5) : end} (${zone})`;
};

/** What the author is told once a maintenance is scheduled, in their zone. */
export const describeMaintenanceForAuthor = ({
  window,
  zone,
  repeated,
}: {
  window: MaintenanceWindow;
  zone: string;
  /** The same request had scheduled it already. */
  repeated: boolean;
}): string =>
  `${repeated ? 'Already scheduled from this request: maintenance' : 'Scheduled maintenance'} ${window.number} of ${listWords(window.services)}, ${describeSpanIn({ window, zone })}, ${lengthOf(window)}.${repeated ? '' : ' It is announced in the announcements channel.'}`;

/**
 * The maintenance upcoming and in progress at `now`, one line each in the viewer's `zone`, in progress first, then
 * by start; a window cancelled while in progress reads as ending at its cancellation.
 */
export const describeMaintenanceList = ({
  windows,
  zone,
  now,
}: {
  windows: readonly MaintenanceWindow[];
  zone: string;
  now: Date;
}): string => {
  const shown = windows
    .map((window) => ({ window, state: maintenanceStateAt({ window, now }) }))
    .filter(({ state }) => state === 'upcoming' || state === 'in_progress')
    .sort((a, b) => (a.state === b.state ? 0 : a.state === 'in_progress' ? -1 : 1));
  if (shown.length === 0) return 'No maintenance is scheduled or in progress.';
  const lines = shown.map(({ window, state }) => {
    const span = describeSpanIn({ window: { startsAt: window.startsAt, endsAt: endOfMaintenance(window) }, zone });
    const label = state === 'in_progress' ? ':construction: *in progress*' : ':calendar: upcoming';
    return `*${window.number}* ${label} · ${listWords(window.services)} · ${span} · ${escapeMrkdwn(window.publicText)}`;
  });
  return ['*Scheduled maintenance*', ...lines, 'Cancel one with `/incident maintenance cancel &lt;number&gt;`.'].join(
    '\n',
  );
};
