import { type Severity, severityName } from '../../domain/incident/incident.ts';
import { describeDuration } from '../../domain/text/describe-duration.ts';
import { createWallClock, dayOf, labelDay, labelTime } from '../../domain/time/wall-clock.ts';
import { type Html, html, trustedHtml } from './html.ts';

/** `Mon 7 Dec 2026 14:05` in `zone`, in a `<time>` that carries the instant. */
export const renderWhen = (instant: Date, zone: string): Html => {
  const wall = createWallClock(zone)(instant);
  return html`<time datetime="${instant.toISOString()}">${labelDay(dayOf(wall))} ${labelTime(wall)}</time>`;
};

/** From one instant to another (or now, still running), in words. */
export const renderSpan = ({ from, to, now }: { from: Date; to: Date | null; now: Date }): string =>
  `${describeDuration(Math.max(0, (to ?? now).getTime() - from.getTime()))}${to === null ? ' so far' : ''}`;

export const renderSeverity = (level: number, severities: Severity[]): string => severityName(level, severities);

/** A person as the page names them: their Slack name when sitrep has it cached. */
export const renderPerson = (userId: string | null | undefined, names: Record<string, string>): string =>
  userId === null || userId === undefined ? 'nobody' : (names[userId] ?? userId);

const SLACK_LINK = /<([^<>|]+)(?:\|([^<>]*))?>/g;
const SAFE_URL = /^https?:\/\//i;

/**
 * Slack mrkdwn as stored on the timeline, shown as text: `<@U1>` becomes the person's name, `<url|label>` a link when
 * it is http(s), `<#C1>` the channel, and everything else, markup included, is text.
 */
export const renderMrkdwn = (text: string, names: Record<string, string>): Html => {
  const parts: (Html | string)[] = [];
  let last = 0;
  for (const match of text.matchAll(SLACK_LINK)) {
    parts.push(unescapeSlack(text.slice(last, match.index)));
    const [whole, escapedTarget = '', label] = match;
    const target = unescapeSlack(escapedTarget);
    last = match.index + whole.length;
    if (target.startsWith('@')) parts.push(`@${names[target.slice(1)] ?? label ?? target.slice(1)}`);
    else if (target.startsWith('#')) parts.push(`#${label ?? target.slice(1)}`);
    else if (target.startsWith('!')) parts.push(`@${label ?? target.slice(1).split('^')[0]}`);
    else if (SAFE_URL.test(target)) parts.push(html`<a href="${target}">${unescapeSlack(label ?? target)}</a>`);
    else parts.push(unescapeSlack(whole));
  }
  parts.push(unescapeSlack(text.slice(last)));
  return html`${parts}`;
};

/** Slack escapes `&`, `<` and `>` in message text; the page escapes them again, once. */
const unescapeSlack = (text: string): string =>
  text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/**
 * A link to an address sitrep stored (a tracker's ticket, a file, a permalink) when it is http(s); anything else
 * (`javascript:`, `data:`) is shown as text, never followed.
 */
export const renderLink = (url: string, label: string): Html =>
  SAFE_URL.test(url) ? html`<a href="${url}">${label}</a>` : html`${label}`;

/** A `<select>`'s options, the chosen one selected. */
export const renderOptions = (options: { value: string; label: string }[], chosen: string | undefined): Html =>
  html`${options.map(
    (option) =>
      html`<option value="${option.value}"${option.value === chosen ? trustedHtml(' selected') : ''}>${option.label}</option>`,
  )}`;
