import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../src/config/holiday-calendar.ts';
import { AppError } from '../../src/domain/app-error.ts';
import { parseTeamConfig, type TTeamConfig } from '../../src/domain/team-config/team-config.ts';

const LISTED = 'a holiday in sitrep.yml';

/** The `holidays` section as sitrep.yml would give it, through the real schema. */
const holidaysFrom = (section: Record<string, unknown>): TTeamConfig['holidays'] => {
  const result = parseTeamConfig({ holidays: section });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config.holidays;
};

const loadError = async (section: Record<string, unknown>): Promise<AppError> => {
  const error = await loadHolidayCalendar(holidaysFrom(section)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
};

const run = promisify(execFile);
const calendarModule = fileURLToPath(new URL('../../src/config/holiday-calendar.ts', import.meta.url));

/** Runs `script` (an ES module) in a fresh Node process, where `calendarModule` names src/config/holiday-calendar.ts. */
const runNode = async ({ script, env = {} }: { script: string; env?: Record<string, string> }): Promise<unknown> => {
  const { stdout } = await run(
    process.execPath,
    [
      '--input-type=module',
      '--no-warnings',
      '-e',
      `const calendarModule = ${JSON.stringify(calendarModule)};\n${script}`,
    ],
    { env: { ...process.env, ...env }, timeout: 20_000 },
  );
  return JSON.parse(stdout);
};

describe('loadHolidayCalendar', () => {
  // `expected` is what nameOf() gives; isHoliday() must be true exactly when it gives a name.
  it.each<{ name: string; holidays: Record<string, unknown>; day: string; expected: string | undefined }>([
    { name: 'FR: Bastille Day', holidays: { country: 'FR' }, day: '2026-07-14', expected: 'Bastille Day' },
    { name: 'FR: Christmas Day', holidays: { country: 'FR' }, day: '2026-12-25', expected: 'Christmas Day' },
    { name: 'FR: Christmas Eve is a working day', holidays: { country: 'FR' }, day: '2026-12-24', expected: undefined },
    { name: 'FR: an ordinary Wednesday', holidays: { country: 'FR' }, day: '2026-07-15', expected: undefined },
    {
      name: 'a Saturday is not reported as a holiday (weekends are the business-day rules’ job)',
      holidays: { country: 'FR' },
      day: '2026-07-11',
      expected: undefined,
    },
    {
      name: 'a holiday on a Sunday is still one (FR All Saints’ Day 2026)',
      holidays: { country: 'FR' },
      day: '2026-11-01',
      expected: "All Saints' Day",
    },
    { name: 'GB: Christmas Day', holidays: { country: 'GB' }, day: '2026-12-25', expected: 'Christmas Day' },
    {
      name: 'GB: the substitute day for Boxing Day on a Saturday',
      holidays: { country: 'GB' },
      day: '2026-12-28',
      expected: 'Boxing Day (substitute day)',
    },
    {
      name: 'GB without a region: England’s Summer bank holiday is not there (England needs region GB-ENG)',
      holidays: { country: 'GB' },
      day: '2026-08-31',
      expected: undefined,
    },
    {
      name: 'GB-ENG: the Summer bank holiday, last Monday of August',
      holidays: { country: 'GB', region: 'GB-ENG' },
      day: '2026-08-31',
      expected: 'Summer bank holiday',
    },
    {
      name: 'GB-SCT: the Summer bank holiday, first Monday of August',
      holidays: { country: 'GB', region: 'GB-SCT' },
      day: '2026-08-03',
      expected: 'Summer bank holiday',
    },
    {
      name: 'GB-SCT: Easter Monday is not a holiday in Scotland',
      holidays: { country: 'GB', region: 'GB-SCT' },
      day: '2026-04-06',
      expected: undefined,
    },
    {
      name: 'DE-BY: Epiphany, a Bavarian holiday',
      holidays: { country: 'DE', region: 'DE-BY' },
      day: '2026-01-06',
      expected: 'Epiphany',
    },
    { name: 'DE without a region: no Epiphany', holidays: { country: 'DE' }, day: '2026-01-06', expected: undefined },
    {
      name: 'DE: Christmas Eve afternoon is a bank holiday, not a public one',
      holidays: { country: 'DE', region: 'DE-BY' },
      day: '2026-12-24',
      expected: undefined,
    },
    { name: 'US: Thanksgiving', holidays: { country: 'US' }, day: '2026-11-26', expected: 'Thanksgiving Day' },
    {
      name: 'US: the day after Thanksgiving is an observance, not a holiday',
      holidays: { country: 'US' },
      day: '2026-11-27',
      expected: undefined,
    },
    {
      name: 'US: Christmas Eve is optional, not a holiday',
      holidays: { country: 'US' },
      day: '2026-12-24',
      expected: undefined,
    },
    { name: '2025: US Thanksgiving', holidays: { country: 'US' }, day: '2025-11-27', expected: 'Thanksgiving Day' },
    {
      name: '2025: DE-BY Corpus Christi, 60 days after Easter',
      holidays: { country: 'DE', region: 'DE-BY' },
      day: '2025-06-19',
      expected: 'Corpus Christi',
    },
    { name: '2030: FR Easter Monday', holidays: { country: 'FR' }, day: '2030-04-22', expected: 'Easter Monday' },
    { name: '2030: US Thanksgiving', holidays: { country: 'US' }, day: '2030-11-28', expected: 'Thanksgiving Day' },
    {
      name: 'a listed date without a country',
      holidays: { dates: ['2026-12-24'] },
      day: '2026-12-24',
      expected: LISTED,
    },
    {
      name: 'no public holidays without a country',
      holidays: { dates: ['2026-12-24'] },
      day: '2026-12-25',
      expected: undefined,
    },
    { name: 'no holidays at all by default', holidays: {}, day: '2026-12-25', expected: undefined },
    {
      name: 'a country and listed dates combine: the listed date',
      holidays: { country: 'FR', dates: ['2026-12-24'] },
      day: '2026-12-24',
      expected: LISTED,
    },
    {
      name: 'a country and listed dates combine: the public holiday',
      holidays: { country: 'FR', dates: ['2026-12-24'] },
      day: '2026-12-25',
      expected: 'Christmas Day',
    },
    {
      name: 'a listed date that is also a public holiday is described by its name',
      holidays: { country: 'FR', dates: ['2026-12-25'] },
      day: '2026-12-25',
      expected: 'Christmas Day',
    },
    {
      name: 'a holiday that starts the evening before counts on the day of its date (AE Eid al-Fitr)',
      holidays: { country: 'AE' },
      day: '2026-03-20',
      expected: 'End of Ramadan (Eid al-Fitr)',
    },
    {
      name: 'the day whose evening a holiday starts is not a holiday (AE, eve of Eid al-Fitr)',
      holidays: { country: 'AE' },
      day: '2026-03-19',
      expected: undefined,
    },
    {
      name: 'every day of a holiday of several days (AE Eid al-Fitr, third day)',
      holidays: { country: 'AE' },
      day: '2026-03-22',
      expected: 'End of Ramadan (Eid al-Fitr)',
    },
    {
      name: 'the day after a holiday of several days (AE Eid al-Fitr)',
      holidays: { country: 'AE' },
      day: '2026-03-23',
      expected: undefined,
    },
    {
      name: 'a holiday running over New Year, asked about in the new year first (SZ Incwala, 28 Dec to 2 Jan)',
      holidays: { country: 'SZ' },
      day: '2027-01-02',
      expected: 'Incwala Festival',
    },
    {
      name: 'two public holidays on one day give both names',
      holidays: { country: 'SZ' },
      day: '2027-01-01',
      expected: "Incwala Festival and New Year's Day",
    },
    {
      name: 'text that is not a day is not a holiday',
      holidays: { country: 'FR' },
      day: 'Christmas',
      expected: undefined,
    },
  ])('$name', async ({ holidays, day, expected }) => {
    const calendar = await loadHolidayCalendar(holidaysFrom(holidays));
    expect({ isHoliday: calendar.isHoliday(day), nameOf: calendar.nameOf(day) }).toEqual({
      isHoliday: expected !== undefined,
      nameOf: expected,
    });
  });

  it('answers again from what it worked out, across years', async () => {
    const calendar = await loadHolidayCalendar(holidaysFrom({ country: 'FR' }));
    const days = ['2026-07-14', '2025-07-14', '2030-07-14', '2026-07-14'];
    expect(days.map((day) => calendar.nameOf(day))).toEqual(Array(4).fill('Bastille Day'));
  });

  it.each<{ name: string; holidays: Record<string, unknown>; code: string; message: RegExp }>([
    {
      name: 'a region date-holidays does not know fails and lists the known ones',
      holidays: { country: 'DE', region: 'DE-ZZ' },
      code: 'CONFIG_INVALID',
      message: /^holidays\.region: date-holidays has no region ZZ in DE; known: BB, BE, BW, BY, .*, TH$/,
    },
    {
      name: 'a region of a country date-holidays knows no regions of fails',
      holidays: { country: 'MC', region: 'MC-MO' },
      code: 'CONFIG_INVALID',
      message: /^holidays\.region: date-holidays has no region MO in MC; known: none, so leave region out$/,
    },
    {
      name: 'a country date-holidays does not know fails and lists the known ones',
      holidays: { country: 'AQ' },
      code: 'CONFIG_INVALID',
      message: /^holidays\.country: date-holidays has no holidays for AQ; known: AD, AE, .*, FR, .*, ZW$/,
    },
  ])('$name', async ({ holidays, code, message }) => {
    const error = await loadError(holidays);
    expect(error.code).toBe(code);
    expect(error.userMessage).toMatch(message);
  });

  it('loads date-holidays only when a country is set', async () => {
    const loaded = await runNode({
      script: `
        import { registerHooks } from 'node:module';
        const resolved = [];
        registerHooks({ resolve: (specifier, context, next) => { const result = next(specifier, context); resolved.push(result.url); return result; } });
        const loadsDateHolidays = () => resolved.some((url) => url.includes('/node_modules/date-holidays/'));
        const { loadHolidayCalendar } = await import(calendarModule);
        const listedOnly = await loadHolidayCalendar({ dates: ['2026-12-24'] });
        listedOnly.isHoliday('2026-12-24');
        const withoutCountry = loadsDateHolidays();
        await loadHolidayCalendar({ dates: [], country: 'FR' });
        console.log(JSON.stringify({ withoutCountry, withCountry: loadsDateHolidays() }));
      `,
    });
    expect(loaded).toEqual({ withoutCountry: false, withCountry: true });
  });

  it('gives the same days whatever the process time zone, even where clocks jump at midnight', async () => {
    // date-holidays works out ends with the local clock; in Santiago 8 September 2024 started at 01:00, which once
    // made Brazil's Independence Day (7 September) run into the 8th.
    const script = `
      const { loadHolidayCalendar } = await import(calendarModule);
      const calendar = await loadHolidayCalendar({ dates: [], country: 'BR' });
      console.log(JSON.stringify(['2024-09-06', '2024-09-07', '2024-09-08'].map((day) => calendar.isHoliday(day))));
    `;
    const zones = ['UTC', 'America/Santiago', 'Asia/Tokyo'];
    const answers = await Promise.all(zones.map((TZ) => runNode({ script, env: { TZ } })));
    expect(answers).toEqual(zones.map(() => [false, true, false]));
  });
});
