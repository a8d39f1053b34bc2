// Days, hours and minutes, each at most once and in that order: `90m`, `45min`, `2h`, `1h30m`, `1d`, `1d12h`.
const DURATION = /^(?:(\d{1,4})d)?(?:(\d{1,4})h)?(?:(\d{1,5})(?:m|min))?$/i;

const MINUTES_PER = { day: 1440, hour: 60 };

/**
 * The minutes a typed duration says, or `undefined` when it is not one: days (`d`), hours (`h`) and minutes (`m` or
 * `min`), each at most once, in that order, run together without spaces and ignoring case. `0m` is 0 minutes: what
 * is too short or too long is the caller's to say.
 *
 * @example readDuration('1h30m') // => 90
 * @example readDuration('90m') // => 90
 * @example readDuration('2h') // => 120
 * @example readDuration('90') // => undefined (no unit)
 */
export const readDuration = (typed: string): number | undefined => {
  const match = DURATION.exec(typed);
  if (match === null) return undefined;
  const [, days, hours, minutes] = match;
  if (days === undefined && hours === undefined && minutes === undefined) return undefined;
  return Number(days ?? 0) * MINUTES_PER.day + Number(hours ?? 0) * MINUTES_PER.hour + Number(minutes ?? 0);
};
