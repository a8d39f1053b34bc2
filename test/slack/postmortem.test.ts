import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import {
  buttonOf,
  type SlackTest,
  type StartSlackHarnessOptions,
  startSlackHarness,
} from '../support/slack/slack-harness.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;

describe.each(databaseKinds)('the postmortem draft in Slack on %s', (kind) => {
  // Bob types and clicks in #general unless a step says otherwise.
  let slack: SlackTest;
  let tempDir: string | undefined;
  afterEach(async () => {
    await slack.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  });

  const start = async (options: StartSlackHarnessOptions = {}) => {
    slack = await startSlackHarness(kind, { maxRetryBackoffMs: 200, userId: BOB, ...options });
  };

  /** A sitrep.yml in a temporary directory whose postmortem template is `template`. */
  const withTemplate = async (template: string): Promise<string> => {
    tempDir = await mkdtemp(join(tmpdir(), 'sitrep-postmortem-'));
    const templatePath = join(tempDir, 'postmortem.md');
    await writeFile(templatePath, template);
    const configPath = join(tempDir, 'sitrep.yml');
    await writeFile(
      configPath,
      [
        'team:',
        '  timeZone: Europe/Paris',
        'services:',
        '  - name: checkout-api',
        '    responders: [U05ALICE01]',
        '    sla: { target: 99.9, window: monthly }',
        'postmortem:',
        `  template: ${JSON.stringify(templatePath)}`,
        '',
      ].join('\n'),
    );
    return configPath;
  };

  /** `/incident resolve` with an open window, then Confirm, as a person does it. */
  const resolveThroughConfirmation = async (channelId: string) => {
    await slack.type('impact outage', { channelId });
    const question = await slack.ask('resolve Fixed by rollback', { channelId });
    expect(question.text).toMatch(/still has impact open/);
    await slack.click(buttonOf(question.buttons, ACTIONS.confirmResolve), { channelId });
  };

  const versions = (incidentId: string) =>
    slack.prisma.postmortem.findMany({ where: { incidentId }, orderBy: { version: 'asc' } });

  const delivered = (channelId: string) => ({
    canvases: [...slack.fake.state.canvases.values()].filter((canvas) => canvas.channel_id === channelId),
    files: [...slack.fake.state.files.values()].filter((file) => file.completed && file.channels.includes(channelId)),
    bookmarks: slack.fake.state.bookmarks.filter((bookmark) => bookmark.channel_id === channelId),
    dms: slack.fake
      .callsTo('chat.postMessage')
      .filter((call) => call.ok && String(call.params.channel).startsWith('D')),
  });

  it('drafts version 1 at resolve and delivers it once: a canvas, a file, a bookmark and a DM to the lead', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await resolveThroughConfirmation(channelId);
    await until(async () => (await versions(incident.id)).length === 1, 'version 1');
    await slack.settled();

    const [version] = await versions(incident.id);
    expect(version).toMatchObject({ version: 1, generatedBy: BOB });
    expect(version?.markdown).toContain('Checkout is down');
    const shared = delivered(channelId);
    expect(shared.canvases).toHaveLength(1);
    expect(shared.canvases[0]).toMatchObject({
      title: `Postmortem draft v1: Checkout is down`,
      markdown: version?.markdown,
    });
    expect(shared.files).toHaveLength(1);
    expect(shared.files[0]?.name).toBe(`incident-${incident.number}-postmortem-v1.md`);
    expect(new TextDecoder().decode(shared.files[0]?.bytes)).toBe(version?.markdown);
    expect(version).toMatchObject({ canvasId: shared.canvases[0]?.id, fileId: shared.files[0]?.id });
    expect(shared.bookmarks).toHaveLength(1);
    expect(shared.bookmarks[0]).toMatchObject({ title: 'Postmortem draft v1' });
    expect(shared.bookmarks[0]?.link).toContain(shared.canvases[0]?.id);
    // The lead (alice declared it) hears of it in a DM with the link.
    expect(shared.dms).toHaveLength(1);
    expect(slack.fake.state.channels.get(String(shared.dms[0]?.params.channel))?.user).toBe(ALICE);
    expect(String(shared.dms[0]?.params.text)).toContain(shared.canvases[0]?.id ?? 'no canvas');
    // The pinned summary links to it.
    expect(slack.pinsIn(channelId).map((pin) => pin.ts)).toEqual([incident.summaryTs]);
    expect(slack.summaryIn(channelId)).toContain(shared.canvases[0]?.id ?? 'no canvas');

    // Running the delivery again (a retry after a crash) delivers nothing twice.
    await slack.prisma.outboxMessage.updateMany({
      where: { kind: { startsWith: 'postmortem.' } },
      data: { status: 'pending', runAt: new Date(0) },
    });
    await slack.settled();
    const again = delivered(channelId);
    expect([again.canvases.length, again.files.length, again.bookmarks.length]).toEqual([1, 1, 1]);
    expect(await versions(incident.id)).toHaveLength(1);
  });

  it('retries a delivery Slack failed part-way without a second canvas or file', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    slack.fake.failWith({ status: 503 }, { methods: ['files.completeUploadExternal'], count: 2 });
    await resolveThroughConfirmation(channelId);
    await until(async () => (await versions(incident.id))[0]?.fileId != null, 'the file to be shared', 15_000);
    await slack.settled();
    const shared = delivered(channelId);
    expect([shared.canvases.length, shared.files.length, shared.bookmarks.length, shared.dms.length]).toEqual([
      1, 1, 1, 1,
    ]);
    expect(slack.fake.callsTo('canvases.create')).toHaveLength(1);
  });

  it('"/incident postmortem" makes version 2 and leaves version 1 as it was', async () => {
    await start();
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await resolveThroughConfirmation(channelId);
    await until(async () => (await versions(incident.id)).length === 1, 'version 1');
    await slack.settled();
    const [first] = await versions(incident.id);
    // People edited version 1.
    await slack.prisma.postmortem.update({
      where: { id: first?.id ?? '' },
      data: { markdown: 'edited by the team', editedAt: new Date() },
    });

    expect(await slack.type('postmortem', { channelId })).toBe(
      `:memo: Postmortem draft v2 of incident ${incident.number} is being posted in <#${channelId}> as a canvas and a Markdown file.`,
    );
    await slack.settled();
    const [one, two] = await versions(incident.id);
    expect(one).toMatchObject({ version: 1, markdown: 'edited by the team', canvasId: first?.canvasId });
    expect(two).toMatchObject({ version: 2, generatedBy: BOB });
    const shared = delivered(channelId);
    expect(shared.canvases.map((canvas) => canvas.title)).toEqual([
      'Postmortem draft v1: Checkout is down',
      'Postmortem draft v2: Checkout is down',
    ]);
    expect(shared.files.map((file) => file.name)).toEqual([
      `incident-${incident.number}-postmortem-v1.md`,
      `incident-${incident.number}-postmortem-v2.md`,
    ]);
    // One bookmark, now pointing at the newest draft.
    expect(shared.bookmarks).toHaveLength(1);
    expect(shared.bookmarks[0]).toMatchObject({ title: 'Postmortem draft v2' });
    expect(shared.bookmarks[0]?.link).toContain(two?.canvasId ?? 'no canvas');
  });

  it('drafts an open incident on request, saying it is an early draft; from elsewhere it takes the number', async () => {
    await start();
    const { incident } = await slack.declare({ userId: ALICE });
    expect(await slack.type(`postmortem #${incident.number}`)).toMatch(
      /Postmortem draft v1 of incident \d+ is being posted in <#C\w+> .*not resolved yet, so it is an early draft\./,
    );
    expect(await slack.type('postmortem 1 now')).toMatch(
      /The postmortem takes the incident number, when you are outside its channel, and `complete` once it is reviewed/,
    );
  });

  it('uses the template configured in sitrep.yml', async () => {
    await start({
      teamConfigPath: await withTemplate('# Our own postmortem of {{ incident.title }}\n\nLead: {{ incident.lead }}\n'),
    });
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    await resolveThroughConfirmation(channelId);
    await until(async () => (await versions(incident.id)).length === 1, 'version 1');
    await slack.settled();
    const [version] = await versions(incident.id);
    expect(version?.markdown).toMatch(/^# Our own postmortem of Checkout is down\n\nLead: /);
    expect(delivered(channelId).canvases[0]?.markdown).toBe(version?.markdown);
  });

  it('a broken template: the person is told which line, and resolving still works and says why there is no draft', async () => {
    await start({
      teamConfigPath: await withTemplate('# Postmortem\n\n{% for item in actionItems %}\n- {{ item.title }}\n'),
    });
    const { incident, channelId } = await slack.declare({ userId: ALICE });
    expect(await slack.type('postmortem', { channelId })).toMatch(/postmortem\.md line 3\b/);
    expect(await versions(incident.id)).toHaveLength(0);

    await resolveThroughConfirmation(channelId);
    await slack.settled();
    expect(slack.linesIn(channelId)).toContain(`<@${BOB}> resolved the incident: Fixed by rollback`);
    expect((await slack.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe('resolved');
    expect(await versions(incident.id)).toHaveLength(0);
    expect(slack.linesIn(channelId).filter((line) => line.includes('could not draft the postmortem'))).toEqual([
      expect.stringMatching(/^:warning: I could not draft the postmortem: .*postmortem\.md line 3\b/),
    ]);
    expect(delivered(channelId).canvases).toHaveLength(0);
  });
});
