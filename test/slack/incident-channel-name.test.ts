import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { FAKE_BOT_USER_ID } from '../../demo/fake-slack/fake-slack.ts';
import { databaseKinds } from '../support/database.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';

const { announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;
/** The first incident of a new database is number 1: its channel's name, known before it is declared. */
const NAME = 'inc-1-checkout-is-down';

describe.each(databaseKinds)('naming the incident channel when Slack says the name is taken, on %s', (kind) => {
  let slack: SlackTest;
  beforeEach(async () => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200 });
  });
  afterEach(async () => {
    await slack.close();
  });

  /** Declares incident 1 and waits until its channel is open and announced; returns that channel's name. */
  const declare = async () => {
    const { reply, incident, channel } = await slack.declare({ text: 'declare sev2 Checkout is down' });
    expect(reply.text).toMatch(/Declared incident 1 /);
    expect(incident.channelName).toBe(channel.name);
    expect(slack.linesIn(ANNOUNCEMENTS)).toEqual([expect.stringContaining(`<#${channel.id}>`)]);
    return channel.name;
  };
  const channelsNamed = (prefix: string) =>
    [...slack.fake.state.channels.values()].filter((c) => c.name.startsWith(prefix)).map((c) => c.name);

  it('takes the next name when a person made a channel of that name', async () => {
    slack.fake.addChannel({ name: NAME, members: [EXAMPLE_PEOPLE.bob] });
    expect(await declare()).toBe(`${NAME}-2`);
    expect(channelsNamed(NAME)).toEqual([NAME, `${NAME}-2`]);
  });

  it('takes the next name when sitrep made a channel of that name long before the incident', async () => {
    // As after the database was started afresh, which numbers incidents from 1 again.
    const earlier = slack.fake.addChannel({ name: NAME, members: [FAKE_BOT_USER_ID] });
    earlier.created -= 24 * 3600;
    expect(await declare()).toBe(`${NAME}-2`);
  });

  it('keeps the channel Slack created when its answer was lost, rather than making a -2', async () => {
    const handle = slack.fake.handle;
    slack.fake.handle = (method, params, context) => {
      const answer = handle(method, params, context);
      if (method !== 'conversations.create') return answer;
      slack.fake.handle = handle;
      return { status: 502, body: 'the answer is lost on the way back' };
    };
    expect(await declare()).toBe(NAME);
    expect(channelsNamed(NAME)).toEqual([NAME]);
    expect(slack.fake.callsTo('conversations.create').map((c) => c.error)).toEqual([undefined, 'name_taken']);
  });
});
