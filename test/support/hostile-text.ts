import fc from 'fast-check';

// Text people and webhooks send that would ping a channel or show a link sitrep did not choose, if it went into mrkdwn
// as it came; and a check that a builder's output holds no live `<…>` token it did not build itself.

const HOSTILE_PIECES = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!channel|channel>',
  '<!subteam^S0123ABC|@oncall>',
  '<!subteam^S0123ABC>',
  '<https://evil.example|https://status.example.com>',
  '<https://evil.example>',
  '<mailto:a@evil.example|support>',
  '<#C0EVIL|general>',
  '<!date^1^{date}|Tomorrow>',
  '<@U0HOSTILE|alice>',
  '<@U0HOSTILE>',
  '<@U0HOSTILE|<!here>>',
  '&lt;!here&gt;',
  '&',
  '<',
  '>',
  '|',
  '*',
  '`',
  ' ',
] as const;

/** Strings made of hostile pieces and anything else, as a person or a webhook might send them. */
export const hostileText = (): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) }, { weight: 1, arbitrary: fc.string() }),
      {
        minLength: 1,
        maxLength: 8,
      },
    )
    .map((pieces) => pieces.join(''));

/** A person mentioned exactly as Slack writes it: the one form typed by a person that may stay live. */
const TYPED_MENTION = /^@[UW][A-Z0-9]{1,20}(?:\|[^<>|]*)?$/;

/**
 * The `<…>` tokens of `text` that are neither `built` (what sitrep itself put there: its mentions, its links, its
 * dates; a string is one token, a pattern a family of them) nor a person mentioned as Slack writes it. Empty when the
 * text is safe.
 */
export const findForeignTokens = (text: string, built: readonly (string | RegExp)[] = []): string[] =>
  Array.from(text.matchAll(/<[^<>]*>/g), ([token]) => token).filter(
    (token) =>
      !built.some((allowed) => (typeof allowed === 'string' ? allowed === token : allowed.test(token))) &&
      !TYPED_MENTION.test(token.slice(1, -1)),
  );

/** A Slack date token as sitrep builds it: a timestamp and a fallback that is a date, never a reader's text. */
export const BUILT_DATE = /^<!date\^\d+\^\{date_short_pretty\} \{time\}\|[\w :/+-]*>$/;

/**
 * Every `text` string of a message and its blocks, however deep, that Slack reads as mrkdwn: a `plain_text` object is
 * shown as it is written, so it is left out.
 */
export const collectTexts = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(collectTexts);
  if (value === null || typeof value !== 'object') return [];
  if ('type' in value && value.type === 'plain_text') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'text' && typeof inner === 'string' ? [inner] : collectTexts(inner),
  );
};
