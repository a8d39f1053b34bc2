import { z } from 'zod';
import { suggestClosest } from '../text/edit-distance.ts';

/**
 * The team's configuration as code (`sitrep.yml`): time zone, holidays, severities, services with their SLA and
 * repositories, reminder and deploy settings. Every key has a default, so an empty file is a valid configuration.
 * Objects are strict, so a misspelt key is an error rather than a setting silently ignored.
 */

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

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const DEFAULT_SEVERITIES = [
  {
    level: 1,
    name: 'SEV1',
    description:
      'Critical: the product is down or losing data for many customers. Page everyone needed now and update ' +
      'stakeholders every 30 minutes.',
  },
  {
    level: 2,
    name: 'SEV2',
    description:
      'Major: a core feature is broken or badly degraded for many customers, with no workaround. Page the responders.',
  },
  {
    level: 3,
    name: 'SEV3',
    description:
      'Minor: partial degradation, or a non-critical feature down with a workaround. Handle in working hours.',
  },
  {
    level: 4,
    name: 'SEV4',
    description: 'Low: a cosmetic issue or a near miss with no customer impact. Track it and learn from it.',
  },
];

const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  return String(value);
};

/** Error option for a schema or check: "expected <what>; got <the value found>". */
const describeExpectation = (what: string) => ({
  error: (issue: { input?: unknown }) => `expected ${what}; got ${describeValue(issue.input)}`,
});

/** A strict mapping: unknown keys are errors that list the keys allowed there. */
const defineSection = <TShape extends z.ZodRawShape>(what: string, shape: TShape) => {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return `expected ${what}; got ${describeValue(issue.input)}`;
      const [onlyKey, ...otherKeys] = issue.keys;
      const suggestion = onlyKey !== undefined && otherKeys.length === 0 ? suggestClosest(onlyKey, allowed) : undefined;
      const hint = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
      return `unknown key${hint}; expected one of ${allowed.join(', ')}`;
    },
  });
};

const defineInteger = ({ what, min, max }: { what: string; min: number; max: number }) =>
  z.int(describeExpectation(what)).min(min, describeExpectation(what)).max(max, describeExpectation(what));

const defineBoolean = (what: string) => z.boolean(describeExpectation(`true or false (${what})`));

const defineString = ({ what, pattern, max }: { what: string; pattern?: RegExp; max: number }) => {
  // abort: one line per bad value, however many of its checks fail.
  const check = { ...describeExpectation(what), abort: true };
  const base = z.string(describeExpectation(what)).min(1, check).max(max, check);
  return pattern === undefined ? base : base.regex(pattern, check);
};

// Cross-key rules run even when a value they compare failed a format check (zod only stops at type errors); they
// stay quiet then, so one mistake gives one line.
const hasIssueUnder = ({ issues, keys }: { issues: readonly { path?: PropertyKey[] | undefined }[]; keys: string[] }) =>
  issues.some((issue) => keys.some((key) => issue.path?.[0] === key));

