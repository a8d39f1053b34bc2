// Slack mrkdwn as Markdown, for the timeline export and the postmortem. Pure text work: names are passed in.

/**
 * One entry per line: a captured message's line breaks, with the white space around them, become one space. Each
 * run of white space is read once: a pattern with white space on both sides of the newline would read a long run
 * again from each of its characters, in quadratic time.
 */
export const flattenLines = (text: string): string =>
  (text.includes('\n') ? text.replace(/\s+/g, (space) => (space.includes('\n') ? ' ' : space)) : text).trim();

/** Escapes what Markdown would read as formatting in plain text (titles, names). */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>]/g, '\\$&');

export const markdownUrl = (url: string): string =>
  url.replaceAll(' ', '%20').replaceAll('(', '%28').replaceAll(')', '%29');

export const markdownLink = (url: string, label: string): string =>
  `[${label.replace(/[[\]\\]/g, '\\$&')}](${markdownUrl(url)})`;

const SLACK_TOKEN = /<([^<>\n]*)>/g;
const SLACK_BOLD = /(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g;
const SLACK_STRIKE = /(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g;

export const mentionName = ({
  userId,
  names,
  label,
}: {
  userId: string;
  names: Record<string, string>;
  label?: string;
}) => {
  const name = names[userId] ?? label;
  return `@${name === undefined ? userId : escapeMarkdown(name)}`;
};

/** One `<…>` of Slack mrkdwn: a mention, a channel, a special mention, a date or a link. */
const convertSlackToken = (inner: string, names: Record<string, string>): string => {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) return mentionName({ userId: target.slice(1), names, label });
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!')) {
    if (label !== undefined) return label;
    const keyword = target.slice(1);
    return keyword.includes('^') ? keyword : `@${keyword}`;
  }
  return label === undefined ? target : markdownLink(target, label);
};

const convertSlackFormatting = (text: string): string =>
  text.includes('*') || text.includes('~') ? text.replace(SLACK_BOLD, '**$1**').replace(SLACK_STRIKE, '~~$1~~') : text;

/**
 * Slack mrkdwn as Markdown, minimally: `<@U1>` becomes `@U1` (or `@name`), `<url|label>` `[label](url)`, `<url>` the
 * bare url, `*bold*` `**bold**` and `~struck~` `~~struck~~`. Entities (`&lt;`) stay: Markdown shows them as the
 * characters they stand for.
 */
export const convertMrkdwn = (text: string, names: Record<string, string>): string => {
  if (!text.includes('<')) return convertSlackFormatting(text);
  let converted = '';
  let last = 0;
  for (const match of text.matchAll(SLACK_TOKEN)) {
    converted += convertSlackFormatting(text.slice(last, match.index));
    converted += convertSlackToken(match[1] ?? '', names);
    last = match.index + match[0].length;
  }
  return converted + convertSlackFormatting(text.slice(last));
};
