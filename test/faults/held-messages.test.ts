import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { runOutboxCommand } from '../../src/cli/outbox-command.ts';
import { databaseKinds } from '../support/database.ts';
import { sitrepEnv } from '../support/real-sitrep.ts';
import { startSlackHarness } from '../support/slack/slack-harness.ts';
import { createTestClock } from '../support/test-clock.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { alice: ALICE } = EXAMPLE_PEOPLE;
const MINUTE = 60_000;

describe.each(databaseKinds)('a message Slack refuses for a cause someone must fix, on %s', (kind) => {
  it('is held after its first tries, listed by sitrep outbox, retried by retry and dropped by discard', async () => {
    const clock = createTestClock();
    const slack = await startSlackHarness(kind, { now: () => clock.now(), replyWithinMs: 20_000 });
    const env = sitrepEnv(slack.server.target);
    const outbox = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runOutboxCommand({
        args,
        env,
        cwd: ROOT,
        now: clock.now,
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
      });
      return { code, stdout, stderr };
    };
    const advance = async (ms: number, what: string) => {
      clock.advance(ms);
      await slack.caughtUp({ now: clock.now, what, deadlineMs: 20_000 });
    };
    try {
      const { incident, channelId } = await slack.declare();
      await slack.allDone();
      expect(await outbox()).toEqual({
        code: 0,
        stdout: 'No held or dead messages: everything reached Slack or is on its way.\n',
        stderr: '',
      });

      slack.fake.failWith({ error: 'channel_not_found' }, { methods: ['chat.postMessage'] });
      await slack.type('note Rolled back the canary', { channelId });
      await slack.caughtUp({ now: clock.now, what: 'the first try' });
      await advance(1_000, 'the second try');
      await advance(2_000, 'the third try');
      const message = await slack.prisma.outboxMessage.findFirstOrThrow({
        where: { kind: 'incident.post' },
        orderBy: { sequence: 'desc' },
      });
      // Held, not dead: tried again in a minute, then 5 and 30 minutes, then every 3 hours.
      expect(message).toMatchObject({ status: 'pending', attempts: 3, lastError: 'Slack said channel_not_found' });
      expect(message.runAt.getTime() - clock.now().getTime()).toBeGreaterThan(MINUTE - 5_000);
      await advance(MINUTE, 'the fourth try');
      const held = await slack.prisma.outboxMessage.findUniqueOrThrow({ where: { id: message.id } });
      expect(held).toMatchObject({ status: 'pending', attempts: 4 });
      expect(held.runAt.getTime() - clock.now().getTime()).toBeGreaterThan(5 * MINUTE - 5_000);

      const listed = await outbox();
      expect(listed.code).toBe(0);
      expect(listed.stdout.split('\n')).toEqual([
        '| Id | Status | Kind | Incident | Attempts | Last error | Next try |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        `| ${message.id} | held | incident.post | #${incident.number} | 4 | Slack said channel_not_found | ${held.runAt.toISOString()} |`,
        '',
        '1 message',
        '',
      ]);
      const json = await outbox('--json');
      expect(JSON.parse(json.stdout)).toEqual([
        {
          id: message.id,
          kind: 'incident.post',
          status: 'held',
          incidentNumber: incident.number,
          attempts: 4,
          lastError: 'Slack said channel_not_found',
          nextTryAt: held.runAt.toISOString(),
        },
      ]);

      // Someone fixes the cause and asks for a try now, rather than in five minutes.
      slack.fake.recover();
      expect(await outbox('retry', message.id)).toEqual({
        code: 0,
        stdout: `Message ${message.id} is due now.\n`,
        stderr: '',
      });
      await slack.allDone();
      expect(slack.linesIn(channelId).at(-1)).toBe(`:memo: <@${ALICE}> noted: Rolled back the canary`);
      expect(await outbox('retry', message.id)).toEqual({
        code: 1,
        stdout: '',
        stderr: `sitrep: outbox retry: there is no held or dead message ${message.id}\n`,
      });

      // Another one nobody can fix: a person drops it, and the incident's next lines go on.
      slack.fake.failWith({ error: 'is_archived' }, { methods: ['chat.postMessage'], count: 3 });
      await slack.type('note Second note', { channelId });
      await slack.caughtUp({ now: clock.now, what: 'the first try' });
      await advance(1_000, 'the second try');
      await advance(2_000, 'the third try');
      const stuck = await slack.prisma.outboxMessage.findFirstOrThrow({
        where: { kind: 'incident.post' },
        orderBy: { sequence: 'desc' },
      });
      expect(stuck).toMatchObject({ status: 'pending', attempts: 3, lastError: 'Slack said is_archived' });
      await slack.type('note Third note', { channelId });
      expect(await outbox('discard', stuck.id)).toEqual({
        code: 0,
        stdout: `Message ${stuck.id} is discarded.\n`,
        stderr: '',
      });
      await slack.settled();
      expect(slack.linesIn(channelId).at(-1)).toBe(`:memo: <@${ALICE}> noted: Third note`);
      expect(slack.linesIn(channelId)).not.toContain(`:memo: <@${ALICE}> noted: Second note`);
      expect(JSON.parse((await outbox('--json')).stdout)).toEqual([
        expect.objectContaining({ id: stuck.id, status: 'dead', lastError: 'discarded by a person', nextTryAt: null }),
      ]);
      expect(await outbox('discard', 'not-an-id')).toEqual({
        code: 2,
        stdout: '',
        stderr: 'sitrep: outbox discard: give the id of a message as `sitrep outbox` lists it\n',
      });
    } finally {
      await slack.close();
    }
  }, 90_000);
});
