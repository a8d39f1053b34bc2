const MINUTE = 60_000;

/** How a duration is worded; each place that shows one keeps its own wording, named below. */
export type DurationWording = {
  /** `words`: `1 hour 5 minutes`, `2 days`; `short`: `1 h 5 min`, `2 d`. */
  units: 'words' | 'short';
  /** Minutes counted to the nearest (`round`) or only whole minutes gone by (`floor`). */
  count: 'round' | 'floor';
  /** The largest unit: `day`, or `hour` for lengths that read better in hours (`30 h`). */
  largest: 'day' | 'hour';
  /**
   * `two`: the largest unit that is not zero and the next one unless it is zero (`2 d 3 h`, `1 h 12 min`);
   * `all`: every unit that is not zero (`2 d 5 min`).
   */
  parts: 'two' | 'all';
  /** What a span too short to be counted in minutes reads, or undefined to count it. */
  short: (ms: number) => string | undefined;
};

/** `less than a minute`, `23 minutes`, `1 hour 5 minutes`, `2 days 3 hours`; a negative span reads `0 minutes`. */
export const IN_WORDS: DurationWording = {
  units: 'words',
  count: 'round',
  largest: 'day',
  parts: 'two',
  short: (ms) => (ms <= 0 ? '0 minutes' : ms < MINUTE ? 'less than a minute' : undefined),
};

/** How long something has lasted: `1 h 12 min`, `2 d 5 min`, `less than 1 min`, whole minutes gone by. */
export const ELAPSED: DurationWording = {
  units: 'short',
  count: 'floor',
  largest: 'day',
  parts: 'all',
  // Also a span that is not a number: no minutes have gone by.
  short: (ms) => (ms >= MINUTE ? undefined : 'less than 1 min'),
};

/** A mean: `45 s` under a minute, else `12 min`, `1 h 12 min`, `2 d 3 h`. */
export const MEAN: DurationWording = {
  units: 'short',
  count: 'round',
  largest: 'day',
  parts: 'two',
  short: (ms) => (ms < MINUTE ? `${Math.round(ms / 1000)} s` : undefined),
};

/** The length of a window in hours and minutes, to the nearest minute: `33 min`, `1 h 12 min`, `30 h`. */
export const IN_HOURS: DurationWording = {
  units: 'short',
  count: 'round',
  largest: 'hour',
  parts: 'two',
  short: (ms) => (ms < MINUTE / 2 ? 'less than 1 min' : undefined),
};

const UNITS = {
  words: { day: ['day', 'days'], hour: ['hour', 'hours'], minute: ['minute', 'minutes'] },
  short: { day: ['d', 'd'], hour: ['h', 'h'], minute: ['min', 'min'] },
} as const;

type Unit = 'day' | 'hour' | 'minute';

const splitMinutes = ({ minutes, largest }: { minutes: number; largest: 'day' | 'hour' }): [Unit, number][] =>
  largest === 'day'
    ? [
        ['day', Math.floor(minutes / 1440)],
        ['hour', Math.floor((minutes % 1440) / 60)],
        ['minute', minutes % 60],
      ]
    : [
        ['hour', Math.floor(minutes / 60)],
        ['minute', minutes % 60],
      ];

/** The amounts to show: every one that is not zero, or the first that is not and the next unless it is zero. */
const pickParts = ({ amounts, parts }: { amounts: [Unit, number][]; parts: 'two' | 'all' }): [Unit, number][] => {
  if (parts === 'all') return amounts.filter(([, amount]) => amount > 0);
  const first = amounts.findIndex(([, amount]) => amount > 0);
  if (first === -1) return amounts.slice(-1);
  return amounts.slice(first, first + 2).filter(([, amount], index) => index === 0 || amount > 0);
};

/**
 * A duration in milliseconds as `wording` says: in words (`1 hour 5 minutes`) by default, or in short units
 * (`1 h 5 min`). Spans under a minute read as `wording.short` says; the rest are counted in minutes (rounded or
 * floored) and split into days, hours and minutes.
 *
 * @example describeDuration(1_380_000) // => '23 minutes'
 * @example describeDuration(4_320_000, ELAPSED) // => '1 h 12 min'
 * @example describeDuration(108_000_000, IN_HOURS) // => '30 h'
 */
export const describeDuration = (ms: number, wording: DurationWording = IN_WORDS): string => {
  const short = wording.short(ms);
  if (short !== undefined) return short;
  const minutes = wording.count === 'round' ? Math.round(ms / MINUTE) : Math.floor(ms / MINUTE);
  const shown = pickParts({ amounts: splitMinutes({ minutes, largest: wording.largest }), parts: wording.parts });
  const names = UNITS[wording.units];
  return shown.map(([unit, amount]) => `${amount} ${names[unit][amount === 1 ? 0 : 1]}`).join(' ');
};
