/**
 * Escapes the three characters Slack's mrkdwn reserves (`&`, `<`, `>`), so that text a person or a webhook wrote can
 * never become a mention, a channel link or a link. Other mrkdwn (`*bold*`, backticks) is left as it is.
 *
 * @example escapeMrkdwn('<!here> p99 > 2s & rising') // => '&lt;!here&gt; p99 &gt; 2s &amp; rising'
 */
export const escapeMrkdwn = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** A person mentioned as Slack sends it in command text: `<@U123>` or `<@U123|alice>`. */
const USER_MENTION = /<@[UW][A-Z0-9]{1,20}(?:\|[^<>|]{0,80})?>/g;

/**
 * What a person typed (a note, a reason, a title), decoded, made safe for mrkdwn: everything is escaped except a
 * person mentioned exactly as Slack writes a mention, which stays a mention. `<!channel>`, `<!here>`,
 * `<!subteam^…>`, `<#C…>` and links are shown as the characters typed: only sitrep decides who is pinged and what
 * a link says.
 *
 * @example escapeTypedText('<@U1|alice> <!channel> <https://a.example|b>') // => '<@U1|alice> &lt;!channel&gt; &lt;https://a.example|b&gt;'
 */
export const escapeTypedText = (text: string): string => {
  if (!text.includes('<@')) return escapeMrkdwn(text);
  let kept = '';
  let from = 0;
  for (const mention of text.matchAll(USER_MENTION)) {
    kept += `${escapeMrkdwn(text.slice(from, mention.index))}${mention[0]}`;
    from = mention.index + mention[0].length;
  }
  return `${kept}${escapeMrkdwn(text.slice(from))}`;
};
