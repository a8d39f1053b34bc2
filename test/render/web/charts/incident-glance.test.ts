import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../../../src/domain/incident/incident.ts';
import type { PostmortemFacts } from '../../../../src/domain/postmortem/postmortem-facts.ts';
import { renderIncidentGlance } from '../../../../src/render/web/charts/incident-glance.ts';
import { contentsOf, svgOf, tableRows } from '../../../support/markup-check.ts';
import { expectAccessibleChart, HOSTILE, HOSTILE_ESCAPED } from './chart-assertions.ts';

const at = (iso: string) => new Date(iso);

const incident: IncidentView = {
  id: 'inc-1',
  number: 42,
  title: HOSTILE,
  description: null,
  severity: 1,
  status: 'monitoring',
  channelId: null,
  channelName: null,
  summaryTs: null,
  channelProblem: null,
  declaredBy: 'U1',
  declaredAt: at('2026-11-03T10:12:00Z'),
  impactStartedAt: at('2026-11-03T10:00:00Z'),
  detectedAt: at('2026-11-03T10:05:00Z'),
  identifiedAt: null,
  mitigatedAt: at('2026-11-03T10:40:00Z'),
  resolvedAt: null,
  services: ['checkout-api', HOSTILE],
  roles: {},
};

const deploy = (layer: string, minute: number, environment = 'production'): PostmortemFacts['deploys'][number] => ({
  service: 'checkout-api',
  environment,
  version: `v1.${minute}`,
  layer,
  status: 'succeeded',
  actor: null,
  url: null,
  occurredAt: new Date(Date.parse('2026-11-03T09:50:00Z') + minute * 60_000),
});

const facts: Pick<PostmortemFacts, 'incident' | 'impactWindows' | 'deploys' | 'alerts'> = {
  incident,
  impactWindows: [
    {
      service: 'checkout-api',
      kind: 'outage',
      startedAt: at('2026-11-03T10:00:00Z'),
      endedAt: at('2026-11-03T10:27:00Z'),
    },
    { service: 'checkout-api', kind: 'degraded', startedAt: at('2026-11-03T10:27:00Z'), endedAt: null },
    { service: HOSTILE, kind: 'degraded', startedAt: at('2026-11-03T10:10:00Z'), endedAt: at('2026-11-03T10:35:00Z') },
  ],
  deploys: [
    deploy('database', 0),
    deploy('artifact', 4),
    deploy('fleet', 8),
    deploy('feature', 12),
    deploy('artifact', 6, 'staging'),
  ],
  alerts: [
    { service: 'checkout-api', alertName: HOSTILE, status: 'firing', startsAt: at('2026-11-03T10:04:00Z') },
    { service: null, alertName: 'Other', status: 'firing', startsAt: at('2026-11-03T10:20:00Z') },
    { service: 'checkout-api', alertName: 'High5xx', status: 'resolved', startsAt: at('2026-11-03T10:30:00Z') },
  ],
};

const render = (overrides: Partial<typeof facts> = {}, zone = 'Europe/London') =>
  renderIncidentGlance({ id: 'glance', facts: { ...facts, ...overrides }, zone, now: at('2026-11-03T11:00:00Z') }).text;

describe('renderIncidentGlance', () => {
  it('is an accessible figure whose hostile labels stay text', () => {
    const markup = render();
    expectAccessibleChart(markup, 'glance');
    expect(markup).not.toContain('<script>');
    expect(markup).toContain(HOSTILE_ESCAPED);
    expect(contentsOf(svgOf(markup), 'desc')[0]).toContain('1 outage and 2 degraded windows on 2 services');
  });

  it('draws each production deploy with its layer’s mark, and a legend entry per layer', () => {
    const svg = svgOf(render());
    for (const layer of ['database', 'artifact', 'fleet', 'feature']) {
      expect(svg.match(new RegExp(`<title>Deploy \\(${layer}\\)`, 'g'))).toHaveLength(1);
      expect(svg).toContain(`>${layer} deploy</text>`);
    }
    expect(svg).not.toContain('v1.6');
    const shapes = Array.from(
      svg.matchAll(/<path d="(M[^"]*)" fill="(#[0-9a-f]{6})" stroke="#fff"[^>]*><title>Deploy/g),
    );
    expect(new Set(shapes.map(([, , colour]) => colour)).size).toBe(4);
  });

  it('marks the firing alerts only, and the key times present', () => {
    const svg = svgOf(render());
    expect(svg.match(/<title>Alert /g)).toHaveLength(2);
    expect(svg).toContain('>Other alerts</text>');
    for (const label of ['Impact start 10:00', 'Detected 10:05', 'Declared 10:12', 'Mitigated 10:40']) {
      expect(svg).toContain(`>${label}</text>`);
    }
    expect(svg).not.toContain('Resolved');
  });

  it('runs an open window to now and lists the same windows and lengths in the table', () => {
    const markup = render();
    const titles = contentsOf(svgOf(markup), 'rect').filter(
      (inner) => inner.startsWith('<title>Outage') || inner.startsWith('<title>Degraded'),
    );
    expect(titles).toHaveLength(3);
    expect(titles[1]).toContain('to ongoing (33 min)');
    const rows = tableRows(markup).filter(([head]) => head === 'Outage' || head === 'Degraded');
    expect(rows.map((row) => row.at(-1))).toEqual([
      'until Tue 3 Nov 2026 10:27 (27 min)',
      'until Tue 3 Nov 2026 10:35 (25 min)',
      'ongoing (33 min)',
    ]);
    for (const title of titles)
      expect(rows.some((row) => title.includes(row.at(-1)?.split(' (')[1] ?? '-'))).toBe(true);
  });

  it('labels the date on each day an incident crosses, on the viewer’s clocks', () => {
    const svg = svgOf(
      render(
        {
          incident: {
            ...incident,
            declaredAt: at('2026-11-03T07:30:00Z'),
            impactStartedAt: at('2026-11-03T07:00:00Z'),
            detectedAt: null,
            mitigatedAt: at('2026-11-03T09:00:00Z'),
          },
          impactWindows: [
            {
              service: 'checkout-api',
              kind: 'outage',
              startedAt: at('2026-11-03T07:00:00Z'),
              endedAt: at('2026-11-03T09:00:00Z'),
            },
          ],
        },
        'America/Los_Angeles',
      ),
    );
    expect(svg).toContain('font-weight="600">Mon 2 Nov 2026</text>');
    expect(svg).toContain('font-weight="600">Tue 3 Nov</text>');
    expect(svg).toContain('>00:00</text>');
  });

  it('says there was no impact rather than drawing nothing', () => {
    const markup = render({ impactWindows: [] });
    expectAccessibleChart(markup, 'glance');
    expect(svgOf(markup)).toContain('>No impact recorded</text>');
    expect(contentsOf(svgOf(markup), 'desc')[0]).toContain('No impact recorded.');
  });
});
