const MINUTE = 60_000;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * A duration in words, to the minute: `less than a minute`, `23 minutes`, `1 hour 5 minutes`, `2 days 3 hours`.
 * Negative durations (an incident declared before the impact it records) count as zero.
 *
 * @example describeDuration(1_380_000) // => '23 minutes'
 */
export const describeDuration = (ms: number): string => {
  if (ms <= 0) return '0 minutes';
  if (ms < MINUTE) return 'less than a minute';
  const minutes = Math.round(ms / MINUTE);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return rest > 0 ? `${plural(hours, 'hour')} ${plural(rest, 'minute')}` : plural(hours, 'hour');
  return plural(rest, 'minute');
};
