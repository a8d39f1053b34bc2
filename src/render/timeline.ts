import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn } from '../domain/text/escape-mrkdwn.ts';
import {
  convertMrkdwn,
  escapeMarkdown,
  flattenLines,
  markdownLink,
  markdownUrl,
  mentionName,
} from '../domain/text/mrkdwn-markdown.ts';
import { createWallClock, dayOf, labelDay, labelTime } from '../domain/time/wall-clock.ts';

// An incident's timeline as people read it: an ephemeral Slack message in the viewer's zone, Markdown for the CLI and
// the postmortem, JSON for tools. Pure: the caller passes the entries (deleted ones already left out), the zone and,
// where shown, the current instant.

/** One timeline entry as the store hands it over. */
export type TimelineItem = {
  /** When it happened, a UTC instant. */
  occurredAt: Date;
  source: 'command' | 'lifecycle' | 'role' | 'reaction' | 'shortcut' | 'deploy' | 'alert' | 'impact' | 'system';
  /** Slack user id; null for deploys and sitrep itself. */
  actorId: string | null;
  /** Slack mrkdwn as stored: may hold `<@U…>` mentions, `<url|label>` links, `*bold*`. */
  text: string;
  /** The Slack message it came from. */
  permalink: string | null;
  /** Files and images, kept as links. */
  files: { name: string; url: string }[];
  /** The message was edited after it was captured. */
  edited: boolean;
};

export type TimelineSource = TimelineItem['source'];

export type SlackTimelineOptions = {
  incidentNumber: number;
  /** Plain text: escaped here. */
  title: string;
  items: TimelineItem[];
  /** The viewer's IANA time zone. */
  zone: string;
  now: Date;
};

export type MarkdownTimelineOptions = {
  incidentNumber: number;
  title: string;
  items: TimelineItem[];
  zone: string;
  /** Display names by Slack user id; people without one are shown as `@U…`. */
  names?: Record<string, string>;
};

export type JsonTimelineOptions = { incidentNumber: number; title: string; items: TimelineItem[] };

export const SOURCE_EMOJI: Record<TimelineSource, string> = {
  command: ':memo:',
  lifecycle: ':arrows_counterclockwise:',
  role: ':bust_in_silhouette:',
  reaction: ':pushpin:',
  shortcut: ':paperclip:',
  deploy: ':rocket:',
  alert: ':rotating_light:',
  impact: ':chart_with_downwards_trend:',
  system: ':gear:',
};

/**
 * What one ephemeral message may hold. Slack documents 50 blocks and 3000 characters per section; it also refuses
 * messages whose blocks add up to some 13,000 characters (`msg_blocks_too_long`, undocumented), hence the total.
 */
const SLACK_LIMITS = { blocks: 50, sectionText: 3000, contextText: 3000, messageText: 12_000 } as const;

/** Room left for the date line that always travels with the first entry of its section. */
const MAX_ENTRY_LINE = SLACK_LIMITS.sectionText - 100;
const MAX_TITLE = 500;

