import { z } from 'zod';
import { suggestClosest } from '../text/edit-distance.ts';
import { TRACKER_NAMES } from '../trackers/tracker.ts';
import { ZBackup } from './backup-section.ts';
import { defineInteger, defineSection, defineString, hasIssueUnder } from './config-values.ts';
import { ZHolidays } from './holidays-section.ts';
import { ZReminders } from './reminders-section.ts';
import { ZServices } from './services-section.ts';
import { ZSeverities } from './severities-section.ts';
import { ZStatusPage } from './status-page-section.ts';
import { ZTeam } from './team-section.ts';
import { type TTrackerTargetConfig, ZTrackers } from './trackers-section.ts';

/**
 * The team's configuration as code (`sitrep.yml`): time zone, holidays, severities, services with their SLA and
 * repositories, reminder and deploy settings. Every key has a default, so an empty file is a valid configuration.
 * Objects are strict, so a misspelt key is an error rather than a setting silently ignored.
 */

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

type TrackerChoices = {
  trackers: { jira?: unknown; linear?: unknown; github?: unknown; target?: TTrackerTargetConfig | undefined };
  services: { tracker?: TTrackerTargetConfig | undefined }[];
};

/** A ticket target needs its tracker's connection under `trackers:`. */
const trackerConnectionIssues = (value: TrackerChoices) => {
  const issues: { code: 'custom'; path: PropertyKey[]; input: unknown; message: string }[] = [];
  const targets: [PropertyKey[], TTrackerTargetConfig | undefined][] = [
    [['trackers', 'target'], value.trackers.target],
    ...value.services.map((service, index): [PropertyKey[], TTrackerTargetConfig | undefined] => [
      ['services', index, 'tracker'],
      service.tracker,
    ]),
  ];
  for (const [path, target] of targets) {
    if (target === undefined) continue;
    const kind = 'jira' in target ? 'jira' : 'linear' in target ? 'linear' : 'github';
    if (value.trackers[kind] !== undefined) continue;
    issues.push({
      code: 'custom',
      path: [...path, kind],
      input: target,
      message: `expected trackers.${kind} to say how to reach ${TRACKER_NAMES[kind]}; it is missing`,
    });
  }
  return issues;
};

/** A service on the status page must be one of `services`, and appear once. */
const statusPageServiceIssues = (value: {
  services: { name: string }[];
  statusPage?: { groups: { services: { service: string; name: string }[] }[] } | undefined;
}) => {
  const known = value.services.map((service) => service.name);
  const seen = new Set<string>();
  // Public names are the page's only names: two alike would be one service to a reader, a feed or a badge.
  const seenNames = new Set<string>();
  return (value.statusPage?.groups ?? []).flatMap((group, groupIndex) =>
    group.services.flatMap(({ service, name }, index) => {
      const path = ['statusPage', 'groups', groupIndex, 'services', index, 'service'];
      const twice = seen.has(service);
      seen.add(service);
      const sameName = seenNames.has(name.toLowerCase());
      seenNames.add(name.toLowerCase());
      if (sameName) {
        const at = ['statusPage', 'groups', groupIndex, 'services', index, 'name'];
        return [
          {
            code: 'custom' as const,
            path: at,
            input: name,
            message: `expected a public name no other service on the page has; got ${JSON.stringify(name)} again`,
          },
        ];
      }
      if (!known.includes(service)) {
        const near = suggestClosest(service, known);
        const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
        return [
          {
            code: 'custom' as const,
            path,
            input: service,
            message: `expected one of the services${hint}; got ${JSON.stringify(service)}`,
          },
        ];
      }
      return twice
        ? [
            {
              code: 'custom' as const,
              path,
              input: service,
              message: `expected each service on the page once; got ${JSON.stringify(service)} again`,
            },
          ]
        : [];
    }),
  );
};

/** Each service given a Statuspage component must be on the page: the component mirrors what the page says of it. */
const statuspageComponentIssues = (value: {
  statusPage?: { groups: { services: { service: string }[] }[]; atlassian?: { components: Record<string, string> } };
}) => {
  const onPage = (value.statusPage?.groups ?? []).flatMap((group) => group.services.map((entry) => entry.service));
  return Object.keys(value.statusPage?.atlassian?.components ?? {}).flatMap((service) => {
    if (onPage.includes(service)) return [];
    const near = suggestClosest(service, onPage);
    const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
    return [
      {
        code: 'custom' as const,
        path: ['statusPage', 'atlassian', 'components', service],
        input: service,
        message: `expected a service listed under statusPage.groups${hint}; got ${JSON.stringify(service)}`,
      },
    ];
  });
};

export const ZTeamConfig = defineSection(
  'a mapping of settings: team, holidays, severities, defaultSeverity, services, reminders, deploys, alerts, postmortem, backup, trackers, statusPage',
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
    backup: ZBackup.prefault({}).meta({ description: 'Scheduled backups of the embedded database.' }),
    trackers: ZTrackers.prefault({}).meta({
      description: 'Issue trackers action items become tickets in, kept in step both ways.',
    }),
    statusPage: ZStatusPage.optional().meta({
      description: 'The public status page at /status: which services appear, under which names and groups.',
    }),
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
    payload.issues.push(...trackerConnectionIssues(config));
    if (hasIssueUnder({ issues: payload.issues, keys: ['services'] })) return;
    payload.issues.push(...statusPageServiceIssues(config));
    payload.issues.push(...statuspageComponentIssues(config));
    config.services.forEach((service, index) => {
      service.pagerduty?.severities.forEach((level, levelIndex) => {
        if (levels.includes(level)) return;
        payload.issues.push({
          code: 'custom',
          path: ['services', index, 'pagerduty', 'severities', levelIndex],
          input: level,
          message: `expected one of the severity levels ${levels.join(', ')}; got ${level}`,
        });
      });
    });
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
