/**
 * Escapes the three characters Slack's mrkdwn reserves (`&`, `<`, `>`), so that text a person or a webhook wrote can
 * never become a mention, a channel link or a link. Other mrkdwn (`*bold*`, backticks) is left as it is.
 *
 * @example escapeMrkdwn('<!here> p99 > 2s & rising') // => '&lt;!here&gt; p99 &gt; 2s &amp; rising'
 */
export const escapeMrkdwn = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
