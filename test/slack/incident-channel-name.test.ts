import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { FAKE_BOT_USER_ID } from '../../demo/fake-slack/fake-slack.ts';
import { databaseKinds } from '../support/database.ts';
import { typeCommand } from '../support/slack/type-command.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const { alice: ALICE } = EXAMPLE_PEOPLE;
const { general: GENERAL, announcements: ANNOUNCEMENTS } = EXAMPLE_CHANNELS;
/** The first incident of a new database is number 1: its channel's name, known before it is declared. */
const NAME = 'inc-1-checkout-is-down';

describe.each(databaseKinds)('naming the incident channel when Slack says the name is taken, on %s', (kind) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(kind, { maxRetryBackoffMs: 200 });
  });
  afterEach(async () => {
    await server.close();
  });

  const fake = () => server.slack.fake;

  /** Declares incident 1 and waits until it is announced, i.e. its channel is open; returns that channel's name. */
  const declare = async () => {
    expect(await typeCommand(server, 'declare sev2 Checkout is down', { userId: ALICE, channelId: GENERAL })).toMatch(
      /Declared incident 1 /,
    );
    const announced = () =>
      fake()
        .messagesIn(ANNOUNCEMENTS)
        .find((m) => m.subtype === undefined);
    await until(() => announced() !== undefined, 'the announcement');
    const incident = await server.database.prisma.incident.findFirstOrThrow();
    expect(announced()?.text).toContain(`<#${incident.channelId}>`);
    return incident.channelName;
  };
  const channelsNamed = (prefix: string) =>
    [...fake().state.channels.values()].filter((c) => c.name.startsWith(prefix)).map((c) => c.name);

  it('takes the next name when a person made a channel of that name', async () => {
    fake().addChannel({ name: NAME, members: [EXAMPLE_PEOPLE.bob] });
    expect(await declare()).toBe(`${NAME}-2`);
    expect(channelsNamed(NAME)).toEqual([NAME, `${NAME}-2`]);
  });

  it('takes the next name when sitrep made a channel of that name long before the incident', async () => {
    // As after the database was started afresh, which numbers incidents from 1 again.
    const earlier = fake().addChannel({ name: NAME, members: [FAKE_BOT_USER_ID] });
    earlier.created -= 24 * 3600;
    expect(await declare()).toBe(`${NAME}-2`);
  });

  it('keeps the channel Slack created when its answer was lost, rather than making a -2', async () => {
    const handle = fake().handle;
    fake().handle = (method, params, context) => {
      const answer = handle(method, params, context);
      if (method !== 'conversations.create') return answer;
      fake().handle = handle;
      return { status: 502, body: 'the answer is lost on the way back' };
    };
    expect(await declare()).toBe(NAME);
    expect(channelsNamed(NAME)).toEqual([NAME]);
    expect(
      fake()
        .callsTo('conversations.create')
        .map((c) => c.error),
    ).toEqual([undefined, 'name_taken']);
  });
});