const sortOldestFirst = (items: TimelineItem[]): TimelineItem[] => {
  // Usually already in order (the store sorts): checking is linear, sorting is not.
  const sorted = items.every(
    (item, i) => i === 0 || (items[i - 1]?.occurredAt.getTime() ?? 0) <= item.occurredAt.getTime(),
  );
  return sorted ? items : items.toSorted((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
};

const linkMrkdwn = (url: string, label: string): string =>
  `<${url.replaceAll('|', '%7C').replaceAll('>', '%3E')}|${escapeMrkdwn(label)}>`;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** mrkdwn cut to at most `max` characters, between graphemes and never inside a `<link>` or an `&entity;`. */
const cutMrkdwn = (text: string, max: number): string => {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  const openLink = kept.lastIndexOf('<');
  if (openLink > kept.lastIndexOf('>')) kept = kept.slice(0, openLink);
  const openEntity = kept.lastIndexOf('&');
  if (openEntity > kept.lastIndexOf(';')) kept = kept.slice(0, openEntity);
  return `${kept.trimEnd()}…`;
};

/** `14:05 · :pushpin: Rolled back v1.4.1 — <@U1> (edited) <url|graph.png> (<permalink|message>)` */
const describeForSlack = (item: TimelineItem, time: string): string => {
  const head = `${time} · ${SOURCE_EMOJI[item.source]} `;
  let tail = item.actorId === null ? '' : ` — <@${escapeMrkdwn(item.actorId)}>`;
  if (item.edited) tail += ' (edited)';
  for (const file of item.files) tail += ` ${linkMrkdwn(file.url, file.name)}`;
  if (item.permalink !== null) tail += ` (${linkMrkdwn(item.permalink, 'message')})`;
  const text = cutMrkdwn(flattenLines(item.text), MAX_ENTRY_LINE - head.length - tail.length);
  return cutMrkdwn(`${head}${text}${tail}`, MAX_ENTRY_LINE);
};

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

const countEntries = (count: number): string => `${count} ${count === 1 ? 'entry' : 'entries'}`;

const describeEarlier = ({ count, incidentNumber }: { count: number; incidentNumber: number }): string =>
  `…${count} earlier ${count === 1 ? 'entry' : 'entries'}; run \`sitrep timeline ${incidentNumber}\` for ${count === 1 ? 'it' : 'all of them'}.`;

/**
 * The most recent entries that fit, oldest first, in sections of whole lines. Walks back from the newest entry; the
 * date of the topmost entry's day is always the line above it and shares its section, so it moves up with each entry
 * of the same day and is left in place when an earlier day begins.
 */
const packNewest = ({
  items,
  wallClock,
  maxSections,
  maxChars,
}: {
  items: TimelineItem[];
  wallClock: (instant: Date) => number;
  maxSections: number;
  maxChars: number;
}): { texts: string[]; shown: number } => {
  // Each section's lines newest first, so that adding above the top entry is a push.
  const sections: { lines: string[]; size: number }[] = [];
  let total = 0;
  let topDay = Number.NaN;
  let topDate = '';
  let shown = 0;
  for (const item of items.toReversed()) {
    const wall = wallClock(item.occurredAt);
    const day = dayOf(wall);
    const line = describeForSlack(item, labelTime(wall));
    const top = sections.at(-1);
    if (top !== undefined && day === topDay) {
      // The date line moves from above the previous top entry to above this one.
      const inPlace = top.size + 1 + line.length <= SLACK_LIMITS.sectionText;
      const grown = total + line.length + (inPlace ? 1 : 0);
      if (grown > maxChars || (!inPlace && sections.length + 1 > maxSections)) break;
      top.lines.pop();
      if (inPlace) {
        top.lines.push(line, topDate);
        top.size += 1 + line.length;
      } else {
        top.size -= topDate.length + 1;
        sections.push({ lines: [line, topDate], size: line.length + 1 + topDate.length });
      }
      total = grown;
    } else {
      const date = `*${labelDay(day)}*`;
      const pair = date.length + 1 + line.length;
      const inPlace = top !== undefined && top.size + 1 + pair <= SLACK_LIMITS.sectionText;
      const grown = total + pair + (inPlace ? 1 : 0);
      if (grown > maxChars || (!inPlace && sections.length + 1 > maxSections)) break;
      if (top !== undefined && inPlace) {
        top.lines.push(line, date);
        top.size += 1 + pair;
      } else {
        sections.push({ lines: [line, date], size: pair });
      }
      total = grown;
      topDay = day;
      topDate = date;
    }
    shown += 1;
  }
  return { texts: sections.toReversed().map((section) => section.lines.toReversed().join('\n')), shown };
};

/**
 * The timeline as an ephemeral Slack message, in the viewer's zone and oldest first: a date line whenever the day
 * changes there (and above the first entry), then `14:05 · :pushpin: text — <@U1> (<permalink|message>)` per entry.
 * Within Slack's limits (50 blocks, 3000 characters a section, about 12,000 in all): when the whole timeline does not
 * fit, the most recent entries that do, below a line counting the earlier ones and naming the CLI command that shows
 * them all.
 */
export const renderTimelineForSlack = ({
  incidentNumber,
  title,
  items,
  zone,
  now,
}: SlackTimelineOptions): { text: string; blocks: KnownBlock[] } => {
  const heading = `Timeline of incident ${incidentNumber}: ${cutMrkdwn(escapeMrkdwn(title), MAX_TITLE)}`;
  const wallClock = createWallClock(zone);
  const nowWall = wallClock(now);
  const footer = `${countEntries(items.length)} · times in ${zone}, as of ${labelDay(dayOf(nowWall))} ${labelTime(nowWall)}`;
  const context: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: footer }] };
  if (items.length === 0) {
    return {
      text: heading,
      blocks: [section(`${heading}\nNothing is on this timeline yet.`), context],
    };
  }
  // The count of earlier entries is not known until the others are packed: keep room for the longest it can be.
  const earlierRoom = 1 + describeEarlier({ count: items.length, incidentNumber }).length;
  const { texts, shown } = packNewest({
    items: sortOldestFirst(items),
    wallClock,
    maxSections: SLACK_LIMITS.blocks - 2,
    maxChars: SLACK_LIMITS.messageText - heading.length - earlierRoom - footer.length,
  });
  const earlier = items.length - shown;
  const top = earlier === 0 ? heading : `${heading}\n${describeEarlier({ count: earlier, incidentNumber })}`;
  return { text: heading, blocks: [section(top), ...texts.map(section), context] };
};

