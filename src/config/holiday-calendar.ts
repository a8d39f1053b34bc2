import type HolidaysLibrary from 'date-holidays';
import { AppError } from '../domain/app-error.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { HolidayCalendar } from '../domain/time/business-days.ts';

type Holidays = TTeamConfig['holidays'];

/** The public holidays date-holidays gives for one year: one item per holiday and calendar day it covers. */
type PublicHolidaysOfYear = (year: number) => Iterable<{ day: string; name: string }>;

const LISTED = 'a holiday in sitrep.yml';
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const configError = (userMessage: string) => new AppError('CONFIG_INVALID', { userMessage });

/**
 * The calendar days one date-holidays entry covers: from the day of its `date` (a holiday that starts the evening
 * before, like Eid, is written with the day people have off) to the day of its last moment.
 */
const daysCovered = ({ date, end }: { date: string; end: Date }): string[] => {
  const first = date.slice(0, 10);
  // `end` is the country's wall clock read as UTC (timezone: 'UTC' below). date-holidays works it out with the
  // process's local clock, so where clocks jump at midnight (TZ=America/Santiago) it can be an hour late; an hour
  // of slack keeps such a day from spilling into the next. No holiday really ends between midnight and 1 am.
  const last = Date.parse(`${new Date(end.getTime() - HOUR - 1).toISOString().slice(0, 10)}T00:00:00Z`);
  const days = [first];
  for (let time = Date.parse(`${first}T00:00:00Z`) + DAY; time <= last; time += DAY) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
};

const loadPublicHolidays = async ({
  country,
  region,
}: {
  country: string;
  region: string | undefined;
}): Promise<PublicHolidaysOfYear> => {
  // About 200 ms and 35 MB (it brings moment-timezone and astronomia): only teams that name a country pay for it.
  const { default: Holidays } = await import('date-holidays');
  const catalogue = new Holidays();
  const countries = Object.keys(catalogue.getCountries());
  if (!countries.includes(country)) {
    throw configError(`holidays.country: date-holidays has no holidays for ${country}; known: ${countries.join(', ')}`);
  }
  // date-holidays calls ISO 3166-2 subdivisions states, by the part after the hyphen (DE-BY is state BY of DE).
  const state = region === undefined ? undefined : region.slice(region.indexOf('-') + 1);
  if (state !== undefined) {
    const states = Object.keys(catalogue.getStates(country) ?? {}).sort();
    if (!states.includes(state)) {
      const known = states.length === 0 ? 'none, so leave region out' : states.join(', ');
      throw configError(`holidays.region: date-holidays has no region ${state} in ${country}; known: ${known}`);
    }
  }
  // timezone UTC: start and end then read as the country's wall clock, whatever the process's TZ.
  const options = { languages: ['en'], timezone: 'UTC' };
  const calendar: HolidaysLibrary =
    state === undefined ? new Holidays(country, options) : new Holidays(country, state, options);
  return function* (year) {
    for (const holiday of calendar.getHolidays(year, 'en')) {
      // Bank, school and optional holidays and observances (Christmas Eve afternoon in DE, the day after
      // Thanksgiving in the US) are not days off for everyone.
      if (holiday.type !== 'public') continue;
      for (const day of daysCovered(holiday)) yield { day, name: holiday.name };
    }
  };
};

/**
 * The team's holidays: the dates of sitrep.yml plus, when a country is set, its public holidays (region's too) from
 * date-holidays. Only `public` entries count, not bank, school or optional holidays nor observances.
 *
 * date-holidays is loaded only when a country is set. A year's public holidays are worked out the first time a day
 * of it (or of the year after, for holidays that run over New Year) is asked about, then looked up in a map.
 * Throws `AppError('CONFIG_INVALID')` when date-holidays does not know the country or region, so a typo stops the
 * bot at startup rather than silently giving national holidays only.
 *
 * @example
 * const calendar = await loadHolidayCalendar({ dates: ['2026-12-24'], country: 'FR' });
 * calendar.isHoliday('2026-07-14'); // true
 * calendar.nameOf('2026-07-14'); // 'Bastille Day'
 * calendar.nameOf('2026-12-24'); // 'a holiday in sitrep.yml'
 * calendar.nameOf('2026-07-15'); // undefined
 */
export const loadHolidayCalendar = async (
  holidays: Holidays,
): Promise<HolidayCalendar & { nameOf: (day: string) => string | undefined }> => {
  const listed = new Set(holidays.dates);
  const publicHolidaysOf =
    holidays.country === undefined
      ? undefined
      : await loadPublicHolidays({ country: holidays.country, region: holidays.region });
  const names = new Map<string, string[]>();
  const yearsDone = new Set<number>();

  const addYear = (year: number) => {
    if (publicHolidaysOf === undefined || yearsDone.has(year)) return;
    yearsDone.add(year);
    for (const { day, name } of publicHolidaysOf(year)) {
      const dayNames = names.get(day);
      if (dayNames === undefined) names.set(day, [name]);
      else if (!dayNames.includes(name)) dayNames.push(name);
    }
  };

  const publicNamesOf = (day: string): string[] | undefined => {
    if (publicHolidaysOf === undefined) return undefined;
    if (!CALENDAR_DAY.test(day)) return undefined;
    const year = Number(day.slice(0, 4));
    // A holiday can start in December and run into January (Incwala in SZ).
    addYear(year - 1);
    addYear(year);
    return names.get(day);
  };

  return {
    isHoliday: (day) => listed.has(day) || publicNamesOf(day) !== undefined,
    nameOf: (day) => publicNamesOf(day)?.join(' and ') ?? (listed.has(day) ? LISTED : undefined),
  };
};
