import { convertMrkdwn, flattenLines, markdownLink, markdownUrl, mentionName } from '../text/mrkdwn-markdown.ts';
import { dayOf, labelDay, labelTime } from '../time/wall-clock.ts';
import type { TimelineRow } from './postmortem-facts.ts';
import type { PostmortemTimeline } from './postmortem-sections.ts';

const DAY = 24 * 60 * 60_000;

/**
 * The timeline in Markdown, grouped by day on `wallClock`, oldest first: each entry with its time, its text with
 * mentions resolved to `names`, its author, whether it was edited, its files and a link to its message.
 */
export const describeTimeline = ({
  rows,
  wallClock,
  names,
}: {
  rows: TimelineRow[];
  wallClock: (instant: Date) => number;
  names: Record<string, string>;
}): PostmortemTimeline => {
  const sorted = rows.every((row, i) => i === 0 || (rows[i - 1]?.occurredAt.getTime() ?? 0) <= row.occurredAt.getTime())
    ? rows
    : rows.toSorted((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const days: PostmortemTimeline['days'] = [];
  let current: PostmortemTimeline['days'][number] | undefined;
  let currentDay = Number.NaN;
  for (const row of sorted) {
    const wall = wallClock(row.occurredAt);
    const day = dayOf(wall);
    if (current === undefined || day !== currentDay) {
      current = { date: labelDay(day), iso: new Date(day * DAY).toISOString().slice(0, 10), entries: [] };
      days.push(current);
      currentDay = day;
    }
    const time = labelTime(wall);
    const text = convertMrkdwn(flattenLines(row.text), names);
    const actor = row.actorId === null ? null : mentionName({ userId: row.actorId, names });
    let line = `**${time}** ${text}`;
    if (actor !== null) line += ` — ${actor}`;
    if (row.edited) line += ' (edited)';
    for (const file of row.files) line += ` ${markdownLink(file.url, file.name)}`;
    if (row.permalink !== null) line += ` [message](${markdownUrl(row.permalink)})`;
    current.entries.push({
      date: current.date,
      time,
      iso: row.occurredAt.toISOString(),
      source: row.source,
      text,
      actor,
      edited: row.edited,
      permalink: row.permalink,
      files: row.files,
      line,
    });
  }
  return { count: sorted.length, days };
};
