import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../../../src/domain/status-page/component-status.ts';
import type { PublicService, StatusPageView } from '../../../../src/domain/status-page/status-page-view.ts';
import { renderStatusBadges } from '../../../../src/render/web/status/status-badge.ts';
import { renderStatusFeed } from '../../../../src/render/web/status/status-feed.ts';
import { renderStatusIndicator, renderStatusSummary } from '../../../../src/render/web/status/status-summary.ts';
import { contentsOf, findXmlProblems } from '../../../support/markup-check.ts';
import { ZStatuspageStatus, ZStatuspageSummary } from '../../../support/statuspage-schema.ts';

const HOSTILE = `<script>alert("x")</script> & ]]> 'quoted' \u0001`;
const AT = new Date('2026-11-23T12:00:00Z');

const service = (name: string, status: ComponentStatus): PublicService => ({
  name,
  status,
  target: 99.9,
  days: [],
  uptime30: 100,
  uptime90: 100,
});

const viewWith = (statuses: ComponentStatus[], title = 'Acme status'): StatusPageView => ({
  title,
  status: statuses.at(-1) ?? 'operational',
  groups: [{ name: 'Payments', services: statuses.map((status, index) => service(`Service ${index}`, status)) }],
  maintenance: [],
  active: [],
  history: [],
  zone: 'Europe/Paris',
  generatedAt: AT,
});

const hostileView = (): StatusPageView => ({
  title: `Acme ${HOSTILE}`,
  status: 'partial_outage',
  groups: [
    {
      name: `Pay ${HOSTILE}`,
      services: [service(`Checkout ${HOSTILE}`, 'partial_outage'), service('Search', 'operational')],
    },
  ],
  maintenance: [
    {
      services: ['Search'],
      startsAt: new Date('2026-11-25T02:00:00Z'),
      endsAt: new Date('2026-11-25T03:00:00Z'),
      text: `Index rebuild ${HOSTILE}`,
      inProgress: false,
    },
  ],
  active: [
    {
      key: 'a1b2c3d4e5f60718',
      title: `Payments failing ${HOSTILE}`,
      services: [`Checkout ${HOSTILE}`],
      updates: [
        { status: 'identified', text: `Found it ${HOSTILE}`, postedAt: new Date('2026-11-23T11:30:00Z') },
        { status: 'investigating', text: 'Looking', postedAt: new Date('2026-11-23T11:05:00Z') },
      ],
    },
  ],
  history: [
    {
      key: 'a1b2c3d4e5f60718',
      title: `Payments failing ${HOSTILE}`,
      updates: [{ status: 'identified', text: `Found it ${HOSTILE}`, postedAt: new Date('2026-11-23T11:30:00Z') }],
      services: [`Checkout ${HOSTILE}`],
      kind: 'outage',
      startedAt: new Date('2026-11-23T11:00:00Z'),
      endedAt: null,
    },
    {
      key: '0f1e2d3c4b5a6978',
      title: null,
      updates: [],
      services: ['Search'],
      kind: 'degraded',
      startedAt: new Date('2026-11-20T10:00:00Z'),
      endedAt: new Date('2026-11-20T10:45:00Z'),
    },
  ],
  zone: 'UTC',
  generatedAt: AT,
});

describe('the Statuspage-shaped JSON', () => {
  it.each([
    [['operational'], 'none', 'All Systems Operational'],
    [['operational', 'under_maintenance'], 'maintenance', 'Service Under Maintenance'],
    [['operational', 'degraded_performance'], 'minor', 'Minor Service Outage'],
    [['degraded_performance', 'partial_outage'], 'major', 'Partial System Outage'],
    [['partial_outage', 'major_outage'], 'critical', 'Major System Outage'],
  ] as const)('says %j as indicator %s (%s)', (statuses, indicator, description) => {
    const status = ZStatuspageStatus.parse(
      JSON.parse(renderStatusIndicator({ view: viewWith([...statuses]), pageUrl: '/status' })),
    );
    expect(status.status).toEqual({ indicator, description });
    expect(status.page).toEqual({
      id: 'acme-status',
      name: 'Acme status',
      url: '/status',
      time_zone: 'Europe/Paris',
      updated_at: '2026-11-23T12:00:00.000Z',
    });
  });

  it('lists groups and services as components, the incident under way and the maintenance to come, as Statuspage does', () => {
    const summary = ZStatuspageSummary.parse(
      JSON.parse(renderStatusSummary({ view: hostileView(), pageUrl: 'https://sitrep.example/status' })),
    );
    expect(
      summary.components.map(({ id, status, group_id, position }) => ({ id, status, group_id, position })),
    ).toEqual([
      { id: 'group-pay-script-alert-x-script-quoted', status: 'partial_outage', group_id: null, position: 1 },
      {
        id: 'checkout-script-alert-x-script-quoted',
        status: 'partial_outage',
        group_id: 'group-pay-script-alert-x-script-quoted',
        position: 2,
      },
      { id: 'search', status: 'operational', group_id: 'group-pay-script-alert-x-script-quoted', position: 3 },
    ]);
    expect(summary.components[0]?.components).toEqual(['checkout-script-alert-x-script-quoted', 'search']);
    const [incident] = summary.incidents;
    expect(incident).toMatchObject({
      name: `Payments failing ${HOSTILE}`,
      status: 'identified',
      impact: 'major',
      started_at: '2026-11-23T11:05:00.000Z',
      updated_at: '2026-11-23T11:30:00.000Z',
    });
    expect(incident?.incident_updates.map((update) => [update.status, update.body])).toEqual([
      ['identified', `Found it ${HOSTILE}`],
      ['investigating', 'Looking'],
    ]);
    expect(summary.scheduled_maintenances).toMatchObject([
      {
        status: 'scheduled',
        impact: 'maintenance',
        scheduled_for: '2026-11-25T02:00:00.000Z',
        scheduled_until: '2026-11-25T03:00:00.000Z',
        components: [{ id: 'search', name: 'Search' }],
      },
    ]);
    expect(summary.scheduled_maintenances[0]?.incident_updates[0]?.body).toBe(`Index rebuild ${HOSTILE}`);
  });

  it('gives two public names with the same slug different ids', () => {
    const view = viewWith(['operational']);
    view.groups[0]?.services.push(service('Service-0', 'operational'));
    const summary = ZStatuspageSummary.parse(JSON.parse(renderStatusSummary({ view, pageUrl: '/status' })));
    expect(summary.components.map((component) => component.id)).toEqual(['group-payments', 'service-0', 'service-0-2']);
  });
});

