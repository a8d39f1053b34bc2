import { z } from 'zod';
import { defineSection, defineString, describeExpectation, describeValue, hasIssueUnder } from './config-values.ts';

// ISO 3166-1 alpha-2, officially assigned codes only (249). Intl.DisplayNames cannot validate these: it also
// names UK, EU, XK, ZZ and withdrawn codes such as YU. Kept as an enum so editors complete it from the schema.
const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/** `holidays:`: days off for the whole team, and the country (and region) whose public holidays apply. */
export const ZHolidays = defineSection('a mapping with dates, country and region', {
  dates: z
    .array(z.iso.date(describeExpectation('a calendar date written YYYY-MM-DD, such as 2026-12-25')), {
      error: (issue) => `expected a list of dates written YYYY-MM-DD; got ${describeValue(issue.input)}`,
    })
    .default(() => [])
    .meta({
      description:
        'Days off for the whole team (YYYY-MM-DD), on top of the public holidays of country; they are not business days.',
    }),
  country: z
    .enum(
      COUNTRY_CODES,
      describeExpectation('an ISO 3166-1 alpha-2 country code in capitals, such as FR or GB (not UK)'),
    )
    .optional()
    .meta({
      description:
        'ISO 3166-1 alpha-2 country whose public holidays apply, such as FR, from the date-holidays library: public ' +
        'holidays only, not bank or school holidays nor observances. Checked at startup against the countries it knows.',
    }),
  region: defineString({
    what: 'an ISO 3166-2 subdivision code such as DE-BY',
    pattern: /^[A-Z]{2}-[A-Z0-9]{1,3}$/,
    max: 6,
  })
    .optional()
    .meta({
      description:
        'ISO 3166-2 subdivision within the country, such as DE-BY, whose public holidays (from date-holidays) apply ' +
        'too. Without it only country-wide ones do: GB alone lacks the August bank holiday of England, which needs ' +
        'GB-ENG. Checked at startup against the regions date-holidays knows.',
    }),
}).check((payload) => {
  const holidays = payload.value;
  if (holidays.region === undefined || hasIssueUnder({ issues: payload.issues, keys: ['country', 'region'] })) return;
  if (holidays.country === undefined) {
    payload.issues.push({
      code: 'custom',
      path: ['country'],
      input: holidays.country,
      message: `expected the country that region ${holidays.region} belongs to, such as ${holidays.region.slice(0, 2)}; got nothing (the key is missing)`,
    });
  } else if (!holidays.region.startsWith(`${holidays.country}-`)) {
    payload.issues.push({
      code: 'custom',
      path: ['region'],
      input: holidays.region,
      message: `expected a subdivision of ${holidays.country}, starting with ${holidays.country}-; got ${describeValue(holidays.region)}`,
    });
  }
});
