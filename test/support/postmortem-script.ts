import type { PostmortemFacts } from '../../src/domain/postmortem/postmortem-facts.ts';
import { computeDowntime } from '../../src/domain/sla/downtime.ts';
import { periodContaining } from '../../src/domain/sla/sla-period.ts';
import { parseTeamConfig, type TTeamConfig } from '../../src/domain/team-config/team-config.ts';

// The scripted incident of the postmortem tests, on Monday 23 November 2026 in Paris (UTC+1):
// v1.4.1 in production at 03:00, v1.4.2 in staging at 10:00 and in production at 13:50; impact from 13:58;
// declared at 14:21 with no alert before; rolled back at 15:35, mitigated at 15:40, resolved at 16:05.

/** `paris('13:58')`: that time on 23 November 2026 in Paris, as a UTC instant. */
export const paris = (time: string, day = '2026-11-23'): Date => new Date(`${day}T${time}:00+01:00`);

export const buildTeam = (overrides: Record<string, unknown> = {}): TTeamConfig => {
  const parsed = parseTeamConfig({
    team: { timeZone: 'Europe/Paris' },
    services: [{ name: 'checkout-api', sla: { target: 99.9 } }],
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config;
};

type Deploy = PostmortemFacts['deploys'][number];

export const deploy = (fields: Partial<Deploy> & Pick<Deploy, 'occurredAt'>): Deploy => ({
  service: 'checkout-api',
  environment: 'production',
  version: 'v1.4.2',
  layer: 'artifact',
  status: 'succeeded',
  actor: 'alice',
  url: 'https://ci.example/runs/812',
  ...fields,
});

/** The script's facts; `change` edits a copy before downtime is measured from its impact windows. */
export const buildScriptFacts = (change: (facts: PostmortemFacts) => void = () => {}): PostmortemFacts => {
  const facts: PostmortemFacts = {
    incident: {
      id: 'inc-42',
      number: 42,
      title: 'Checkout fails for card payments',
      description: null,
      severity: 2,
      status: 'resolved',
      channelId: 'C0INC42AA',
      channelName: 'inc-2026-11-23-checkout-api',
      summaryTs: null,
      channelProblem: null,
      declaredBy: 'U0BOBBBBB',
      declaredAt: paris('14:21'),
      impactStartedAt: paris('13:58'),
      detectedAt: null,
      identifiedAt: paris('14:40'),
      mitigatedAt: paris('15:40'),
      resolvedAt: paris('16:05'),
      services: ['checkout-api'],
      roles: { lead: 'U0ADAAAAA', scribe: 'U0BOBBBBB' },
    },
    timeline: [
      {
        occurredAt: paris('14:21'),
        source: 'lifecycle',
        actorId: 'U0BOBBBBB',
        text: '<@U0BOBBBBB> declared a SEV2 incident: Checkout fails for card payments',
        permalink: null,
        files: [],
        edited: false,
      },
      {
        occurredAt: paris('15:35'),
        source: 'deploy',
        actorId: null,
        text: ':leftwards_arrow_with_hook: checkout-api v1.4.1 rolled back to production by alice (artifact)',
        permalink: null,
        files: [],
        edited: false,
      },
      {
        occurredAt: paris('00:10', '2026-11-24'),
        source: 'command',
        actorId: 'U0ADAAAAA',
        text: ':memo: <@U0ADAAAAA> noted: card payments *back to normal* for a night',
        permalink: 'https://acme.slack.com/archives/C0INC42AA/p1',
        files: [],
        edited: false,
      },
    ],
    impactWindows: [{ service: 'checkout-api', kind: 'outage', startedAt: paris('13:58'), endedAt: paris('15:40') }],
    downtime: [],
    deploys: [
      deploy({ version: 'v1.4.1', occurredAt: paris('03:00') }),
      deploy({ environment: 'staging', occurredAt: paris('10:00') }),
      deploy({ occurredAt: paris('13:50') }),
      deploy({ version: 'v1.4.1', status: 'rolled_back', url: null, occurredAt: paris('15:35') }),
    ],
    alerts: [],
    actionItems: [
      {
        title: 'Add a contract test for the card provider',
        kind: 'test',
        ownerId: 'U0ADAAAAA',
        dueAt: paris('18:00', '2026-11-30'),
        status: 'open',
        trackerUrl: 'https://tracker.example/SIT-7',
      },
      // A suggestion nobody accepted yet stays out of the action items.
      { title: 'Page on 5xx', kind: 'alarm', ownerId: null, dueAt: null, status: 'suggested', trackerUrl: null },
    ],
    names: { U0ADAAAAA: 'Ada', U0BOBBBBB: 'Bob' },
  };
  change(facts);
  const resolvedOrNow = facts.incident.resolvedAt ?? paris('18:00');
  facts.downtime = [
    computeDowntime({
      spans: facts.impactWindows.map((window) => ({ ...window, incidentId: facts.incident.id })),
      service: 'checkout-api',
      period: periodContaining({ instant: resolvedOrNow, window: 'monthly', zone: 'Europe/Paris' }),
      target: 99.9,
      degradedWeight: 0,
      now: resolvedOrNow,
    }),
  ];
  return facts;
};

/** The script with every condition of a question or suggestion false: quick, alerted, no change, small impact. */
export const buildQuietFacts = (change: (facts: PostmortemFacts) => void = () => {}): PostmortemFacts =>
  buildScriptFacts((facts) => {
    facts.incident.declaredAt = paris('14:05');
    facts.incident.mitigatedAt = paris('14:30');
    facts.incident.resolvedAt = paris('14:50');
    facts.impactWindows = [
      { service: 'checkout-api', kind: 'degraded', startedAt: paris('13:58'), endedAt: paris('14:30') },
    ];
    facts.deploys = [deploy({ environment: 'staging', occurredAt: paris('12:30') })];
    facts.alerts = [
      { service: 'checkout-api', alertName: 'HighErrorRate', status: 'firing', startsAt: paris('14:00') },
    ];
    change(facts);
  });