describe('the Atom feed', () => {
  it('is well-formed XML with every hostile text escaped, newest entry first', () => {
    const feed = renderStatusFeed({ view: hostileView(), pageUrl: 'https://sitrep.example/status' });
    expect(findXmlProblems(feed)).toEqual([]);
    expect(feed).not.toContain('<script>');
    expect(feed).not.toContain(']]>');
    expect(feed).not.toContain('\u0001');
    expect(feed.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(
      true,
    );
    const entries = contentsOf(feed, 'entry');
    // Maintenance to come is dated by its start, so it leads.
    expect(entries.map((entry) => contentsOf(entry, 'title')[0])).toEqual([
      'Scheduled maintenance: Search',
      'Payments failing &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; &#39;quoted&#39; ',
      'Degraded performance: Search',
    ]);
    // The maintenance of the 25th is dated when it was announced (the view's time), never in the future.
    expect(entries.map((entry) => contentsOf(entry, 'updated')[0])).toEqual([
      '2026-11-23T12:00:00.000Z',
      '2026-11-23T11:30:00.000Z',
      '2026-11-20T10:45:00.000Z',
    ]);
    expect(contentsOf(feed, 'id')[0]).toBe('urn:sitrep:status:acme-script-alert-x-script-quoted');
    expect(feed).toContain(
      '<content type="text">Search: degraded performance from Fri 20 Nov 2026 10:00 (UTC) to Fri 20 Nov 2026 10:45 (UTC).</content>',
    );
    expect(feed).toContain('Identified · Mon 23 Nov 2026 11:30 (UTC): Found it &lt;script&gt;');
  });

  it('keeps entry ids the same from one rendering to the next, and unique', () => {
    const ids = (feed: string) => contentsOf(feed, 'entry').map((entry) => contentsOf(entry, 'id')[0]);
    const first = ids(renderStatusFeed({ view: hostileView(), pageUrl: '/status' }));
    expect(
      ids(
        renderStatusFeed({
          view: { ...hostileView(), generatedAt: new Date('2026-11-24T00:00:00Z') },
          pageUrl: '/status',
        }),
      ),
    ).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('lists an incident under way that no disruption carries yet', () => {
    const view = { ...hostileView(), history: [] };
    const titles = contentsOf(renderStatusFeed({ view, pageUrl: '/status' }), 'title');
    expect(titles.some((title) => title.startsWith('Payments failing &lt;script&gt;'))).toBe(true);
  });
});

describe('the badges', () => {
  it('draws one well-formed, labelled badge per service, by slug, with the status’s colour', () => {
    const badges = renderStatusBadges(hostileView());
    expect([...badges.keys()]).toEqual(['checkout-script-alert-x-script-quoted', 'search']);
    const checkout = badges.get('checkout-script-alert-x-script-quoted') ?? '';
    expect(findXmlProblems(checkout)).toEqual([]);
    expect(checkout).not.toContain('<script>');
    expect(checkout).not.toContain('\u0001');
    expect(contentsOf(checkout, 'title')[0]).toBe(
      'Checkout &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; &#39;quoted&#39; : Partial outage',
    );
    expect(checkout).toContain('fill="#c62828"');
    expect(badges.get('search')).toContain('>operational</text>');
    expect(badges.get('search')).toContain('fill="#2e7d32"');
  });
});
