import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeSlack } from '../../../demo/fake-slack/fake-slack.ts';
import { FAKE_BOT_USER_ID } from '../../../demo/fake-slack/fake-slack-types.ts';
import { isRecord } from '../../../demo/fake-slack/params.ts';

// The fake without any transport: direct calls to handle(), as a unit test of a notifier could make them.

const startAt = (iso: string) => {
  let now = new Date(iso);
  return {
    now: () => now,
    advance: (seconds: number) => {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
};

const okBody = ({ body }: { body: unknown }): Record<string, unknown> => {
  if (!isRecord(body) || body.ok !== true) throw new Error(`expected ok, got ${JSON.stringify(body)}`);
  return body;
};

describe('createFakeSlack', () => {
  it('renders what people saw, in order', () => {
    const clock = startAt('2024-11-05T14:02:00Z');
    const fake = createFakeSlack({ now: clock.now });
    fake.addUser({ id: 'U0ALICE', name: 'alice', tz: 'Europe/Paris' });
    fake.addUser({ id: 'U0BOB', name: 'bob' });
    const incidents = fake.addChannel({ name: 'incidents', members: [FAKE_BOT_USER_ID, 'U0ALICE', 'U0BOB'] });
    const call = (method: string, params: Record<string, unknown>) =>
      fake.handle(method, { token: 'xoxb-test', ...params });

    fake.addMessage({ channel: incidents.id, user: 'U0ALICE', text: 'checkout is returning 500s' });
    clock.advance(30);
    const created = okBody(call('conversations.create', { name: 'inc-12-checkout-500s' }));
    const channel = z.object({ channel: z.object({ id: z.string() }) }).parse(created).channel.id;
    call('conversations.invite', { channel, users: 'U0ALICE,U0BOB' });
    call('conversations.setTopic', { channel, topic: 'SEV1 · Investigating · IC <@U0ALICE>' });
    const declared = okBody(
      call('chat.postMessage', {
        channel,
        text: 'SEV1 declared',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'SEV1: checkout returns 500s' } },
          {
            type: 'section',
            fields: [
              { type: 'mrkdwn', text: '*Status* Investigating' },
              { type: 'mrkdwn', text: '*IC* <@U0ALICE>' },
            ],
          },
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: `Declared by <@U0ALICE> in <#${incidents.id}>` }],
          },
          {
            type: 'actions',
            elements: [{ type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Acknowledge' } }],
          },
        ],
      }),
    );
    call('pins.add', { channel, timestamp: declared.ts });
    call('chat.postEphemeral', { channel: incidents.id, user: 'U0ALICE', text: `Created <#${channel}>` });
    clock.advance(600);
    call('chat.update', {
      channel,
      ts: declared.ts,
      text: 'SEV1 mitigated',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Mitigated: checkout returns 500s' } }],
    });
    call('chat.postMessage', { channel: 'U0BOB', text: 'Please write the postmortem by Friday' });

    expect(fake.transcript()).toMatchInlineSnapshot(`
      "14:02:00 #incidents  @alice: checkout is returning 500s
      14:02:30 #inc-12-checkout-500s  sitrep created the channel
      14:02:30 #inc-12-checkout-500s  sitrep added @alice, @bob
      14:02:30 #inc-12-checkout-500s  sitrep set the channel topic: SEV1 · Investigating · IC @alice
      14:02:30 #inc-12-checkout-500s  sitrep: # SEV1: checkout returns 500s
                                      *Status* Investigating | *IC* @alice
                                      › Declared by @alice in #incidents
                                      [Acknowledge]
      14:02:30 #inc-12-checkout-500s  sitrep pinned the message of 14:02:30 "# SEV1: checkout returns 500s"
      14:02:30 #incidents  (only visible to @alice) sitrep: Created #inc-12-checkout-500s
      14:12:30 #inc-12-checkout-500s  sitrep edited the message of 14:02:30 "# SEV1: checkout returns 500s", which now shows:
                                      # Mitigated: checkout returns 500s
      14:12:30 DM @bob  sitrep: Please write the postmortem by Friday"
    `);
  });

  it('logs every call with its outcome and leaves no trace of failed ones', () => {
    const fake = createFakeSlack();
    const channel = fake.addChannel({ name: 'incidents', members: [FAKE_BOT_USER_ID] });
    fake.failWith({ status: 500 }, { count: 1 });
    const failed = fake.handle('chat.postMessage', { token: 't', channel: channel.id, text: 'once' });
    const delivered = fake.handle('chat.postMessage', { token: 't', channel: channel.id, text: 'once' });
    expect([failed.status, delivered.status]).toEqual([500, 200]);
    expect(fake.calls).toMatchObject([
      { method: 'chat.postMessage', ok: false, status: 500, injected: true, params: { text: 'once' } },
      { method: 'chat.postMessage', ok: true, status: 200, injected: false },
    ]);
    expect(fake.messagesIn('incidents')).toHaveLength(1);
    expect(fake.handle('chat.postMessage', { token: 't', channel: channel.id }).body).toEqual({
      ok: false,
      error: 'no_text',
    });
  });

  it('answers not_authed without a token and invalid_auth for an unknown one', () => {
    const fake = createFakeSlack({ tokens: ['xoxb-good'] });
    expect(fake.handle('auth.test', {}).body).toEqual({ ok: false, error: 'not_authed' });
    expect(fake.handle('auth.test', {}, { token: 'xoxb-bad' }).body).toEqual({ ok: false, error: 'invalid_auth' });
    expect(fake.handle('auth.test', {}, { token: 'xoxb-good' }).body).toMatchObject({ ok: true });
  });

  it('refuses a user seeded with a zone that does not exist', () => {
    expect(() => createFakeSlack().addUser({ id: 'U1', name: 'x', tz: 'Europe/Atlantis' })).toThrow(/IANA/);
  });
});
