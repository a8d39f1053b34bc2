import { z } from 'zod';

// What the senders' payloads share: instants, links, repository names, and text cut where PostgreSQL can store it.

/**
 * The UTC years an instant may fall in. A four-digit year's offset can still reach year 0 (`0001-01-01T00:00:00+01:00`)
 * or 10000 (`9999-12-31T23:59:59-23:59`), and PostgreSQL's timestamptz refuses both as sitrep writes them.
 */
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;
export const YEAR_RANGE_MESSAGE = `expected a time between the years ${FIRST_YEAR} and ${LAST_YEAR} (UTC)`;

export const isInYearRange = (instant: Date): boolean => {
  const year = instant.getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
};

/** An instant with its offset (`Z` or `+01:00`), any precision (Go writes nanoseconds). */
export const ZInstant = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .refine(isInYearRange, YEAR_RANGE_MESSAGE);

/**
 * A repository's name becomes the service of an unlisted one, which is indexed: PostgreSQL refuses an index row over
 * about 2.7 KB, and 500 characters of four bytes each still fit. GitHub's names are 140 characters at most; this
 * leaves GitLab's nested groups room.
 */
export const MAX_REPOSITORY_CHARS = 500;

export type CutShortOptions = { text: string; max: number };

/**
 * The first `max` UTF-16 code units of `text`, less a last one that would be half a surrogate pair: PostgreSQL's jsonb
 * (the outbox message a deploy becomes) refuses it.
 */
export const cutShort = ({ text, max }: CutShortOptions): string => {
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
};

/** Empty strings say "nothing" in GitHub's payloads (`"target_url": ""`). */
export const blankToNull = (text: string | null | undefined): string | null =>
  text === undefined || text === null || text.trim() === '' ? null : text;

/** Only http(s) links are kept: anything else would not open from Slack, or should not. */
export const httpUrlOrNull = (text: string | null | undefined): string | null => {
  const candidate = blankToNull(text);
  if (candidate === null || !URL.canParse(candidate)) return null;
  const { protocol } = new URL(candidate);
  return protocol === 'http:' || protocol === 'https:' ? candidate : null;
};

/**
 * A name a tracker gives (a person, a status, a resolution), for the channel's lines: trackers keep names short, and
 * an outsized one is cut to 200 characters rather than refused, so a long name never fills a Slack line.
 */
export const ZShownName = z
  .string()
  .max(10_000)
  .transform((text) => cutShort({ text, max: 200 }));
