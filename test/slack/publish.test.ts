import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { publicUpdateSubmission } from '../support/slack/public-update-form.ts';
import { buttonOf, type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

const { bob: BOB } = EXAMPLE_PEOPLE;

/** The lines sitrep posted in the channel about the status page. */
const publishedLines = (slack: SlackTest, channelId: string) =>
  slack.linesIn(channelId).filter((line) => line.includes('Published to the status page'));

describe.each(databaseKinds)('/incident publish and the final public update, on %s', (kind) => {
  let slack: SlackTest;
  afterEach(async () => {
    await slack.close();
  });

  it('publishes in the person’s words once, even when Slack delivers the command twice, and refuses bad input', async () => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200, userId: BOB });
    const { incident, channelId } = await slack.declare({ text: 'declare sev2 checkout-api: Acme db-7 vault leak' });

    const command = slack.slashCommand('publish Card payments are slow; we are looking into it.', { channelId });
    await slack.deliver(command.request);
    await slack.deliver({ ...command.request, headers: { 'x-slack-retry-num': '1' } });
    await until(() => command.replies().length === 2, 'both answers');
    const expected = `Published to the status page for incident ${incident.number}: *Service disruption* (Investigating) Card payments are slow; we are looking into it.`;
    expect(command.replies().map((reply) => reply.text)).toEqual([expected, expected]);
    await slack.allDone();
    expect(publishedLines(slack, channelId)).toEqual([
      `:loudspeaker: Published to the status page by <@${BOB}>: *Service disruption* (Investigating): Card payments are slow; we are looking into it.`,
    ]);
    expect(await slack.prisma.publicUpdate.count()).toBe(1);

    expect(
      await slack.type('publish title:"Checkout is slow" status:identified The cause is found.', { channelId }),
    ).toMatch(
      /^Published to the status page for incident \d+: \*Checkout is slow\* \(Identified\) The cause is found\.$/,
    );
    expect(await slack.type('publish', { channelId })).toMatch(/^A public update needs its text/);
    expect(await slack.type(`publish ${'a'.repeat(2001)}`, { channelId })).toMatch(/2,001 characters long/);
    expect(await slack.type(`publish Ask <@${BOB}|bob>`, { channelId })).toMatch(/leave out mentions of people/);
    expect(await slack.type('publish Slow.')).toMatch(/not an incident channel|Which incident/i);
    expect(await slack.prisma.publicUpdate.count()).toBe(2);
  });

  it('offers a final public update on resolving, and the form posts it as resolved, once', async () => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200, userId: BOB });
    const { incident, channelId } = await slack.declare();
    await slack.type('publish title:"Checkout is slow" Card payments are slow.', { channelId });

    const question = await slack.ask('resolve', { channelId });
    const resolved = await slack.press(buttonOf(question.buttons, ACTIONS.resolveWithoutImpact), { channelId });
    const answer = await resolved.reply();
    expect(answer.text).toBe(
      `Incident ${incident.number} is resolved. :white_check_mark: The status page still shows it as ongoing: post a final public update?`,
    );
    const form = await slack.openForm(buttonOf(answer.buttons, ACTIONS.openFinalPublicUpdate), { channelId });
    expect(form.callback_id).toBe(VIEWS.publishUpdate);
    expect(JSON.stringify(form.blocks)).toContain('This incident has been resolved.');
    expect(JSON.stringify(form.blocks)).toContain('Checkout is slow');
    expect(JSON.stringify(form)).not.toContain('Checkout is down');

    const submit = (text: string) =>
      publicUpdateSubmission({
        userId: BOB,
        privateMetadata: form.private_metadata,
        title: 'Checkout is slow',
        text,
        status: 'resolved',
      });
    const empty = await slack.server.sendToSlackEndpoint(submit('  '));
    expect(await empty.json()).toEqual({
      response_action: 'errors',
      errors: { [BLOCKS.publishText]: 'The public update is empty: write what customers should read.' },
    });
    const answered = slack.fake.ephemeralsFor(BOB).length;
    await Promise.all([
      slack.deliver(submit('This incident has been resolved.')),
      slack.deliver(submit('This incident has been resolved.')),
    ]);
    await until(() => slack.fake.ephemeralsFor(BOB).length >= answered + 2, 'both answers');
    await slack.allDone();
    const updates = await slack.prisma.publicUpdate.findMany({ orderBy: { postedAt: 'asc' } });
    expect(updates.map(({ status, text }) => ({ status, text }))).toEqual([
      { status: 'investigating', text: 'Card payments are slow.' },
      { status: 'resolved', text: 'This incident has been resolved.' },
    ]);
    expect(publishedLines(slack, channelId).at(-1)).toBe(
      `:loudspeaker: Published to the status page by <@${BOB}>: *Checkout is slow* (Resolved): This incident has been resolved.`,
    );
  });

  it('offers the final update on /incident resolve itself only when something was published', async () => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200, userId: BOB });
    const resolveAfterImpact = async (channelId: string) => {
      await slack.type('impact outage', { channelId });
      await slack.type('impact end', { channelId });
      return slack.ask('resolve', { channelId });
    };
    const quiet = await slack.declare();
    const answer = await resolveAfterImpact(quiet.channelId);
    expect(answer.text).toBe(`Incident ${quiet.incident.number} is resolved. :white_check_mark:`);
    expect(answer.buttons).toEqual([]);

    const told = await slack.declare({ text: 'declare sev2 search: Search is down' });
    await slack.type('publish Search is unavailable.', { channelId: told.channelId });
    const offered = await resolveAfterImpact(told.channelId);
    expect(offered.text).toMatch(/is resolved\. :white_check_mark: The status page still shows it as ongoing/);
    expect(offered.buttons).toEqual([
      { action_id: ACTIONS.openFinalPublicUpdate, value: JSON.stringify({ incidentId: told.incident.id }) },
    ]);
  });

  it('opens the form from the pinned summary, with the incident’s status and the neutral title, and nothing internal', async () => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200, userId: BOB });
    const { incident, channelId } = await slack.declare({ text: 'declare sev2 checkout-api: Acme db-7 vault leak' });
    const pinned = slack.fake.messagesIn(channelId).find((m) => m.ts === slack.pinsIn(channelId)[0]?.ts);
    const value = new RegExp(`"action_id":"${ACTIONS.openPublishUpdate}","value":"((?:[^"\\\\]|\\\\.)*)"`).exec(
      JSON.stringify(pinned?.blocks),
    )?.[1];
    if (value === undefined) throw new Error('the pinned summary has no publish button');
    const button = { action_id: ACTIONS.openPublishUpdate, value: z.string().parse(JSON.parse(`"${value}"`)) };
    expect(JSON.parse(button.value)).toEqual({ incidentId: incident.id });
    const form = await slack.openForm(button, { channelId });
    const shown = JSON.stringify(form);
    expect(shown).toContain('"initial_value":"Service disruption"');
    expect(shown).toContain('"value":"investigating"');
    expect(shown).not.toContain('Acme');
  });
});
