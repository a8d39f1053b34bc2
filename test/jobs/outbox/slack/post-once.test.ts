import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_BOT_USER_ID } from '../../../../demo/fake-slack/fake-slack-types.ts';
import { NotReadyError } from '../../../../src/jobs/outbox/slack/judge-slack-failure.ts';
import { postOnce } from '../../../../src/jobs/outbox/slack/post-once.ts';
import { createSlackPacer } from '../../../../src/jobs/outbox/slack/slack-pacer.ts';
import { setupFakeSlack } from '../../../support/slack/msw-slack.ts';

// Posting for the outbox against the fake Slack through msw: once per message, and the history read only when it
// can tell something.

const T0 = new Date('2026-12-07T09:00:00Z');
const CHANNEL = 'C0INC00042';

let slack: ReturnType<typeof setupFakeSlack>;
let client: WebClient;

beforeEach(() => {
  slack = setupFakeSlack({ fakeOptions: { now: () => T0 } });
  client = new WebClient('xoxb-test', { retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
  slack.fake.addChannel({ id: CHANNEL, name: 'inc-42-checkout', members: [FAKE_BOT_USER_ID] });
});
afterEach(() => slack.close());

const depsAt = (now: Date, { pacer = createSlackPacer(), retried = false } = {}) => ({
  client,
  pacer,
  now: () => now,
  ticket: 'outbox message 1',
  delivery: { outboxId: 'outbox-1', retried },
});

describe('postOnce', () => {
  it('finds its own earlier post on a retry and posts nothing more', async () => {
    const first = await postOnce(depsAt(T0), { channel: CHANNEL, text: 'Rolled back', part: 'line' });
    const again = await postOnce(depsAt(T0, { retried: true }), {
      channel: CHANNEL,
      text: 'Rolled back',
      part: 'line',
    });
    expect(again).toBe(first);
    expect(slack.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.fake.callsTo('conversations.history')).toHaveLength(1);
  });

  it('waits for its turn before reading the history, so a try handed back costs Slack no call', async () => {
    const pacer = createSlackPacer();
    // Take the channel's burst, so the message is booked a later turn.
    for (
      let i = 0;
      pacer.take({ method: 'chat.postMessage', scope: CHANNEL, now: T0, ticket: `other ${i}` }) === 0;
      i += 1
    );
    const waiting = postOnce(depsAt(T0, { pacer, retried: true }), {
      channel: CHANNEL,
      text: 'Rolled back',
      part: 'line',
    });
    await expect(waiting).rejects.toBeInstanceOf(NotReadyError);
    expect(slack.fake.calls).toEqual([]);
  });
});
