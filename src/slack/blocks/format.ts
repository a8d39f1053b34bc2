import type { KnownBlock, MrkdwnElement, PlainTextElement } from '@slack/types';
import type { IncidentStatus, IncidentView, Severity } from '../../domain/incident/incident.ts';
import { severityName } from '../../domain/incident/incident.ts';
import { findIncidentStart } from '../../domain/incident/incident-start.ts';
import { describeDuration, ELAPSED } from '../../domain/text/describe-duration.ts';
import { escapeMrkdwn } from '../../domain/text/escape-mrkdwn.ts';
import { formatInZone } from '../../domain/time/wall-clock.ts';

// Shared by the builders in this folder. Text we stored (titles, descriptions, service names) is plain text and is
// escaped here; Slack-provided mrkdwn (what people typed after a slash command) is passed through as it came.

/** A message as chat.postMessage takes it: `text` is the one-line fallback used in notifications. */
export type SlackMessage = { text: string; blocks: KnownBlock[] };

/** Slack's documented limits for the objects these builders produce. */
export const LIMITS = {
  header: 150,
  sectionText: 3000,
  sectionFields: 10,
  field: 2000,
  contextText: 3000,
  optionText: 75,
  topic: 250,
} as const;

export const STATUS_EMOJI: Record<IncidentStatus, string> = {
  investigating: ':rotating_light:',
  identified: ':hammer_and_wrench:',
  monitoring: ':eyes:',
  resolved: ':white_check_mark:',
};

const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

const fitCharacters = ({ text, max, encode }: { text: string; max: number; encode: (char: string) => string }) => {
  const whole = encode(text);
  if (whole.length <= max) return whole;
  if (max < ELLIPSIS.length) return '';
  let kept = '';
  // Whole graphemes, encoded one at a time: a surrogate pair, a flag, a ZWJ family emoji, a letter with its accent
  // or an `&amp;` is never cut in half.
  for (const { segment } of graphemes.segment(text)) {
    const piece = encode(segment);
    if (kept.length + piece.length > max - ELLIPSIS.length) break;
    kept += piece;
  }
  return `${kept.trimEnd()}${ELLIPSIS}`;
};

/**
 * Plain text cut to at most `max` UTF-16 units (what Slack counts, or more), at a grapheme boundary, ending in `…`
 * when cut (or empty when not even that fits).
 */
export const truncateText = (text: string, max: number): string => fitCharacters({ text, max, encode: (t) => t });

/** Escapes plain text for mrkdwn and cuts it to `max` characters after escaping, never inside an entity. */
export const truncateMrkdwn = (text: string, max: number): string => fitCharacters({ text, max, encode: escapeMrkdwn });

/**
 * A Slack date token: each reader sees the date and time in their own zone ("Today at 1:30 AM", "Mar 29, 2026
 * 1:30 AM"); clients that cannot render it show the time in the team's zone.
 */
export const formatSlackDate = (date: Date, zone: string): string =>
  `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${formatInZone(date, zone)} ${zone}>`;

/** How long the incident has lasted: until it was resolved, or until `now` while it is open. */
export const measureIncidentDuration = (
  incident: Pick<IncidentView, 'impactStartedAt' | 'declaredAt' | 'resolvedAt'>,
  now: Date,
): string => describeDuration((incident.resolvedAt ?? now).getTime() - findIncidentStart(incident).getTime(), ELAPSED);

export const mentionUser = (userId: string): string => `<@${userId}>`;

export const linkChannel = (channelId: string | null): string =>
  channelId === null ? 'channel being created' : `<#${channelId}>`;

/** `checkout-api, payments`, or `none named`; escaped, and cut to `max` characters. */
export const listServices = (services: string[], max = 1000): string =>
  services.length === 0 ? 'none named' : truncateMrkdwn(services.join(', '), max);

/** `<url|label>` with the two characters that would end the link percent-encoded. */
export const linkUrl = (url: string, label: string): string => `<${safeUrl(url)}|${escapeMrkdwn(label)}>`;

/** A link whose label, once escaped, is at most `max` characters: `&` becomes five, so cutting before escaping is not enough. */
export const linkUrlFitted = (url: string, label: string, max: number): string =>
  `<${safeUrl(url)}|${truncateMrkdwn(label, max)}>`;

const safeUrl = (url: string): string => url.replaceAll('|', '%7C').replaceAll('>', '%3E');

/** The few words before the first colon or full stop of a severity's description: `Critical`. */
const summarizeSeverityDescription = (description: string): string => {
  const [firstClause = ''] = description.split(/[:.]/, 1);
  const clause = firstClause.trim();
  return clause.length > 0 && clause.length <= 40 ? clause : truncateText(description.trim(), 40);
};

/** `SEV1 — Critical`, or just the name when the level is no longer configured. */
export const labelSeverity = (level: number, severities: Severity[]): string => {
  const severity = severities.find((s) => s.level === level);
  const name = severityName(level, severities);
  if (severity === undefined) return name;
  const summary = summarizeSeverityDescription(severity.description);
  return summary.length > 0 ? `${name} — ${summary}` : name;
};

/** Lines gathered into as few sections as Slack's 3000-character limit allows, one line never split. */
export const buildLineSections = (lines: string[]): KnownBlock[] => {
  const texts: string[] = [];
  for (const line of lines.map((l) => truncateText(l, LIMITS.sectionText))) {
    const last = texts.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= LIMITS.sectionText)
      texts[texts.length - 1] = `${last}\n${line}`;
    else texts.push(line);
  }
  return texts.map((text) => ({ type: 'section', text: mrkdwn(text) }));
};

/** `…and 3 more.` under a list cut short. */
export const buildMoreLine = (count: number): KnownBlock => ({
  type: 'context',
  elements: [mrkdwn(`…and ${count} more.`)],
});

/** An incident in a list: its status emoji, number and title in bold, then its details on one line. */
export const buildIncidentSection = ({
  incident,
  details,
}: {
  incident: Pick<IncidentView, 'status' | 'number' | 'title'>;
  details: string[];
}): KnownBlock => {
  const title = `${STATUS_EMOJI[incident.status]} *Incident ${incident.number}: ${truncateMrkdwn(incident.title, 500)}*`;
  return { type: 'section', text: mrkdwn(`${title}\n${details.join(' · ')}`) };
};

/** Open incidents first by severity (level 1 first), then the longest running first. */
export const sortOpenIncidents = <
  T extends Pick<IncidentView, 'status' | 'severity' | 'impactStartedAt' | 'declaredAt'>,
>(
  incidents: T[],
): T[] =>
  incidents
    .filter((incident) => incident.status !== 'resolved')
    .toSorted((a, b) => a.severity - b.severity || findIncidentStart(a).getTime() - findIncidentStart(b).getTime());

export const plainText = (text: string): PlainTextElement => ({ type: 'plain_text', text, emoji: true });

export const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text });
