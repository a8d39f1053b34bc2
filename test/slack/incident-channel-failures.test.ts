import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { FAKE_BOT_USER_ID } from '../../demo/fake-slack/fake-slack-types.ts';
import { databaseKinds } from '../support/database.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

// What a real workspace does to an incident that the example one does not: people who cannot be invited, an
// announcements channel that is gone, a workspace where only admins may create channels.

const { alice: ALICE, bob: BOB, erin: ERIN, gus: GUS } = EXAMPLE_PEOPLE;
const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;

/** A sitrep.yml whose checkout-api responders are `responders`, announcing in `announcements`. */
const writeTeamConfig = async ({ responders, announcements }: { responders: string[]; announcements: string }) => {
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-channel-failures-'));
  const path = join(dir, 'sitrep.yml');
  await writeFile(
    path,
    [
      'team:',
      '  timeZone: UTC',
      `  announcementsChannel: ${announcements}`,
      'services:',
      '  - name: checkout-api',
      `    responders: [${responders.join(', ')}]`,
      '',
    ].join('\n'),
  );
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
};

describe.each(databaseKinds)('incident channels in a real workspace on %s', (kind) => {
  let slack: SlackTest;
  let removeConfig: () => Promise<void> = async () => undefined;
  afterEach(async () => {
    await slack.close();
    await removeConfig();
  });

  const start = async (config: { responders: string[]; announcements?: string }) => {
    const written = await writeTeamConfig({ announcements: EXAMPLE_CHANNELS.announcements, ...config });
    removeConfig = written.remove;
    slack = await startSlackHarness(kind, { teamConfigPath: written.path, maxRetryBackoffMs: 200 });
  };

  it('sets the channel up whoever cannot be invited, and tells the lead once who and why', async () => {
    await start({ responders: [BOB, ERIN, GUS, FAKE_BOT_USER_ID] });
    const { channelId, channel } = await slack.declare();
    await slack.allDone();
    expect(channel.members).toEqual([FAKE_BOT_USER_ID, ALICE, BOB]);
    expect(channel.topic.value).toMatch(/SEV2/);
    expect(slack.pinsIn(channelId)).toHaveLength(1);
    expect(slack.summaryIn(channelId)).toMatch(/Checkout is down/);
    expect(slack.linesIn(channelId).filter((line) => line.startsWith(':warning:'))).toEqual([
      `:warning: <@${ALICE}> I couldn't invite <@${ERIN}> (deactivated) or <@${GUS}> (a guest) to this channel.`,
    ]);
  });

  it.each([
    ['is gone (channel_not_found)', false],
    ['is private without the bot (not_in_channel)', true],
  ])('keeps the incident channel on time when the announcements channel %s', async (_, isPrivate) => {
    await start({ responders: [BOB], announcements: 'C0ELSEWHERE' });
    if (isPrivate)
      slack.fake.addChannel({ id: 'C0ELSEWHERE', name: 'exec-incidents', is_private: true, members: [ALICE] });
    const declared = await slack.ask('declare sev2 checkout-api: Checkout is down');
    const number = /Declared incident (\d+)/.exec(declared.text)?.[1];
    await until(() => slack.incidentChannels().length === 1 && slack.fake.state.pins.length === 1, 'the channel', 2000);
    const channelId = slack.incidentChannels()[0]?.id ?? '';
    const sent = Date.now();
    expect(await slack.type(`status #${number} identified Bad config`)).toMatch(/is now identified/);
    await until(
      () => slack.linesIn(channelId).some((line) => /to \*Identified\*: Bad config/.test(line)),
      'the status line',
      2000,
    );
    await until(() => /Identified/.test(slack.summaryIn(channelId)), 'the summary update', 2000);
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(slack.fake.callsTo('chat.postMessage').filter((call) => call.params.channel === 'C0ELSEWHERE')).not.toEqual(
      [],
    );
  });

  it('goes on without a channel where Slack will not create one, and opens it when asked once that is fixed', async () => {
    await start({ responders: [BOB] });
    slack.fake.restrictChannelCreation(true);
    const asked = Date.now();
    const declared = await slack.ask('declare sev2 checkout-api: Checkout is down');
    const number = Number(/Declared incident (\d+)/.exec(declared.text)?.[1]);
    await until(
      () => slack.dmsTo(ALICE).some((dm) => dm.includes("couldn't open a channel")),
      'the declarer told',
      5000,
    );
    expect(Date.now() - asked).toBeLessThan(5000);
    expect(slack.dmsTo(ALICE)).toContainEqual(
      `:warning: I couldn't open a channel for incident ${number}: this workspace lets only some people create ` +
        'channels, and sitrep is not one of them. The incident goes on without one: name it in commands from any ' +
        `channel, as in \`/incident status #${number} identified\`. Once that is fixed, \`/incident channel #${number}\` opens it.`,
    );
    await until(
      () => slack.linesIn(ANNOUNCEMENTS).some((line) => line.startsWith(`:warning: Incident ${number} has no channel`)),
      'the announcement',
    );
    // Commands name the incident from anywhere; what they would post in its channel is settled, not retried.
    expect(await slack.type(`status #${number} identified Bad config`)).toMatch(/is now identified/);
    await slack.settled(5000);
    const settledLines = await slack.prisma.outboxMessage.findMany({
      where: { kind: { in: ['incident.post', 'incident.refresh'] } },
    });
    expect(settledLines.map((message) => [message.status, message.lastError])).toEqual(
      settledLines.map(() => ['dead', `incident ${number} has no channel: Slack said restricted_action`]),
    );
    expect(settledLines.length).toBeGreaterThan(0);
    // Three sweeps of the outbox (every 500 ms) call Slack for nothing more.
    const callsSoFar = slack.fake.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(slack.fake.calls.slice(callsSoFar).map((call) => call.method)).toEqual([]);
    expect(slack.fake.callsTo('conversations.create')).toHaveLength(1);
    expect(slack.incidentChannels()).toEqual([]);

    slack.fake.restrictChannelCreation(false);
    expect(await slack.type(`channel #${number}`)).toMatch(`Opening the channel of incident ${number} again`);
    await until(() => slack.incidentChannels().length === 1 && slack.fake.state.pins.length === 1, 'the channel', 5000);
    const channelId = slack.incidentChannels()[0]?.id ?? '';
    expect(slack.incidentChannels()[0]?.members).toEqual([FAKE_BOT_USER_ID, ALICE, BOB]);
    expect(slack.summaryIn(channelId)).toMatch(/Identified/);
    // The announcements channel, told it had none, hears where the incident is followed now.
    await until(
      () =>
        slack
          .linesIn(ANNOUNCEMENTS)
          .includes(`Incident ${number} has its channel now (SEV2): Checkout is down. Follow it in <#${channelId}>.`),
      'the channel announced',
      5000,
    );
    expect(await slack.type(`channel #${number}`)).toMatch(
      `Incident ${number} already has its channel, <#${channelId}>.`,
    );
  });

  it('a lead who can no longer be written to holds up no line of the incident channel', async () => {
    await start({ responders: [BOB] });
    const { channelId } = await slack.declare();
    await slack.allDone();
    const lead = slack.fake.state.users.get(ALICE);
    if (!lead) throw new Error('the example workspace has no alice');
    lead.deleted = true;

    // The draft's DM to the lead is written before the note's line, and Slack refuses it for good.
    expect(await slack.type('postmortem', { channelId })).toMatch(/Postmortem draft v1/);
    const sent = Date.now();
    await slack.type('note Rolled back the canary', { channelId });
    await until(
      () => slack.linesIn(channelId).some((line) => line.includes('Rolled back the canary')),
      'the note in the channel',
      2000,
    );
    expect(Date.now() - sent).toBeLessThan(2000);
    await until(async () => {
      const dm = await slack.prisma.outboxMessage.findFirst({ where: { kind: 'postmortem.notify_lead' } });
      return dm?.status === 'dead';
    }, 'the DM settled');
    const dm = await slack.prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'postmortem.notify_lead' } });
    // Settled at its first try with the reason, not held for ever: `sitrep outbox` lists it as dead.
    expect(dm).toMatchObject({
      attempts: 1,
      lastError: `<@${ALICE}> cannot be sent a direct message: Slack said user_disabled`,
    });
    expect(slack.dmsTo(ALICE).filter((text) => text.includes('postmortem draft'))).toEqual([]);
  });
});
