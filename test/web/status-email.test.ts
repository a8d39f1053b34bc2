import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { seedIncident } from '../support/incident-factory.ts';
import { publicUpdateSubmission } from '../support/slack/public-update-form.ts';
import { buttonOf, type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { type ReceivedEmail, startTestSmtpServer } from '../support/test-smtp-server.ts';
import { until } from '../support/until.ts';
import { STATUS_PAGE_LINES, writeUtcTeamConfig } from '../support/utc-team-config.ts';

const INTERNAL_TITLE = 'Internal: rotating the payments database password';
const PAT = 'pat@example.com';
const SAM = 'sam@example.com';
const LEE = 'lee@example.com';

type Smtp = Awaited<ReturnType<typeof startTestSmtpServer>>;

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString();

/** The link in an email's text that starts with `prefix`. */
const linkIn = (email: ReceivedEmail | undefined, prefix: string): string => {
  const link = email?.text.split(/\s+/).find((word) => word.startsWith(prefix));
  if (link === undefined) throw new Error(`no ${prefix} link in ${email?.text}`);
  return link;
};

describe.each(databaseKinds)('email subscriptions to the status page on %s', (kind) => {
  let slack: SlackTest;
  let smtp: Smtp;
  let removeConfig: () => Promise<void>;
  let incidentId: string;
  beforeEach(async () => {
    smtp = await startTestSmtpServer();
    const config = await writeUtcTeamConfig(STATUS_PAGE_LINES);
    removeConfig = config.remove;
    slack = await startSlackHarness(kind, {
      teamConfigPath: config.path,
      maxRetryBackoffMs: 100,
      email: { smtpUrl: smtp.url, from: 'Acme status <status@acme.example>' },
    });
    incidentId = await seedIncident(slack.prisma, {
      services: ['checkout-api'],
      declaredAt: hoursAgo(1),
      windows: [{ service: 'checkout-api', kind: 'outage', startedAt: hoursAgo(1) }],
    });
    await slack.prisma.incident.update({
      where: { id: incidentId },
      data: { title: INTERNAL_TITLE, channelId: 'C0SECRET01', channelName: 'inc-1-secret' },
    });
  });
  afterEach(async () => {
    await slack.close();
    await smtp.close();
    await removeConfig();
  });

  const url = (path: string) => `${slack.server.url}${path}`;
  const postForm = async (path: string, fields: Record<string, string>) => {
    const response = await fetch(path.startsWith('http') ? path : url(path), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: response.status, body: await response.text() };
  };

  /** Subscribes through the form, then opens the mailed link and presses Confirm; returns the confirmation email. */
  const subscribeAndConfirm = async (email: string, service: string): Promise<ReceivedEmail> => {
    const before = smtp.to(email).length;
    expect((await postForm('/status/subscribe', { email, service })).status).toBe(200);
    await until(() => smtp.to(email).length > before, `the confirmation to ${email}`);
    const mail = smtp.to(email).at(-1);
    const link = linkIn(mail, 'http');
    const page = await fetch(link);
    const html = await page.text();
    expect(html).toContain('<button type="submit">Confirm</button>');
    const token = new URL(link).searchParams.get('token') ?? '';
    expect((await postForm('/status/subscription/confirm', { token })).body).toContain('You are subscribed');
    if (!mail) throw new Error('no confirmation');
    return mail;
  };

  // The incident's Slack channel is made up, so its lines never go; the emails are in queues of their own.
  const emailsSent = () =>
    until(
      async () =>
        (await slack.prisma.outboxMessage.count({ where: { status: 'pending', kind: { startsWith: 'email.' } } })) ===
        0,
      'the emails to be sent',
    );

  const publish = async (text: string) => {
    expect(await slack.type(`publish #1 title:"Card payments failing" ${text}`)).toMatch(/Published/);
    await emailsSent();
  };

  it('confirms by a button, emails each update once with one-click unsubscribe, and nothing after it', async () => {
    const page = await (await fetch(url('/status'))).text();
    expect(page).toContain('action="/status/subscribe"');
    expect(page).toContain('<option value="Checkout">Checkout</option>');

    const answer = await postForm('/status/subscribe', { email: ' Pat@Example.com ', service: 'Checkout' });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Check your inbox');
    await until(() => smtp.to(PAT).length === 1, 'the confirmation email');
    const [confirmation] = smtp.to(PAT);
    expect(confirmation?.headers.get('subject')).toBe('Confirm your subscription to Acme status');
    expect(confirmation?.headers.get('from')).toBe('Acme status <status@acme.example>');
    // Asking again within minutes answers the same and mails nothing more.
    const again = await postForm('/status/subscribe', { email: PAT, service: 'Checkout' });
    expect(again.body).toBe(answer.body.replace(' Pat@Example.com ', PAT).replace('Pat@Example.com', PAT));
    await emailsSent();
    expect(smtp.to(PAT)).toHaveLength(1);

    // Opening the link (as a mail scanner would) confirms nothing; the button does.
    const link = linkIn(confirmation, 'http');
    expect(link).toMatch(/\/status\/subscription\/confirm\?token=/);
    expect((await fetch(link)).status).toBe(200);
    expect(await slack.prisma.emailSubscription.findMany({ select: { status: true } })).toEqual([
      { status: 'pending' },
    ]);
    const token = new URL(link).searchParams.get('token') ?? '';
    expect((await postForm('/status/subscription/confirm', { token })).body).toContain('You are subscribed');
    // A used link does not work again.
    expect((await postForm('/status/subscription/confirm', { token })).status).toBe(404);

    await subscribeAndConfirm(SAM, 'Search');
    expect((await postForm('/status/subscribe', { email: LEE, service: '' })).status).toBe(200);
    await until(() => smtp.to(LEE).length === 1, 'the unconfirmed address’s confirmation');

    await publish('We are looking into failed card payments.');
    const [, update] = smtp.to(PAT);
    expect(smtp.to(PAT)).toHaveLength(2);
    expect(update?.headers.get('subject')).toBe('[Acme status] Investigating: Card payments failing');
    expect(update?.text).toContain('We are looking into failed card payments.');
    expect(update?.text).toContain('Affects Checkout.');
    const unsubscribe = update?.headers.get('list-unsubscribe') ?? '';
    expect(unsubscribe).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/status\/unsubscribe\?token=[^>]+>$/);
    expect(update?.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // The subscriber of another service and the one who never confirmed get nothing.
    expect(smtp.to(SAM)).toHaveLength(1);
    expect(smtp.to(LEE)).toHaveLength(1);

    for (const email of smtp.received) {
      for (const internal of ['rotating the payments', 'checkout-api', 'C0SECRET01', 'inc-1-secret', incidentId]) {
        expect(`${[...email.headers.values()].join('\n')}\n${email.text}`).not.toContain(internal);
      }
      expect(email.text).not.toContain(EXAMPLE_PEOPLE.alice);
    }

    // A GET shows the button; the mail client's one-click POST unsubscribes at once.
    const unsubscribeUrl = unsubscribe.slice(1, -1);
    expect(await (await fetch(unsubscribeUrl)).text()).toContain('Unsubscribe from Checkout</button>');
    const oneClick = await postForm(unsubscribeUrl, { 'List-Unsubscribe': 'One-Click' });
    expect(oneClick.status).toBe(200);
    expect(oneClick.body).toContain('You are unsubscribed');

    await publish('Payments work again; we are watching them.');
    expect(smtp.to(PAT)).toHaveLength(2);
  });

  it('keeps an email while the mail server answers 421 or is down, and sends it once when it is back', async () => {
    await subscribeAndConfirm(PAT, '');
    smtp.answer({ code: 421, message: 'Try again later' });
    expect(await slack.type('publish #1 title:"Card payments failing" Looking into it.')).toMatch(/Published/);
    await until(() => smtp.refusals() >= 2, 'the mail server to refuse twice');
    await smtp.stop();
    const notify = () => slack.prisma.outboxMessage.findFirst({ where: { kind: 'email.notify' } });
    const triedBefore = (await notify())?.attempts ?? 0;
    await until(async () => ((await notify())?.attempts ?? 0) > triedBefore, 'a try while the server is down');
    expect(smtp.to(PAT)).toHaveLength(1);
    expect((await notify())?.status).toBe('pending');

    smtp.answer('accept');
    await smtp.start();
    await emailsSent();
    expect(smtp.to(PAT)).toHaveLength(2);
    expect(smtp.to(PAT)[1]?.text).toContain('Looking into it.');
    expect((await notify())?.status).toBe('done');
  });

  it('delays no Slack line while the mail server hangs over an email', async () => {
    await subscribeAndConfirm(PAT, '');
    const { channelId } = await slack.declare();
    smtp.answer('hang');
    expect(await slack.type('publish #1 title:"Card payments failing" Looking into it.')).toMatch(/Published/);
    await until(() => smtp.hanging() === 1, 'the mail server to hang over the email');
    const typed = Date.now();
    await slack.type('note Rolled back the release', { channelId });
    const posted = () =>
      slack.fake
        .callsTo('chat.postMessage')
        .some((call) => String(call.params.text).includes('Rolled back the release'));
    await until(posted, 'the note in the incident channel');
    expect(Date.now() - typed).toBeLessThan(5_000);
    expect(smtp.hanging()).toBe(1);

    smtp.answer('accept');
    smtp.release();
    await emailsSent();
    expect(smtp.to(PAT).map((email) => email.text)).toEqual([
      expect.any(String),
      expect.stringContaining('Looking into it.'),
    ]);
  });

  it('gives up on an email whose recipient the server refuses (5xx) and delays no other subscriber', async () => {
    await subscribeAndConfirm(PAT, 'Checkout');
    await subscribeAndConfirm(SAM, '');
    smtp.answer({ code: 550, message: 'No such user' });
    expect(await slack.type('publish #1 title:"Card payments failing" Looking into it.')).toMatch(/Published/);
    await until(() => smtp.refusals() >= 2, 'both recipients to be refused');
    smtp.answer('accept');
    await emailsSent();
    const notifications = await slack.prisma.outboxMessage.findMany({
      where: { kind: 'email.notify' },
      select: { status: true, attempts: true },
    });
    expect(notifications).toEqual([
      { status: 'dead', attempts: 1 },
      { status: 'dead', attempts: 1 },
    ]);
    expect(smtp.to(PAT)).toHaveLength(1);
  });

  it('answers a bad address or an unknown service with a 400 page, and a bad link with a 404', async () => {
    const bad = await postForm('/status/subscribe', { email: 'not an address', service: '' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('does not look like an email address');
    const unknown = await postForm('/status/subscribe', { email: PAT, service: 'checkout-api' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('There is no service called');
    expect((await fetch(url('/status/subscription/confirm?token=nope'))).status).toBe(404);
    expect((await postForm('/status/unsubscribe?token=00000000-0000-4000-8000-000000000000.x', {})).status).toBe(404);
    await emailsSent();
    expect(smtp.received).toEqual([]);
  });

  it('tells subscribers of scheduled and cancelled maintenance of their services', async () => {
    await subscribeAndConfirm(SAM, 'Search');
    await subscribeAndConfirm(PAT, 'Checkout');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await slack.type(`maintenance search ${tomorrow} 09:00 1h Reindexing the catalogue`);
    await emailsSent();
    const [, scheduled] = smtp.to(SAM);
    expect(scheduled?.headers.get('subject')).toBe('[Acme status] Scheduled maintenance: Search');
    expect(scheduled?.text).toContain(`Maintenance of Search is scheduled from`);
    expect(scheduled?.text).toContain('Reindexing the catalogue');
    expect(scheduled?.text).toContain('09:00 UTC');
    const number = (await slack.prisma.maintenance.findFirstOrThrow()).number;
    await slack.type(`maintenance cancel ${number}`);
    await emailsSent();
    expect(smtp.to(SAM)[2]?.headers.get('subject')).toBe('[Acme status] Maintenance cancelled: Search');
    expect(smtp.to(PAT)).toHaveLength(1);
  });

  it('emails the final update posted from the resolve form, once though Slack sends the form twice', async () => {
    await subscribeAndConfirm(PAT, 'Checkout');
    const { bob: BOB } = EXAMPLE_PEOPLE;
    const { channelId } = await slack.declare({ text: 'declare sev2 checkout-api: Acme db-7 vault leak' });
    await slack.type('publish title:"Checkout is slow" Card payments are slow.', { channelId, userId: BOB });
    const question = await slack.ask('resolve', { channelId, userId: BOB });
    const resolved = await slack.press(buttonOf(question.buttons, ACTIONS.resolveWithoutImpact), {
      channelId,
      userId: BOB,
    });
    const answer = await resolved.reply();
    const form = await slack.openForm(buttonOf(answer.buttons, ACTIONS.openFinalPublicUpdate), {
      channelId,
      userId: BOB,
    });
    const submission = publicUpdateSubmission({
      userId: BOB,
      privateMetadata: form.private_metadata,
      title: 'Checkout is slow',
      text: 'This incident has been resolved.',
      status: 'resolved',
    });
    await Promise.all([slack.deliver(submission), slack.deliver(submission)]);
    await until(
      async () => (await slack.prisma.publicUpdate.count({ where: { status: 'resolved' } })) === 1,
      'the final update',
    );
    await slack.allDone();
    expect(smtp.to(PAT).map((email) => email.headers.get('subject'))).toEqual([
      'Confirm your subscription to Acme status',
      '[Acme status] Investigating: Checkout is slow',
      '[Acme status] Resolved: Checkout is slow',
    ]);
    for (const email of smtp.to(PAT)) expect(email.text).not.toContain('db-7 vault leak');
  });
});
