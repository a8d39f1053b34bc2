import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { databaseKinds } from '../support/database.ts';
import { seedOpenIncidentWithInternals } from '../support/incident-factory.ts';
import { contentsOf, findXmlProblems } from '../support/markup-check.ts';
import { startStatuspageHarness } from '../support/statuspage/statuspage-harness.ts';
import { ZStatuspageStatus, ZStatuspageSummary } from '../support/statuspage-schema.ts';
import { until } from '../support/until.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const INTERNAL_TITLE = 'Internal: rotating the payments database password';

describe.each(databaseKinds)('the status page’s feeds and badges on %s', (kind) => {
  // With the push to an Atlassian Statuspage on: what it sends is a public output too.
  let slack: Awaited<ReturnType<typeof startStatuspageHarness>>;
  beforeEach(async () => {
    slack = await startStatuspageHarness(kind, { start: NOW });
  });
  afterEach(async () => {
    await slack.close();
  });

  const get = async (path: string) => {
    const response = await fetch(`${slack.server.url}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  };

  it('says what the HTML page says, in Statuspage’s JSON, Atom, badges and push, and nothing internal', async () => {
    const open = await seedOpenIncidentWithInternals(slack.prisma, {
      title: INTERNAL_TITLE,
      channelId: 'C0SECRET01',
      channelName: 'inc-2-secret',
      declaredBy: EXAMPLE_PEOPLE.alice,
    });
    expect(await slack.type('publish #1 title:"Card payments <failing> & slow" We are looking into it.')).toMatch(
      /Published/,
    );

    const html = await get('/status');
    const summaryResponse = await get('/status/api/v2/summary.json');
    const statusResponse = await get('/status/api/v2/status.json');
    const feed = await get('/status/feed.atom');
    const checkout = await get('/status/badge/checkout.svg');
    const search = await get('/status/badge/search.svg');

    expect(summaryResponse.type).toMatch(/^application\/json/);
    const summary = ZStatuspageSummary.parse(JSON.parse(summaryResponse.body));
    const status = ZStatuspageStatus.parse(JSON.parse(statusResponse.body));
    expect(status.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(summary.status).toEqual(status.status);
    // The same states as the HTML page shows for each public name.
    expect(html.body).toMatch(/Checkout<\/h3><p><span class="bad">.*Partial outage/);
    expect(html.body).toMatch(/Search<\/h3><p><span class="warn">.*Degraded performance/);
    expect(
      summary.components.filter((component) => !component.group).map(({ id, name, status }) => ({ id, name, status })),
    ).toEqual([
      { id: 'checkout', name: 'Checkout', status: 'partial_outage' },
      { id: 'search', name: 'Search', status: 'degraded_performance' },
    ]);
    expect(summary.incidents).toMatchObject([
      {
        name: 'Card payments <failing> & slow',
        status: 'investigating',
        incident_updates: [{ body: 'We are looking into it.', status: 'investigating' }],
        components: [{ id: 'checkout' }, { id: 'search' }],
      },
    ]);

    expect(feed.status).toBe(200);
    expect(feed.type).toMatch(/^application\/atom\+xml/);
    expect(findXmlProblems(feed.body)).toEqual([]);
    expect(contentsOf(feed.body, 'title')).toContain('Card payments &lt;failing&gt; &amp; slow');

    expect(checkout.type).toMatch(/^image\/svg\+xml/);
    expect(findXmlProblems(checkout.body)).toEqual([]);
    expect(contentsOf(checkout.body, 'title')).toEqual(['Checkout: Partial outage']);
    expect(contentsOf(search.body, 'title')).toEqual(['Search: Degraded performance']);
    expect((await get('/status/badge/checkout-api.svg')).status).toBe(404);
    expect((await get('/status/badge/nothing.svg')).status).toBe(404);

    await until(() => slack.statuspage.incidents.length === 1, 'the incident to reach the Atlassian Statuspage');
    expect(slack.statuspage.incidents[0]).toMatchObject({
      name: 'Card payments <failing> & slow',
      incident_updates: [{ body: 'We are looking into it.', status: 'investigating' }],
    });
    const pushed = slack.statuspage.calls.map((call) => JSON.stringify(call.body ?? null));
    const outputs = [
      ...[summaryResponse, statusResponse, feed, checkout, search].map((output) => output.body),
      ...pushed,
    ];
    for (const output of outputs) {
      for (const internal of [
        'rotating the payments',
        'checkout-api',
        'C0SECRET01',
        'inc-2-secret',
        EXAMPLE_PEOPLE.alice,
        open,
      ]) {
        expect(output).not.toContain(internal);
      }
    }
  });

  it('serves each output with a short public Cache-Control', async () => {
    for (const [path, maxAge] of [
      ['/status/api/v2/summary.json', 5],
      ['/status/api/v2/status.json', 5],
      ['/status/feed.atom', 60],
      ['/status/badge/search.svg', 5],
    ] as const) {
      const response = await fetch(`${slack.server.url}${path}`);
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe(`public, max-age=${maxAge}`);
    }
  });
});
