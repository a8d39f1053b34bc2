import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { databaseKinds } from '../support/database.ts';
import { type SlackTest, startSlackHarness } from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

const { alice: ALICE } = EXAMPLE_PEOPLE;
const MINUTE = 60_000;

describe.each(databaseKinds)('a slash command a stopped process left in the journal, on %s', (kind) => {
  let slack: SlackTest;

  beforeAll(async () => {
    slack = await startSlackHarness(kind);
  });
  afterAll(async () => {
    await slack.close();
  });

  /** `/incident <text>` as Slack posted it to a process that acknowledged it `minutesAgo` and then died. */
  const leftBehind = async (text: string, minutesAgo: number) => {
    const typed = slack.slashCommand(text);
    const body = Object.fromEntries(new URLSearchParams(typed.request.body));
    const receivedAt = new Date(Date.now() - minutesAgo * MINUTE);
    await slack.server.commandJournal.record({
      id: randomUUID(),
      body,
      receivedAt,
      leaseUntil: new Date(Date.now() - 1_000),
    });
    return typed;
  };

  const notesOf = async (incidentId: string) =>
    (await slack.prisma.timelineEntry.findMany({ where: { incidentId, source: 'command' } })).map((e) => e.text);

  it('is run and answered at its response URL while Slack still takes answers there', async () => {
    const { incident } = await slack.declare({ text: 'declare sev2 checkout-api: Left behind recently' });
    const typed = await leftBehind(`note #${incident.number} Restarted the pods`, 5);
    const reply = await typed.reply(15_000);
    expect(reply.text).toBe(`Noted on the timeline of incident ${incident.number}.`);
    expect(await notesOf(incident.id)).toEqual(['Restarted the pods']);
  });

  it('is answered by direct message once its response URL has expired', async () => {
    const { incident } = await slack.declare({ text: 'declare sev2 checkout-api: Left behind long ago' });
    const dmsBefore = slack.dmsTo(ALICE).length;
    const typed = await leftBehind(`note #${incident.number} Failed over the database`, 40);
    await until(() => slack.dmsTo(ALICE).length > dmsBefore, 'a direct message to Alice', 15_000);
    expect(slack.dmsTo(ALICE).slice(dmsBefore)).toEqual([`Noted on the timeline of incident ${incident.number}.`]);
    expect(typed.replies()).toEqual([]);
    expect(await notesOf(incident.id)).toEqual(['Failed over the database']);
  });
});
