import {
  renderTimelineForSlack,
  renderTimelineJson,
  renderTimelineMarkdown,
  type TimelineItem,
  type TimelineSource,
} from '../src/render/timeline.ts';
import { timeMedian } from './timing.ts';

export type TimelineRenderFigure = { case: string; items: number; ms: number };

const ITEMS = 10_000;
const DAYS = 5;

/** Deterministic pseudo-random numbers (mulberry32), so every run renders the same timeline. */
const createRandom = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const SOURCES: TimelineSource[] = [
  'command',
  'command',
  'reaction',
  'reaction',
  'shortcut',
  'deploy',
  'alert',
  'lifecycle',
  'role',
  'impact',
  'system',
];

const PHRASES = [
  'error rate on *checkout-api* back above 5%',
  'rolled back to v1.4.1, watching <https://grafana.example/d/checkout?from=now-1h|the dashboard>',
  '<@U02ALICE> can you check the payment provider status page?',
  'p99 latency 2.3 s on `POST /orders`, DB connections saturated',
  'customers report failed card payments in FR &amp; DE',
  'deployed `payments-worker` 2026.11.23-3 to production',
  'paging the database on-call <!subteam^S01DBA|@dba-oncall>',
  'seeing 502s from the load balancer again, see thread',
];

/** A long incident as sitrep would store it: five days of notes, pins, deploys and alerts, oldest first. */
const buildItems = (): TimelineItem[] => {
  const random = createRandom(42);
  const start = Date.parse('2026-11-23T06:00:00Z');
  const span = DAYS * 24 * 3_600_000;
  const instants = Array.from({ length: ITEMS }, () => start + Math.floor(random() * span)).sort((a, b) => a - b);
  return instants.map((at, i) => {
    const source = SOURCES[Math.floor(random() * SOURCES.length)] ?? 'command';
    const captured = source === 'reaction' || source === 'shortcut';
    return {
      occurredAt: new Date(at),
      source,
      actorId: source === 'deploy' || source === 'system' ? null : `U0${Math.floor(random() * 40)}PERSON`,
      text: `${PHRASES[Math.floor(random() * PHRASES.length)]} (#${i})`,
      permalink: captured ? `https://acme.slack.com/archives/C0INC42/p${Math.floor(at / 1000)}000${i % 1000}` : null,
      files:
        captured && random() < 0.1
          ? [{ name: `screenshot-${i}.png`, url: `https://files.slack.com/F0${i}/shot.png` }]
          : [],
      edited: captured && random() < 0.05,
    };
  });
};

/** Each renderer on 10,000 entries over five days: the median of 20 runs after 5 warm-up runs. */
export const benchTimelineRender = async (): Promise<TimelineRenderFigure[]> => {
  const items = buildItems();
  const options = { incidentNumber: 42, title: 'Checkout fails for card payments & refunds', items };
  const zone = 'Europe/Paris';
  const now = new Date('2026-11-28T07:00:00Z');
  const cases: [string, () => unknown][] = [
    ['Slack message (newest that fit)', () => renderTimelineForSlack({ ...options, zone, now })],
    ['Markdown', () => renderTimelineMarkdown({ ...options, zone, names: { U01PERSON: 'Ada' } })],
    ['JSON', () => renderTimelineJson(options)],
  ];
  return cases.map(([name, render]) => ({ case: name, items: items.length, ms: timeMedian(render) }));
};