const isTimeZone = (zone: string): boolean => {
  // Intl also accepts fixed offsets such as +01:00; those have no DST rules, so they are not time zones here.
  if (/^[+-]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const ZSlackMemberId = defineString({
  what: 'a Slack user id (U... or W...) or user group id (S...), such as U024BE7LH, not a @name',
  pattern: /^[UWS][A-Z0-9]{8,}$/,
  max: 32,
});

const ZRepository = defineString({
  what: 'a repository path such as acme/checkout-api or, on GitLab, group/subgroup/name (no URL, no .git)',
  pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)+$/,
  max: 255,
}).refine(
  (repository) => !repository.endsWith('.git'),
  describeExpectation(
    'a repository path such as acme/checkout-api or, on GitLab, group/subgroup/name (no URL, no .git)',
  ),
);

const ZTeam = defineSection('a mapping with timeZone, announcementsChannel and incidentChannelPrefix', {
  timeZone: z
    .string(describeExpectation('an IANA time zone such as Europe/Paris'))
    .refine(isTimeZone, describeExpectation('an IANA time zone such as Europe/Paris'))
    .default('UTC')
    .meta({ description: 'IANA time zone for business days, reminders and dates shown to the team.' }),
  announcementsChannel: defineString({
    what: 'a Slack channel id such as C024BE91L (from the channel details, not the #name)',
    pattern: /^[CG][A-Z0-9]{8,}$/,
    max: 32,
  })
    .optional()
    .meta({ description: 'Slack channel id where new incidents and resolutions are announced.' }),
  incidentChannelPrefix: defineString({
    what: 'lowercase letters, digits and hyphens, at most 20 characters, such as inc',
    pattern: /^[a-z0-9-]+$/,
    max: 20,
  })
    .default('inc')
    .meta({ description: 'Start of every incident channel name, as in inc-2026-03-14-checkout-api.' }),
});

const ZHolidays = defineSection('a mapping with dates, country and region', {
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

const ZSeverity = defineSection('a mapping with level, name and description', {
  level: defineInteger({ what: 'a whole number from 1 (most severe) to 9', min: 1, max: 9 }).meta({
    description: 'Unique level from 1 (most severe) to 9.',
  }),
  name: defineString({
    what: 'a short name such as SEV1, without surrounding spaces, at most 20 characters',
    pattern: /^\S(.*\S)?$/,
    max: 20,
  }).meta({ description: 'Short unique name shown to people, such as SEV1.' }),
  description: defineString({ what: 'a description of when to use this severity', max: 500 }).meta({
    description: 'When to declare an incident at this severity, and what it asks of people.',
  }),
});

const ZSeverities = z
  .array(ZSeverity, {
    error: (issue) =>
      `expected a list of severities with level, name and description; got ${describeValue(issue.input)}`,
  })
  .min(1, describeExpectation('at least one severity'))
  .superRefine((severities, context) => {
    severities.forEach((severity, index) => {
      const levelTwin = severities.findIndex((other) => other.level === severity.level);
      if (levelTwin < index) {
        context.addIssue({
          code: 'custom',
          path: [index, 'level'],
          input: severity.level,
          message: `expected a level not used by another severity; got ${severity.level}, already used by severities[${levelTwin}]`,
        });
      }
      const nameTwin = severities.findIndex((other) => other.name === severity.name);
      if (nameTwin < index) {
        context.addIssue({
          code: 'custom',
          path: [index, 'name'],
          input: severity.name,
          message: `expected a name not used by another severity; got ${describeValue(severity.name)}, already used by severities[${nameTwin}]`,
        });
      }
    });
  })
  .prefault(DEFAULT_SEVERITIES)
  .meta({ description: 'Severity levels, 1 the most severe. Defaults to SEV1 to SEV4.' });

const ZSla = defineSection('a mapping with target, window and degradedWeight', {
  target: z
    .number(describeExpectation('a number between 0 and 100 (exclusive of 100), such as 99.9'))
    .gt(0, describeExpectation('a number between 0 and 100 (exclusive of 100), such as 99.9'))
    .lt(100, describeExpectation('a number between 0 and 100 (exclusive of 100), such as 99.9'))
    .default(99.9)
    .meta({ description: 'Availability objective in percent, such as 99.9.' }),
  window: z
    .enum(['monthly', 'quarterly'], describeExpectation('monthly or quarterly'))
    .default('monthly')
    .meta({ description: 'Calendar period the target is measured over, in the team time zone.' }),
  degradedWeight: z
    .number(describeExpectation('a number from 0 to 1, such as 0.5'))
    .min(0, describeExpectation('a number from 0 to 1, such as 0.5'))
    .max(1, describeExpectation('a number from 0 to 1, such as 0.5'))
    .default(0)
    .meta({ description: 'How much a minute of degraded service counts as downtime: 0 not at all, 1 fully.' }),
});

const ZService = defineSection('a mapping with name, description, owners, responders, sla and repositories', {
  name: defineString({
    what: 'a lowercase slug such as checkout-api (letters, digits, single hyphens), at most 40 characters',
    pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/,
    max: 40,
  }).meta({ description: 'Unique lowercase slug; also used in incident channel names.' }),
  description: defineString({ what: 'a short description of the service', max: 300 })
    .optional()
    .meta({ description: 'What the service does, in a sentence.' }),
  owners: z
    .array(ZSlackMemberId, {
      error: (issue) => `expected a list of Slack user or user group ids; got ${describeValue(issue.input)}`,
    })
    .default(() => [])
    .meta({ description: 'Slack user (U..., W...) or user group (S...) ids accountable for the service.' }),
  responders: z
    .array(ZSlackMemberId, {
      error: (issue) => `expected a list of Slack user or user group ids; got ${describeValue(issue.input)}`,
    })
    .default(() => [])
    .meta({ description: 'Slack user (U..., W...) or user group (S...) ids invited to its incident channels.' }),
  sla: ZSla.prefault({}).meta({ description: 'Availability objective the downtime of incidents is measured against.' }),
  repositories: z
    .array(ZRepository, {
      error: (issue) =>
        `expected a list of repository paths such as acme/checkout-api; got ${describeValue(issue.input)}`,
    })
    .default(() => [])
    .meta({ description: 'Repositories whose deploys change this service, as owner/name or group/subgroup/name.' }),
});

const ZServices = z
  .array(ZService, {
    error: (issue) => `expected a list of services; got ${describeValue(issue.input)}`,
  })
  .superRefine((services, context) => {
    const repositoryOwners = new Map<string, number>();
    services.forEach((service, index) => {
      const twin = services.findIndex((other) => other.name === service.name);
      if (twin < index) {
        context.addIssue({
          code: 'custom',
          path: [index, 'name'],
          input: service.name,
          message: `expected a name not used by another service; got ${describeValue(service.name)}, already used by services[${twin}]`,
        });
      }
      service.repositories.forEach((repository, repositoryIndex) => {
        // GitHub and GitLab paths are case-insensitive.
        const key = repository.toLowerCase();
        const owner = repositoryOwners.get(key);
        if (owner === undefined) {
          repositoryOwners.set(key, index);
          return;
        }
        const where = owner === index ? 'listed twice' : `already belongs to services[${owner}]`;
        context.addIssue({
          code: 'custom',
          path: [index, 'repositories', repositoryIndex],
          input: repository,
          message: `expected a repository that belongs to one service only; got ${describeValue(repository)}, ${where}`,
        });
      });
    });
  })
  .default(() => [])
  .meta({ description: 'The services incidents are about. Each repository belongs to one service at most.' });

const ZReminders = defineSection(
  'a mapping with dayBeforeDue, dueMorningHour, overdueEveryBusinessDay, escalateToLeadAfterBusinessDays, digest and actionBusinessDays',
  {
    dayBeforeDue: defineBoolean('remind the owner the business day before an action is due')
      .default(true)
      .meta({ description: 'Remind an action owner the business day before it is due.' }),
    dueMorningHour: defineInteger({ what: 'an hour of the day from 0 to 23, such as 9', min: 0, max: 23 })
      .default(9)
      .meta({
        description:
          'Hour at which action owners get their reminders, in each owner’s own time zone (from Slack), on business days.',
      }),
    overdueEveryBusinessDay: defineBoolean('remind every business day while an action is overdue')
      .default(true)
      .meta({ description: 'Remind the owner every business day while an action is overdue.' }),
    escalateToLeadAfterBusinessDays: defineInteger({
      what: 'a whole number of business days from 0 to 60, such as 2',
      min: 0,
      max: 60,
    })
      .default(2)
      .meta({ description: 'Tell the incident lead once an action is this many business days overdue (0: at once).' }),
    digest: defineSection('a mapping with weekday and hour', {
      weekday: z
        .enum(WEEKDAYS, describeExpectation('a weekday in lowercase, such as monday'))
        .default('monday')
        .meta({ description: 'Day of the weekly digest of open actions.' }),
      hour: defineInteger({ what: 'an hour of the day from 0 to 23, such as 9', min: 0, max: 23 })
        .default(9)
        .meta({ description: 'Hour (team time zone) of the weekly digest.' }),
    })
      .prefault({})
      .meta({ description: 'Weekly digest of open action items, posted to the announcements channel.' }),
    actionBusinessDays: defineInteger({
      what: 'a whole number of business days from 1 to 60, such as 5',
      min: 1,
      max: 60,
    })
      .default(5)
      .meta({ description: 'Business days an action item gets when no due date is given.' }),
  },
);

const ZDeploys = defineSection('a mapping with suspectLookbackMinutes and changeFailureWindowHours', {
  suspectLookbackMinutes: defineInteger({
    what: 'a whole number of minutes from 1 to 1440, such as 120',
    min: 1,
    max: 1440,
  })
    .default(120)
    .meta({ description: 'Deploys this many minutes before an incident started are shown as suspects.' }),
  changeFailureWindowHours: defineInteger({
    what: 'a whole number of hours from 1 to 168, such as 24',
    min: 1,
    max: 168,
  })
    .default(24)
    .meta({ description: 'A deploy followed by an incident within this many hours counts as a failed change.' }),
});

const ZAlerts = defineSection('a mapping with serviceLabel', {
  serviceLabel: defineString({
    what: 'an alert label name such as service (letters, digits, _ . - / :)',
    pattern: /^[A-Za-z_][A-Za-z0-9_./:-]*$/,
    max: 100,
  })
    .default('service')
    .meta({ description: 'Alert label (or tag) whose value is the service name.' }),
});

const ZPostmortem = defineSection('a mapping with template and slowDetectionMinutes', {
  template: defineString({ what: 'a file path such as templates/postmortem.md', max: 500 })
    .default('templates/postmortem.md')
    .meta({ description: 'Postmortem template, relative to the working directory.' }),
  slowDetectionMinutes: defineInteger({
    what: 'a whole number of minutes from 1 to 1440, such as 10',
    min: 1,
    max: 1440,
  })
    .default(10)
    .meta({ description: 'Detection slower than this many minutes is called out in the postmortem.' }),
});

export const ZTeamConfig = defineSection(
  'a mapping of settings: team, holidays, severities, defaultSeverity, services, reminders, deploys, alerts, postmortem',
  {
    team: ZTeam.prefault({}).meta({ description: 'Where the team works and where sitrep talks to it.' }),
    holidays: ZHolidays.prefault({}).meta({
      description:
        'Days that are not business days, for reminders and due dates: the listed dates plus the public holidays of ' +
        'country (and region) from the date-holidays library.',
    }),
    severities: ZSeverities,
    defaultSeverity: defineInteger({ what: 'a severity level from 1 to 9, such as 3', min: 1, max: 9 })
      .default(3)
      .meta({ description: 'Severity of a newly declared incident when none is given; one of the levels.' }),
    services: ZServices,
    reminders: ZReminders.prefault({}).meta({
      description: 'When action item owners and incident leads are reminded.',
    }),
    deploys: ZDeploys.prefault({}).meta({ description: 'How deploys are linked to incidents.' }),
    alerts: ZAlerts.prefault({}).meta({ description: 'How alerts are matched to services.' }),
    postmortem: ZPostmortem.prefault({}).meta({ description: 'Postmortem document settings.' }),
  },
)
  .check((payload) => {
    const config = payload.value;
    if (hasIssueUnder({ issues: payload.issues, keys: ['severities', 'defaultSeverity'] })) return;
    const levels = config.severities.map((severity) => severity.level);
    if (!levels.includes(config.defaultSeverity)) {
      payload.issues.push({
        code: 'custom',
        path: ['defaultSeverity'],
        input: config.defaultSeverity,
        message: `expected one of the severity levels ${levels.join(', ')}; got ${config.defaultSeverity}`,
      });
    }
  })
  .meta({
    title: 'sitrep team configuration',
    description:
      'Configuration as code for the sitrep incident bot (sitrep.yml). Every key is optional; see sitrep.example.yml.',
  });

export type TTeamConfig = z.infer<typeof ZTeamConfig>;

export type TeamConfigResult = { ok: true; config: TTeamConfig } | { ok: false; errors: string[] };

const formatPath = (path: readonly PropertyKey[]): string =>
  path.length === 0
    ? '(top level)'
    : path
        .map((segment, index) =>
          typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
        )
        .join('');

/**
 * Validates a parsed `sitrep.yml` document and fills in the defaults. Never throws on user input.
 *
 * Each error is one line naming the key path and what was expected there, such as
 * `services[0].sla.target: expected a number between 0 and 100 (exclusive of 100), such as 99.9; got 100.5`.
 * An unknown key gets a line of its own (`team.timezone: unknown key (did you mean timeZone?); ...`).
 * Rules across keys (unique levels, service names and repositories; `defaultSeverity` among the levels) are
 * checked once the values they compare are valid, so a second run may report more.
 *
 * @example
 * parseTeamConfig({}) // { ok: true, config: { team: { timeZone: 'UTC', incidentChannelPrefix: 'inc' }, ... } }
 */
export const parseTeamConfig = (raw: unknown): TeamConfigResult => {
  const result = ZTeamConfig.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  const errors = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${formatPath([...issue.path, key])}: ${issue.message}`)
      : [`${formatPath(issue.path)}: ${issue.message}`],
  );
  return { ok: false, errors };
};

/** JSON Schema (draft-07, which editors support widely) of what may be written in `sitrep.yml`. */
export const buildTeamConfigJsonSchema = () => z.toJSONSchema(ZTeamConfig, { io: 'input', target: 'draft-07' });