/**
 * The timeline as Markdown, for `sitrep timeline 42 --format md` and the postmortem: a heading, the zone, a `##`
 * heading per day in that zone, then `- **14:05** text — @actor [message](permalink)` per entry, oldest first.
 */
export const renderTimelineMarkdown = ({
  incidentNumber,
  title,
  items,
  zone,
  names = {},
}: MarkdownTimelineOptions): string => {
  const lines = [`# Timeline of incident ${incidentNumber}: ${escapeMarkdown(title)}`, '', `Times are in ${zone}.`];
  if (items.length === 0) return [...lines, '', 'Nothing is on this timeline yet.'].join('\n');
  const wallClock = createWallClock(zone);
  let currentDay = Number.NaN;
  for (const item of sortOldestFirst(items)) {
    const wall = wallClock(item.occurredAt);
    const day = dayOf(wall);
    if (day !== currentDay) {
      lines.push('', `## ${labelDay(day)}`, '');
      currentDay = day;
    }
    let line = `- **${labelTime(wall)}** ${convertMrkdwn(flattenLines(item.text), names)}`;
    if (item.actorId !== null) line += ` — ${mentionName({ userId: item.actorId, names })}`;
    if (item.edited) line += ' (edited)';
    for (const file of item.files) line += ` ${markdownLink(file.url, file.name)}`;
    if (item.permalink !== null) line += ` [message](${markdownUrl(item.permalink)})`;
    lines.push(line);
  }
  return lines.join('\n');
};

/**
 * The timeline as pretty JSON, oldest first, keys always in the same order and instants in UTC
 * (`2026-11-23T14:05:00.000Z`), so two exports of the same timeline are byte for byte the same.
 */
export const renderTimelineJson = ({ incidentNumber, title, items }: JsonTimelineOptions): string =>
  JSON.stringify(
    {
      incidentNumber,
      title,
      entries: sortOldestFirst(items).map((item) => ({
        occurredAt: item.occurredAt.toISOString(),
        source: item.source,
        actorId: item.actorId,
        text: item.text,
        permalink: item.permalink,
        files: item.files.map((file) => ({ name: file.name, url: file.url })),
        edited: item.edited,
      })),
    },
    null,
    2,
  );
