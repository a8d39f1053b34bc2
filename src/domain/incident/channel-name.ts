/** Slack's limit for a channel name. */
export const MAX_CHANNEL_NAME_LENGTH = 80;

export type ChannelNameOptions = {
  /** `inc` by default in sitrep.yml; already validated as lowercase letters, digits, `-` and `_`. */
  prefix: string;
  number: number;
  title: string;
  /** 1 for the first try; each `name_taken` from Slack tries the next, which adds `-<attempt>`. */
  attempt: number;
};

// Letters that Unicode does not decompose into a base letter and an accent, spelt as people would in ASCII.
const FOLDED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

/** `Crème brûlée — down!` -> `creme-brulee-down`: accents folded, anything else that is not a-z or 0-9 a hyphen. */
export const slugifyTitle = (title: string): string =>
  title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (letter) => FOLDED[letter] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    // One hyphen at most at either end now; `-+$` would try a long run again from each of its hyphens.
    .replace(/^-|-$/g, '');

/**
 * The incident channel's name: `<prefix>-<number>-<slug>`, then `-<attempt>` from the second attempt on. Slack takes
 * lowercase letters, digits, `-` and `_`, at most 80 characters: the slug is cut at a word boundary when it can be,
 * and dropped entirely when nothing of the title is left (a title of emoji), so the name is never empty or invalid.
 *
 * @example incidentChannelName({ prefix: 'inc', number: 42, title: 'Checkout is down', attempt: 1 })
 *   // => 'inc-42-checkout-is-down'
 * @example incidentChannelName({ prefix: 'inc', number: 42, title: 'Checkout is down', attempt: 2 })
 *   // => 'inc-42-checkout-is-down-2'
 */
export const incidentChannelName = ({ prefix, number, title, attempt }: ChannelNameOptions): string => {
  const head = `${prefix}-${number}`;
  const tail = attempt > 1 ? `-${attempt}` : '';
  const room = MAX_CHANNEL_NAME_LENGTH - head.length - tail.length - 1;
  const slug = slugifyTitle(title);
  if (room <= 0 || slug === '') return `${head}${tail}`.slice(0, MAX_CHANNEL_NAME_LENGTH);
  const fits = slug.length <= room ? slug : cutAtWord(slug, room);
  return `${head}-${fits}${tail}`;
};

/** The longest start of `slug` within `room` characters that ends at a whole word, or a hard cut if there is none. */
const cutAtWord = (slug: string, room: number): string => {
  const cut = slug.slice(0, room + 1);
  const lastHyphen = cut.lastIndexOf('-');
  const kept = lastHyphen > 0 ? cut.slice(0, lastHyphen) : slug.slice(0, room);
  // A slug never has two hyphens in a row.
  return kept.replace(/-$/, '');
};
