import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { ZStatuspageStatus, ZStatuspageSummary } from '../support/statuspage-schema.ts';
import { startTestSmtpServer } from '../support/test-smtp-server.ts';
import { until } from '../support/until.ts';
import { STATUS_PAGE_LINES, writeUtcTeamConfig } from '../support/utc-team-config.ts';

// Debian's chromium, which .ci/run installs: never a browser downloaded by Playwright. `npm test` runs this file on
// its own after the rest: a browser takes a core, and beside the timing tests (Slack's 3 s) it would fail them.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = 'test-results/web';

type AxeResults = { violations: { id: string; impact?: string | null; help: string; nodes: unknown[] }[] };

/** axe-core's serious and critical findings on the page as it is now. */
const findSeriousViolations = async (page: Page) => {
  await page.addScriptTag({ content: axe.source });
  const results: AxeResults = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run: () => Promise<AxeResults> } }).axe.run(),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`);
};

// Without chromium a developer's `npm test` skips this file; CI installs it, and there it must run.
describe.skipIf(!existsSync(CHROMIUM) && process.env.CI !== 'true')('the web pages in a real browser', () => {
  let slack: SlackTest;
  let browser: Browser;
  let number: number;

  beforeAll(async () => {
    slack = await startSlackHarness('pglite', { web: 'http' });
    slack.fake.signInAs(EXAMPLE_PEOPLE.alice);
    const declared = await slack.declare({ userId: EXAMPLE_PEOPLE.alice });
    number = declared.incident.number;
    await slack.type('impact outage', { channelId: declared.channelId });
    await slack.type('postmortem', { channelId: declared.channelId });
    await until(async () => (await slack.prisma.postmortem.count()) === 1, 'the first draft');
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await slack?.close();
  });

  it('signs in with Slack, reads every page without a serious accessibility problem, and saves a postmortem edit', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${slack.server.url}/`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    expect(await page.textContent('header')).toContain('alice');

    const pages = [
      ['overview', '/'],
      ['incidents', '/incidents'],
      ['incident', `/incidents/${number}`],
      ['service', '/services/checkout-api'],
      ['services', '/services'],
      ['action-items', '/action-items'],
      ['postmortem-edit', `/incidents/${number}/postmortem/edit`],
    ] as const;
    for (const [name, path] of pages) {
      const response = await page.goto(`${slack.server.url}${path}`);
      expect(response?.status(), path).toBe(200);
      await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
      expect(await findSeriousViolations(page), path).toEqual([]);
    }

    await page.fill('#markdown', '# Postmortem\n\nWritten in a browser.\n');
    await page.click('button[value=save]');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/incidents/${number}`);
    expect(await page.textContent('main')).toContain('Changes from version 1 to version 2');
    await page.screenshot({ path: `${SCREENSHOTS}/incident-after-edit.png`, fullPage: true });
    await context.close();
  }, 120_000);
});

describe.skipIf(!existsSync(CHROMIUM) && process.env.CI !== 'true')('the public status page in a real browser', () => {
  it('reads without a serious accessibility problem, with no sign-in, and its JSON and badge load on another site', async () => {
    const config = await writeUtcTeamConfig([
      'statusPage:',
      '  groups:',
      '    - name: Payments',
      '      services: [{ service: checkout-api, name: Checkout }, { service: search, name: Search }]',
    ]);
    const slack = await startSlackHarness('pglite', { teamConfigPath: config.path });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const site = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Another site</title>');
    });
    try {
      const declared = await slack.declare();
      await slack.type('impact outage', { channelId: declared.channelId });
      await mkdir(SCREENSHOTS, { recursive: true });
      const page = await browser.newPage();
      const response = await page.goto(`${slack.server.url}/status`);
      expect(response?.status()).toBe(200);
      expect(await page.textContent('main')).toContain('Partial outage');
      await page.screenshot({ path: `${SCREENSHOTS}/status.png`, fullPage: true });
      expect(await findSeriousViolations(page)).toEqual([]);

      // Another site's page (another port: another origin) reads the JSON as a status widget does, which the browser
      // allows only with the CORS header, and shows the badge as an image.
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      const widget = await browser.newPage();
      await widget.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      const read = await widget.evaluate(async (base) => {
        const answers = await Promise.all(
          ['summary.json', 'status.json'].map(async (name) => (await fetch(`${base}/status/api/v2/${name}`)).json()),
        );
        const badge = new (
          globalThis as unknown as {
            Image: new () => { src: string; naturalWidth: number; decode: () => Promise<void> };
          }
        ).Image();
        badge.src = `${base}/status/badge/checkout.svg`;
        await badge.decode();
        return { answers, badgeWidth: badge.naturalWidth };
      }, slack.server.url);
      const summary = ZStatuspageSummary.parse(read.answers[0]);
      expect(summary.components.map((component) => [component.name, component.status])).toContainEqual([
        'Checkout',
        'partial_outage',
      ]);
      expect(ZStatuspageStatus.parse(read.answers[1]).status.indicator).toBe('major');
      expect(read.badgeWidth).toBeGreaterThan(0);
    } finally {
      site.close();
      await browser.close();
      await slack.close();
      await config.remove();
    }
  }, 120_000);
});

describe.skipIf(!existsSync(CHROMIUM) && process.env.CI !== 'true')('email subscriptions in a real browser', () => {
  it('subscribes, confirms and unsubscribes with plain forms, each page without a serious accessibility problem', async () => {
    const smtp = await startTestSmtpServer();
    const config = await writeUtcTeamConfig(STATUS_PAGE_LINES);
    const slack = await startSlackHarness('pglite', {
      teamConfigPath: config.path,
      email: { smtpUrl: smtp.url, from: 'status@acme.example' },
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      await mkdir(SCREENSHOTS, { recursive: true });
      const page = await browser.newPage();
      // Each page reads and works without a script of its own: its forms are plain HTML.
      const visit = async (name: string, heading: string) => {
        expect(await page.textContent('h1')).toBe(heading);
        expect(await page.locator('script').count()).toBe(0);
        await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
        expect(await findSeriousViolations(page), name).toEqual([]);
      };
      await page.goto(`${slack.server.url}/status`);
      await visit('status-with-subscribe', 'Acme status');
      await page.fill('input[name=email]', 'pat@example.com');
      await page.selectOption('select[name=service]', 'Search');
      await page.click('button:has-text("Subscribe")');
      await visit('status-subscribed', 'Check your inbox');
      await until(() => smtp.to('pat@example.com').length === 1, 'the confirmation');
      const link =
        smtp
          .to('pat@example.com')[0]
          ?.text.split(/\s+/)
          .find((word) => word.startsWith('http')) ?? '';
      await page.goto(link);
      await visit('status-confirm', 'Confirm your subscription');
      await page.click('button:has-text("Confirm")');
      await visit('status-confirmed', 'You are subscribed');
      const row = await slack.prisma.emailSubscription.findFirstOrThrow();
      await page.goto(`${slack.server.url}/status/unsubscribe?token=${row.id}.${row.unsubscribeSecret}`);
      await visit('status-unsubscribe', 'Unsubscribe');
      await page.click('button:has-text("Unsubscribe from Search")');
      await visit('status-unsubscribed', 'You are unsubscribed');
      expect((await slack.prisma.emailSubscription.findFirstOrThrow()).status).toBe('unsubscribed');
    } finally {
      await browser.close();
      await slack.close();
      await smtp.close();
      await config.remove();
    }
  }, 120_000);
});
