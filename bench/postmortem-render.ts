import type { PostmortemFacts, TimelineRow } from '../src/domain/postmortem/postmortem-facts.ts';
import { buildPostmortemModel } from '../src/domain/postmortem/postmortem-model.ts';
import { computeDowntime } from '../src/domain/sla/downtime.ts';
import { periodContaining } from '../src/domain/sla/sla-period.ts';
import { parseTeamConfig } from '../src/domain/team-config/team-config.ts';
import { DEFAULT_TEMPLATE_PATH, loadPostmortemTemplate, renderPostmortem } from '../src/render/postmortem.ts';
import { timeMedian } from './timing.ts';

export type PostmortemRenderFigure = { case: string; entries: number; ms: number };

const ENTRIES = 10_000;
const DAYS = 5;
const HOUR = 3_600_000;

/** Deterministic pseudo-random numbers (mulberry32), so every run renders the same postmortem. */
const createRandom = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const SOURCES = ['command', 'reaction', 'shortcut', 'deploy', 'alert', 'lifecycle', 'role', 'impact', 'system'];

const PHRASES = [
  'error rate on *checkout-api* back above 5%',
  'rolled back to v1.4.1, watching <https://grafana.example/d/checkout?from=now-1h|the dashboard>',
  '<@U02ALICE> can you check the payment provider status page?',
  'p99 latency 2.3 s on `POST /orders`, DB connections saturated',
  'customers report failed card payments in FR &amp; DE',
  'paging the database on-call <!subteam^S01DBA|@dba-oncall>',
];

/** A five-day incident with 10,000 timeline entries, deploys, alerts and action items, as the store hands it over. */
const buildFacts = (): PostmortemFacts => {
  const random = createRandom(7);
  const start = Date.parse('2026-11-23T06:00:00Z');
  const instants = Array.from({ length: ENTRIES }, () => start + Math.floor(random() * DAYS * 24 * HOUR)).sort(
    (a, b) => a - b,
  );
  const timeline: TimelineRow[] = instants.map((at, i) => {
    const source = SOURCES[Math.floor(random() * SOURCES.length)] ?? 'command';
    return {
      occurredAt: new Date(at),
      source,
      actorId: source === 'deploy' || source === 'system' ? null : `U0${Math.floor(random() * 40)}PERSON`,
      text: `${PHRASES[Math.floor(random() * PHRASES.length)]} (#${i})`,
      permalink: source === 'reaction' ? `https://acme.slack.com/archives/C0INC42/p${Math.floor(at / 1000)}` : null,
      files: [],
      edited: false,
    };
  });
  const impactWindows: PostmortemFacts['impactWindows'] = [
    { service: 'checkout-api', kind: 'outage', startedAt: new Date(start), endedAt: new Date(start + 3 * HOUR) },
  ];
  const resolvedAt = new Date(start + DAYS * 24 * HOUR);
  return {
    incident: {
      id: 'inc-42',
      number: 42,
      title: 'Checkout fails for card payments & refunds',
      description: null,
      severity: 1,
      status: 'resolved',
      channelId: 'C0INC42AA',
      channelName: 'inc-2026-11-23-checkout-api',
      summaryTs: null,
      channelProblem: null,
      declaredBy: 'U01PERSON',
      declaredAt: new Date(start + 25 * 60_000),
      impactStartedAt: new Date(start),
      detectedAt: null,
      identifiedAt: new Date(start + HOUR),
      mitigatedAt: new Date(start + 3 * HOUR),
      resolvedAt,
      services: ['checkout-api', 'payments-worker'],
      roles: { lead: 'U01PERSON' },
    },
    timeline,
    impactWindows,
    downtime: [
      computeDowntime({
        spans: impactWindows.map((window) => ({ ...window, incidentId: 'inc-42' })),
        service: 'checkout-api',
        period: periodContaining({ instant: resolvedAt, window: 'monthly', zone: 'Europe/Paris' }),
        target: 99.9,
        degradedWeight: 0,
        now: resolvedAt,
      }),
    ],
    deploys: Array.from({ length: 40 }, (_, i) => ({
      service: i % 2 === 0 ? 'checkout-api' : 'payments-worker',
      environment: i % 3 === 0 ? 'staging' : 'production',
      version: `v1.4.${i % 5}`,
      layer: 'artifact',
      status: i % 7 === 0 ? 'rolled_back' : 'succeeded',
      actor: 'alice',
      url: `https://ci.example/runs/${i}`,
      occurredAt: new Date(start - 26 * HOUR + i * HOUR),
    })),
    alerts: [],
    actionItems: [],
    names: { U01PERSON: 'Ada' },
  };
};

/** The postmortem of a 10,000-entry incident with the default template: model and Markdown, median of 20 runs. */
export const benchPostmortemRender = async (): Promise<PostmortemRenderFigure[]> => {
  const facts = buildFacts();
  const parsed = parseTeamConfig({ team: { timeZone: 'Europe/Paris' } });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const team = parsed.config;
  const now = new Date('2026-11-28T07:00:00Z');
  const template = await loadPostmortemTemplate({ path: DEFAULT_TEMPLATE_PATH });
  const cases: [string, () => unknown][] = [
    ['model only', () => buildPostmortemModel({ facts, team, now })],
    ['model and Markdown', () => renderPostmortem({ template, model: buildPostmortemModel({ facts, team, now }) })],
  ];
  return cases.map(([name, render]) => ({ case: name, entries: facts.timeline.length, ms: timeMedian(render) }));
};
