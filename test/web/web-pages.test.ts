import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { type Browser, createBrowser } from '../../demo/web-browser.ts';
import { databaseKinds } from '../support/database.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

const ALICE = EXAMPLE_PEOPLE.alice;

/** The text of a page as a person reads it: tags gone, entities read, spaces folded. */
const textOf = (page: string): string =>
  page
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ');

const fieldOf = (page: string, name: string): string => {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];
  if (value === undefined) throw new Error(`no ${name} field on the page`);
  return value;
};

describe.each(databaseKinds)('the web pages on %s', (kind) => {
  let slack: SlackTest;
  let browser: Browser;
  const open = async (path: string) => {
    const { response, hops } = await browser.visit(path);
    return { status: response.status, page: await response.text(), hops };
  };

  beforeEach(async () => {
    slack = await startSlackHarness(kind, { web: true });
    slack.fake.signInAs(ALICE);
    browser = createBrowser(slack.server.url);
  });
  afterEach(async () => {
    await slack.close();
  });

  it('signs a member in with Slack and shows an incident, its chart, its postmortem and the same figures as the report', async () => {
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await slack.type('impact outage', { channelId });
    await slack.type('postmortem', { channelId });
    await until(async () => (await slack.prisma.postmortem.count()) === 1, 'the first draft');

    const first = await open('/incidents');
    expect(first.hops.some((hop) => hop.includes('/openid/connect/authorize'))).toBe(true);
    expect(first.status).toBe(200);
    expect(textOf(first.page)).toContain(`${incident.number} Checkout is down`);
    expect(textOf(first.page)).toContain('alice · times in Europe/Paris');

    const shown = await open(`/incidents/${incident.number}`);
    expect(shown.status).toBe(200);
    const text = textOf(shown.page);
    expect(text).toContain(`Incident ${incident.number}: Checkout is down`);
    expect(shown.page).toMatch(/<svg[^>]*role="img"/);
    expect(text).toContain('Version 1');
    expect(text).toContain('Downtime against the SLA');

    const report = await slack.type('report checkout-api');
    const availability = /\*Availability[^*]*\* ([\d.]+%)/.exec(report)?.[1];
    expect(availability).toBeDefined();
    const service = await open('/services/checkout-api');
    expect(service.status).toBe(200);
    expect(textOf(service.page)).toContain(`${availability}`);
    for (const path of ['/', '/services', '/action-items', '/incidents?status=open&service=checkout-api&q=checkout']) {
      expect((await open(path)).status, path).toBe(200);
    }
    expect((await open('/incidents?from=2026-13-01')).status).toBe(400);
    expect((await open('/incidents/999')).status).toBe(404);
  });

  it('lists open action items 50 to a page, soonest due first, each page linking to the next and the one before', async () => {
    const { incident } = await slack.declare({ userId: ALICE });
    const due = (index: number) => new Date(Date.UTC(2027, 0, 1) + index * 3_600_000);
    await slack.prisma.actionItem.createMany({
      data: Array.from({ length: 55 }, (_, index) => ({
        id: crypto.randomUUID(),
        incidentId: incident.id,
        title: `Action number ${index + 1}`,
        ownerId: ALICE,
        dueAt: due(index),
        createdBy: ALICE,
      })),
    });
    const titles = (page: string) =>
      [...textOf(page).matchAll(/Action number (\d+)/g)].map((match) => Number(match[1]));

    const first = await open(`/action-items?owner=${ALICE}`);
    expect(titles(first.page)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(first.page).toContain(`href="/action-items?owner=${ALICE}&amp;page=2" rel="next"`);
    expect(first.page).not.toContain('rel="prev"');

    const second = await open(`/action-items?owner=${ALICE}&page=2`);
    expect(titles(second.page)).toEqual([51, 52, 53, 54, 55]);
    expect(textOf(second.page)).toContain('51 to 55');
    expect(second.page).toContain(`href="/action-items?owner=${ALICE}" rel="prev"`);
    expect(second.page).not.toContain('rel="next"');

    const past = await open(`/action-items?owner=${ALICE}&page=9`);
    expect(textOf(past.page)).toContain('No more on this page.');
  });

  it('saves an edited postmortem as a new version, refuses a form without its CSRF token, and tells the lead', async () => {
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    // Bob edits; Alice leads the incident and is told.
    slack.fake.signInAs(EXAMPLE_PEOPLE.bob);
    await slack.type('postmortem', { channelId });
    await until(async () => (await slack.prisma.postmortem.count()) === 1, 'the first draft');
    await slack.settled();

    const edit = await open(`/incidents/${incident.number}/postmortem/edit`);
    expect(edit.status).toBe(200);
    const form = {
      base: fieldOf(edit.page, 'base'),
      request: fieldOf(edit.page, 'request'),
      markdown: '# What happened\n\nThe <script>alert(1)</script> cache expired.\n',
      intent: 'save',
    };
    const path = `/incidents/${incident.number}/postmortem`;
    const forged = await browser.request(path, { method: 'POST', body: new URLSearchParams(form) });
    expect(forged.status).toBe(403);
    expect(await slack.prisma.postmortem.count()).toBe(1);

    const saved = await browser.request(path, {
      method: 'POST',
      body: new URLSearchParams({ ...form, csrf: fieldOf(edit.page, 'csrf') }),
    });
    expect(saved.status).toBe(303);
    const versions = await slack.prisma.postmortem.findMany({
      where: { incidentId: incident.id },
      orderBy: { version: 'asc' },
    });
    expect(versions.map((version) => version.version)).toEqual([1, 2]);
    expect(versions[1]?.markdown).toContain('The <script>alert(1)</script> cache expired.');
    expect(versions[1]?.editedAt).not.toBeNull();
    expect(versions[0]?.markdown).not.toContain('cache expired');

    const page = (await open(`/incidents/${incident.number}`)).page;
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(textOf(page)).toContain('Changes from version 1 to version 2');
    await slack.settled();
    expect(
      slack.dmsTo(ALICE).some((dm) => dm.includes(`<@${EXAMPLE_PEOPLE.bob}> saved version 2 of the postmortem`)),
    ).toBe(true);

    // The same form sent again (a double click) adds nothing.
    await browser.request(path, {
      method: 'POST',
      body: new URLSearchParams({ ...form, csrf: fieldOf(edit.page, 'csrf') }),
    });
    expect(await slack.prisma.postmortem.count({ where: { incidentId: incident.id } })).toBe(2);
  });
});
