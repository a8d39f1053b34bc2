import { describe, expect, it } from 'vitest';
import { parseTeamConfig } from '../../../src/domain/team-config/team-config.ts';

const service = (overrides: Record<string, unknown> = {}) => ({ name: 'checkout-api', ...overrides });

describe('parseTeamConfig', () => {
  it('fills every default from an empty document', () => {
    const result = parseTeamConfig({});
    expect(result).toEqual({
      ok: true,
      config: {
        team: { timeZone: 'UTC', incidentChannelPrefix: 'inc' },
        holidays: { dates: [] },
        severities: [
          expect.objectContaining({ level: 1, name: 'SEV1' }),
          expect.objectContaining({ level: 2, name: 'SEV2' }),
          expect.objectContaining({ level: 3, name: 'SEV3' }),
          expect.objectContaining({ level: 4, name: 'SEV4' }),
        ],
        defaultSeverity: 3,
        services: [],
        reminders: {
          dayBeforeDue: true,
          dueMorningHour: 9,
          overdueEveryBusinessDay: true,
          escalateToLeadAfterBusinessDays: 2,
          digest: { weekday: 'monday', hour: 9 },
          actionBusinessDays: 5,
        },
        deploys: { suspectLookbackMinutes: 120, changeFailureWindowHours: 24 },
        alerts: { serviceLabel: 'service' },
        postmortem: { template: 'templates/postmortem.md', slowDetectionMinutes: 10 },
        backup: { keep: 7 },
        trackers: {},
      },
    });
  });

  it('gives every default severity a description', () => {
    const result = parseTeamConfig({});
    if (!result.ok) throw new Error(result.errors.join('\n'));
    for (const severity of result.config.severities) expect(severity.description.length).toBeGreaterThan(30);
  });

  it('fills the defaults of a service given only its name', () => {
    const result = parseTeamConfig({ services: [service()] });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.services).toEqual([
      {
        name: 'checkout-api',
        owners: [],
        responders: [],
        sla: { target: 99.9, window: 'monthly', degradedWeight: 0, excludeMaintenance: false },
        repositories: [],
      },
    ]);
  });

  it('does not share default lists between parses', () => {
    const first = parseTeamConfig({});
    const second = parseTeamConfig({});
    if (!first.ok || !second.ok) throw new Error('defaults should parse');
    first.config.holidays.dates.push('2026-01-01');
    first.config.severities.pop();
    expect(second.config.holidays.dates).toEqual([]);
    expect(second.config.severities).toHaveLength(4);
  });

  it.each([
    ['a time zone alias', { team: { timeZone: 'US/Eastern' } }],
    ['a time zone with other letter case', { team: { timeZone: 'europe/paris' } }],
    ['a leap day', { holidays: { dates: ['2028-02-29'] } }],
    ['a region inside its country', { holidays: { country: 'DE', region: 'DE-BY' } }],
    ['a GitLab subgroup repository', { services: [service({ repositories: ['acme/platform/search-api'] })] }],
    ['a Slack user group as owner', { services: [service({ owners: ['S05PAYMENTS'], responders: ['W012A3CDE'] })] }],
    ['an SLA target just under 100', { services: [service({ sla: { target: 99.999 } })] }],
    ['a degraded weight of exactly 1', { services: [service({ sla: { degradedWeight: 1 } })] }],
    [
      'custom severities with the default among them',
      { severities: [{ level: 1, name: 'P1', description: 'x' }], defaultSeverity: 1 },
    ],
    [
      'the same repository name under different owners',
      { services: [service({ repositories: ['a/api'] }), { name: 'b', repositories: ['b/api'] }] },
    ],
  ])('accepts %s', (_rule, raw) => {
    expect(parseTeamConfig(raw)).toMatchObject({ ok: true });
  });

  it.each([
    [
      'rejects an SLA target of 100 or more',
      { services: [service({ sla: { target: 100.5 } })] },
      'services[0].sla.target: expected a number between 0 and 100 (exclusive of 100), such as 99.9; got 100.5',
    ],
    [
      'rejects an SLA target of 0',
      { services: [service({ sla: { target: 0 } })] },
      'services[0].sla.target: expected a number between 0 and 100 (exclusive of 100), such as 99.9; got 0',
    ],
    [
      'rejects an SLA target written as text',
      { services: [service({ sla: { target: '99.9%' } })] },
      'services[0].sla.target: expected a number between 0 and 100 (exclusive of 100), such as 99.9; got "99.9%"',
    ],
    [
      'rejects an SLA window other than monthly or quarterly',
      { services: [service({ sla: { window: 'weekly' } })] },
      'services[0].sla.window: expected monthly or quarterly; got "weekly"',
    ],
    [
      'rejects a degraded weight above 1',
      { services: [service({ sla: { degradedWeight: 50 } })] },
      'services[0].sla.degradedWeight: expected a number from 0 to 1, such as 0.5; got 50',
    ],
    [
      'rejects excludeMaintenance that is not a boolean',
      { services: [service({ sla: { excludeMaintenance: 'yes' } })] },
      'services[0].sla.excludeMaintenance: expected true or false (leave impact inside scheduled maintenance out of downtime); got "yes"',
    ],
    [
      'rejects a time zone unknown to Intl',
      { team: { timeZone: 'Europe/Pariss' } },
      'team.timeZone: expected an IANA time zone such as Europe/Paris; got "Europe/Pariss"',
    ],
    [
      'rejects a fixed UTC offset as time zone',
      { team: { timeZone: '+01:00' } },
      'team.timeZone: expected an IANA time zone such as Europe/Paris; got "+01:00"',
    ],
    [
      'rejects a channel name where a channel id belongs',
      { team: { announcementsChannel: '#incidents' } },
      'team.announcementsChannel: expected a Slack channel id such as C024BE91L (from the channel details, not the #name); got "#incidents"',
    ],
    [
      'rejects uppercase in the incident channel prefix',
      { team: { incidentChannelPrefix: 'INC' } },
      'team.incidentChannelPrefix: expected lowercase letters, digits and hyphens, at most 20 characters, such as inc; got "INC"',
    ],
    [
      'rejects an incident channel prefix over 20 characters',
      { team: { incidentChannelPrefix: 'incident-response-channel' } },
      'team.incidentChannelPrefix: expected lowercase letters, digits and hyphens, at most 20 characters, such as inc; got "incident-response-channel"',
    ],
    [
      'rejects a date that is not on the calendar',
      { holidays: { dates: ['2026-02-30'] } },
      'holidays.dates[0]: expected a calendar date written YYYY-MM-DD, such as 2026-12-25; got "2026-02-30"',
    ],
    [
      'rejects a date in another format',
      { holidays: { dates: ['2026-01-01', '25/12/2026'] } },
      'holidays.dates[1]: expected a calendar date written YYYY-MM-DD, such as 2026-12-25; got "25/12/2026"',
    ],
    [
      'rejects a reserved country code',
      { holidays: { country: 'UK' } },
      'holidays.country: expected an ISO 3166-1 alpha-2 country code in capitals, such as FR or GB (not UK); got "UK"',
    ],
    [
      'rejects a country code in lowercase',
      { holidays: { country: 'fr' } },
      'holidays.country: expected an ISO 3166-1 alpha-2 country code in capitals, such as FR or GB (not UK); got "fr"',
    ],
    [
      'rejects a region outside the country',
      { holidays: { country: 'FR', region: 'DE-BY' } },
      'holidays.region: expected a subdivision of FR, starting with FR-; got "DE-BY"',
    ],
    [
      'rejects a region in lowercase, without also blaming the country',
      { holidays: { country: 'DE', region: 'de-by' } },
      'holidays.region: expected an ISO 3166-2 subdivision code such as DE-BY; got "de-by"',
    ],
    [
      'rejects a default severity only once the severities are valid',
      { severities: [{ level: 12, name: 'SEV12', description: 'Meh.' }] },
      'severities[0].level: expected a whole number from 1 (most severe) to 9; got 12',
    ],
    [
      'rejects a region without a country',
      { holidays: { region: 'DE-BY' } },
      'holidays.country: expected the country that region DE-BY belongs to, such as DE; got nothing (the key is missing)',
    ],
    [
      'rejects a severity level outside 1 to 9',
      { severities: [{ level: 0, name: 'SEV0', description: 'Everything is on fire.' }], defaultSeverity: 1 },
      'severities[0].level: expected a whole number from 1 (most severe) to 9; got 0',
    ],
    [
      'rejects a severity without a name',
      { severities: [{ level: 1, description: 'Everything is on fire.' }], defaultSeverity: 1 },
      'severities[0].name: expected a short name such as SEV1, without surrounding spaces, at most 20 characters; got nothing (the key is missing)',
    ],
    [
      'rejects an empty severity list',
      { severities: [] },
      'severities: expected at least one severity; got an empty list',
    ],
    [
      'rejects a service name that is not a slug',
      { services: [service({ name: 'Checkout API' })] },
      'services[0].name: expected a lowercase slug such as checkout-api (letters, digits, single hyphens), at most 40 characters; got "Checkout API"',
    ],
    [
      'rejects a service without a name',
      { services: [{ owners: [] }] },
      'services[0].name: expected a lowercase slug such as checkout-api (letters, digits, single hyphens), at most 40 characters; got nothing (the key is missing)',
    ],
    [
      'rejects a Slack handle where a user id belongs',
      { services: [service({ owners: ['@alice'] })] },
      'services[0].owners[0]: expected a Slack user id (U... or W...) or user group id (S...), such as U024BE7LH, not a @name; got "@alice"',
    ],
    [
      'rejects a channel id where a responder id belongs',
      { services: [service({ responders: ['C05ABCD1234'] })] },
      'services[0].responders[0]: expected a Slack user id (U... or W...) or user group id (S...), such as U024BE7LH, not a @name; got "C05ABCD1234"',
    ],
    [
      'rejects a single id where a list belongs',
      { services: [service({ owners: 'U05ALICE01' })] },
      'services[0].owners: expected a list of Slack user or user group ids; got "U05ALICE01"',
    ],
    [
      'rejects a repository URL',
      { services: [service({ repositories: ['https://github.com/acme/checkout-api'] })] },
      'services[0].repositories[0]: expected a repository path such as acme/checkout-api or, on GitLab, group/subgroup/name (no URL, no .git); got "https://github.com/acme/checkout-api"',
    ],
    [
      'rejects a repository with a .git suffix',
      { services: [service({ repositories: ['acme/checkout-api.git'] })] },
      'services[0].repositories[0]: expected a repository path such as acme/checkout-api or, on GitLab, group/subgroup/name (no URL, no .git); got "acme/checkout-api.git"',
    ],
    [
      'rejects a repository URL ending in .git once',
      { services: [service({ repositories: ['https://gitlab.com/acme/shop.git'] })] },
      'services[0].repositories[0]: expected a repository path such as acme/checkout-api or, on GitLab, group/subgroup/name (no URL, no .git); got "https://gitlab.com/acme/shop.git"',
    ],
    [
      'rejects a repository without its owner',
      { services: [service({ repositories: ['checkout-api'] })] },
      'services[0].repositories[0]: expected a repository path such as acme/checkout-api or, on GitLab, group/subgroup/name (no URL, no .git); got "checkout-api"',
    ],
    [
      'rejects an hour outside the day',
      { reminders: { dueMorningHour: 24 } },
      'reminders.dueMorningHour: expected an hour of the day from 0 to 23, such as 9; got 24',
    ],
    [
      'rejects a fractional hour',
      { reminders: { digest: { hour: 8.5 } } },
      'reminders.digest.hour: expected an hour of the day from 0 to 23, such as 9; got 8.5',
    ],
    [
      'rejects a capitalised weekday',
      { reminders: { digest: { weekday: 'Monday' } } },
      'reminders.digest.weekday: expected a weekday in lowercase, such as monday; got "Monday"',
    ],
    [
      'rejects yes where a boolean belongs',
      { reminders: { dayBeforeDue: 'yes' } },
      'reminders.dayBeforeDue: expected true or false (remind the owner the business day before an action is due); got "yes"',
    ],
    [
      'rejects a negative escalation delay',
      { reminders: { escalateToLeadAfterBusinessDays: -1 } },
      'reminders.escalateToLeadAfterBusinessDays: expected a whole number of business days from 0 to 60, such as 2; got -1',
    ],
    [
      'rejects zero business days for an action',
      { reminders: { actionBusinessDays: 0 } },
      'reminders.actionBusinessDays: expected a whole number of business days from 1 to 60, such as 5; got 0',
    ],
    [
      'rejects a suspect lookback of zero',
      { deploys: { suspectLookbackMinutes: 0 } },
      'deploys.suspectLookbackMinutes: expected a whole number of minutes from 1 to 1440, such as 120; got 0',
    ],
    [
      'rejects a change failure window over a week',
      { deploys: { changeFailureWindowHours: 200 } },
      'deploys.changeFailureWindowHours: expected a whole number of hours from 1 to 168, such as 24; got 200',
    ],
    [
      'rejects an alert label with spaces',
      { alerts: { serviceLabel: 'service name' } },
      'alerts.serviceLabel: expected an alert label name such as service (letters, digits, _ . - / :); got "service name"',
    ],
    [
      'rejects an empty postmortem template path',
      { postmortem: { template: '' } },
      'postmortem.template: expected a file path such as templates/postmortem.md; got ""',
    ],
    [
      'rejects an empty section written as a bare key',
      { team: null },
      'team: expected a mapping with timeZone, announcementsChannel and incidentChannelPrefix; got an empty value',
    ],
    [
      'rejects a document that is not a mapping',
      ['team'],
      '(top level): expected a mapping of settings: team, holidays, severities, defaultSeverity, services, reminders, deploys, alerts, postmortem, backup, trackers, statusPage; got a list',
    ],
  ])('%s', (_rule, raw, line) => {
    expect(parseTeamConfig(raw)).toEqual({ ok: false, errors: [line] });
  });

  it.each([
    [
      'rejects an unknown key, suggesting the one meant',
      { team: { timezone: 'Europe/Paris' } },
      [
        'team.timezone: unknown key (did you mean timeZone?); expected one of timeZone, announcementsChannel, incidentChannelPrefix',
      ],
    ],
    [
      'rejects an unknown top-level key, suggesting the one meant',
      { service: [] },
      [
        'service: unknown key (did you mean services?); expected one of team, holidays, severities, defaultSeverity, services, reminders, deploys, alerts, postmortem, backup, trackers, statusPage',
      ],
    ],
    [
      'rejects each of several unknown keys on its own line',
      { services: [service({ slo: 99.9, repos: [] })] },
      [
        'services[0].slo: unknown key; expected one of name, description, owners, responders, sla, repositories, pagerduty, tracker',
        'services[0].repos: unknown key; expected one of name, description, owners, responders, sla, repositories, pagerduty, tracker',
      ],
    ],
    [
      'rejects duplicate service names',
      { services: [service(), { name: 'search' }, service()] },
      [
        'services[2].name: expected a name not used by another service; got "checkout-api", already used by services[0]',
      ],
    ],
    [
      'rejects a repository claimed by two services, whatever its case',
      { services: [service({ repositories: ['acme/shop'] }), { name: 'search', repositories: ['Acme/Shop'] }] },
      [
        'services[1].repositories[0]: expected a repository that belongs to one service only; got "Acme/Shop", already belongs to services[0]',
      ],
    ],
    [
      'rejects a repository listed twice in one service',
      { services: [service({ repositories: ['acme/shop', 'acme/shop'] })] },
      [
        'services[0].repositories[1]: expected a repository that belongs to one service only; got "acme/shop", listed twice',
      ],
    ],
    [
      'rejects duplicate severity levels and names',
      {
        severities: [
          { level: 1, name: 'SEV1', description: 'Down.' },
          { level: 1, name: 'SEV1', description: 'Also down.' },
        ],
        defaultSeverity: 1,
      },
      [
        'severities[1].level: expected a level not used by another severity; got 1, already used by severities[0]',
        'severities[1].name: expected a name not used by another severity; got "SEV1", already used by severities[0]',
      ],
    ],
    [
      'rejects a default severity that is not among the default levels',
      { defaultSeverity: 5 },
      ['defaultSeverity: expected one of the severity levels 1, 2, 3, 4; got 5'],
    ],
    [
      'rejects a default severity that is not among the configured levels',
      {
        severities: [
          { level: 1, name: 'P1', description: 'Down.' },
          { level: 2, name: 'P2', description: 'Degraded.' },
        ],
      },
      ['defaultSeverity: expected one of the severity levels 1, 2; got 3'],
    ],
    [
      'rejects a PagerDuty key written in the file instead of the name of its variable',
      { services: [service({ pagerduty: { routingKeyEnv: 'R0123456789abcdef0123456789abcdef' } })] },
      [
        'services[0].pagerduty.routingKeyEnv: expected the name of an environment variable such as PAGERDUTY_CHECKOUT_API (capitals, digits, _), not the key itself; got "R0123456789abcdef0123456789abcdef"',
      ],
    ],
    [
      'rejects a paging severity that is not among the levels',
      { services: [service({ pagerduty: { routingKeyEnv: 'PAGERDUTY_SHOP', severities: [1, 7] } })] },
      ['services[0].pagerduty.severities[1]: expected one of the severity levels 1, 2, 3, 4; got 7'],
    ],
    [
      'reports every problem, not only the first',
      { team: { timeZone: 'Mars/Olympus' }, reminders: { dueMorningHour: -1 } },
      [
        'team.timeZone: expected an IANA time zone such as Europe/Paris; got "Mars/Olympus"',
        'reminders.dueMorningHour: expected an hour of the day from 0 to 23, such as 9; got -1',
      ],
    ],
  ])('%s', (_rule, raw, lines) => {
    expect(parseTeamConfig(raw)).toEqual({ ok: false, errors: lines });
  });
});
