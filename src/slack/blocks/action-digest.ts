import type { KnownBlock } from '@slack/types';
import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import { labelCalendarDay } from '../../domain/slack-lines/action-item-lines.ts';
import { describeActionLine } from './action-item-list.ts';
import { LIMITS, mrkdwn, plainText, type SlackMessage, truncateMrkdwn } from './format.ts';

// The digest names this many actions per service; the counts cover them all.
const ACTIONS_PER_SERVICE = 10;
// Slack allows 50 blocks: two for the head, one per service, one for the rest.
const MAX_SERVICES = 47;
// Room kept in a section for its last line, `…and N more.`.
const MORE_LINE_ROOM = 40;
const SERVICE_NAME_MAX = 150;

/** The whole lines that fit in one section under `head`: a line is never cut, as that could cut a link or an entity. */
const fitLines = (head: string, lines: string[]): string[] => {
  const fitting: string[] = [];
  let length = head.length;
  for (const line of lines) {
    length += 1 + line.length;
    if (length > LIMITS.sectionText - MORE_LINE_ROOM) break;
    fitting.push(line);
  }
  return fitting;
};

/**
 * The weekly digest of open action items, for the announcements channel: per service (an incident of several
 * services counts for each), overdue first, up to ten named per service and every one counted.
 */
export const buildActionDigest = ({
  open,
  day,
  now,
}: {
  open: ActionItemView[];
  day: string;
  now: Date;
}): SlackMessage => {
  const title = `Action items, week of ${labelCalendarDay(day)}`;
  const overdue = (action: ActionItemView) => action.dueAt !== null && action.dueAt.getTime() < now.getTime();
  const byService = new Map<string, ActionItemView[]>();
  for (const action of open) {
    for (const service of action.services.length === 0 ? ['(no service)'] : action.services) {
      byService.set(service, [...(byService.get(service) ?? []), action]);
    }
  }
  const summary = `${title}: ${open.length} open, ${open.filter(overdue).length} overdue.`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(title) },
    { type: 'section', text: mrkdwn(summary) },
  ];
  const services = [...byService.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [service, actions] of services.slice(0, MAX_SERVICES)) {
    const sorted = actions.toSorted((a, b) => Number(overdue(b)) - Number(overdue(a)));
    const head = `*${truncateMrkdwn(service, SERVICE_NAME_MAX)}*: ${actions.length} open, ${actions.filter(overdue).length} overdue`;
    const lines = fitLines(
      head,
      sorted
        .slice(0, ACTIONS_PER_SERVICE)
        .map((action) => `• ${describeActionLine({ action, now, withIncident: true }).replace('\n', ' — ')}`),
    );
    const more = actions.length > lines.length ? `\n…and ${actions.length - lines.length} more.` : '';
    blocks.push({ type: 'section', text: mrkdwn(`${[head, ...lines].join('\n')}${more}`) });
  }
  if (services.length > MAX_SERVICES) {
    blocks.push({ type: 'context', elements: [mrkdwn(`…and ${services.length - MAX_SERVICES} more services.`)] });
  }
  return { text: summary, blocks };
};
