import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { blockActionsBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { typeCommand } from '../support/slack/type-command.ts';
import { type StartTestServerOptions, startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;
const { general: GENERAL } = EXAMPLE_CHANNELS;

const ZButtons = z.looseObject({
  blocks: z.array(
    z.looseObject({ elements: z.array(z.looseObject({ action_id: z.string(), value: z.string() })).optional() }),
  ),
});

describe.each(databaseKinds)('the postmortem draft in Slack on %s', (kind) => {
  let server: TestServer;
  let tempDir: string | undefined;
  afterEach(async () => {
    await server.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  });

  const fake = () => server.slack.fake;
  const prisma = () => server.database.prisma;

  const start = async (options: StartTestServerOptions = {}) => {
    server = await startTestServer(kind, { maxRetryBackoffMs: 200, ...options });
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

  const type = (text: string, { userId = BOB, channelId = GENERAL }: { userId?: string; channelId?: string } = {}) =>
    typeCommand(server, text, { userId, channelId });

  const settled = () =>
    until(
      async () => (await prisma().outboxMessage.count({ where: { status: 'pending' } })) === 0,
      'the outbox to drain',
    );

  const declare = async () => {
    await type('declare sev2 checkout-api: Checkout is down', { userId: ALICE });
    await settled();
    const incident = await prisma().incident.findFirstOrThrow({ orderBy: { number: 'desc' } });
    if (!incident.channelId) throw new Error('no channel');
    return { incident, channelId: incident.channelId };
  };

  /** `/incident resolve` with an open window, then Confirm, as a person does it. */
  const resolveThroughConfirmation = async (channelId: string) => {
    await type('impact outage', { channelId });
    const before = fake().responses.length;
    expect(await type('resolve Fixed by rollback', { channelId })).toMatch(/still has impact open/);
    const body = fake()
      .responses.slice(before)
      .find((r) => ZButtons.safeParse(r.body).success)?.body;
    const buttons = ZButtons.parse(body).blocks.flatMap((block) => block.elements ?? []);
    const confirm = buttons.find((button) => button.action_id === ACTIONS.confirmResolve);
    const responseUrl = fake().newResponseUrl({ channel: channelId, user: BOB });
    const res = await server.sendToSlackEndpoint(
      blockActionsBody({
        userId: BOB,
        actions: [{ action_id: ACTIONS.confirmResolve, value: confirm?.value ?? '' }],
        channelId,
        message: { ts: '1795470000.000100' },
        responseUrl,
        triggerId: fake().newTriggerId(BOB),
      }),
    );
    expect(res.status).toBe(200);
    await until(() => fake().responses.some((r) => r.url === responseUrl), 'the answer to Confirm');
  };

  const versions = (incidentId: string) =>
    prisma().postmortem.findMany({ where: { incidentId }, orderBy: { version: 'asc' } });

  const delivered = (channelId: string) => ({
    canvases: [...fake().state.canvases.values()].filter((canvas) => canvas.channel_id === channelId),
    files: [...fake().state.files.values()].filter((file) => file.completed && file.channels.includes(channelId)),
    bookmarks: fake().state.bookmarks.filter((bookmark) => bookmark.channel_id === channelId),
    dms: fake()
      .callsTo('chat.postMessage')
      .filter((call) => call.ok && String(call.params.channel).startsWith('D')),
  });

  it('drafts version 1 at resolve and delivers it once: a canvas, a file, a bookmark and a DM to the lead', async () => {
    await start();
    const { incident, channelId } = await declare();
    await resolveThroughConfirmation(channelId);
    await until(async () => (await versions(incident.id)).length === 1, 'version 1');
    await settled();

    const [version] = await versions(incident.id);
    expect(version).toMatchObject({ version: 1, generatedBy: BOB });
    expect(version?.markdown).toContain('Checkout is down');
    const slack = delivered(channelId);
    expect(slack.canvases).toHaveLength(1);
    expect(slack.canvases[0]).toMatchObject({
      title: `Postmortem draft v1: Checkout is down`,
      markdown: version?.markdown,
    });
    expect(slack.files).toHaveLength(1);
    expect(slack.files[0]?.name).toBe(`incident-${incident.number}-postmortem-v1.md`);
    expect(new TextDecoder().decode(slack.files[0]?.bytes)).toBe(version?.markdown);
    expect(version).toMatchObject({ canvasId: slack.canvases[0]?.id, fileId: slack.files[0]?.id });
    expect(slack.bookmarks).toHaveLength(1);
    expect(slack.bookmarks[0]).toMatchObject({ title: 'Postmortem draft v1' });
    expect(slack.bookmarks[0]?.link).toContain(slack.canvases[0]?.id);
    // The lead (alice declared it) hears of it in a DM with the link.
    expect(slack.dms).toHaveLength(1);
    expect(fake().state.channels.get(String(slack.dms[0]?.params.channel))?.user).toBe(ALICE);
    expect(String(slack.dms[0]?.params.text)).toContain(slack.canvases[0]?.id ?? 'no canvas');
    // The pinned summary links to it.
    const summary = fake()
      .messagesIn(channelId)
      .find((message) => message.ts === incident.summaryTs);
    expect(JSON.stringify(summary?.blocks)).toContain(slack.canvases[0]?.id ?? 'no canvas');

    // Running the delivery again (a retry after a crash) delivers nothing twice.
    await prisma().outboxMessage.updateMany({
      where: { kind: { startsWith: 'postmortem.' } },
      data: { status: 'pending', runAt: new Date(0) },
    });
    await settled();
    const again = delivered(channelId);
    expect([again.canvases.length, again.files.length, again.bookmarks.length]).toEqual([1, 1, 1]);
    expect(await versions(incident.id)).toHaveLength(1);
  });

  it('retries a delivery Slack failed part-way without a second canvas or file', async () => {
    await start();
    const { incident, channelId } = await declare();
    fake().failWith({ status: 503 }, { methods: ['files.completeUploadExternal'], count: 2 });
    await resolveThroughConfirmation(channelId);
    await until(async () => (await versions(incident.id))[0]?.fileId != null, 'the file to be shared', 15_000);
    await settled();
    const slack = delivered(channelId);
    expect([slack.canvases.length, slack.files.length, slack.bookmarks.length, slack.dms.length]).toEqual([1, 1, 1, 1]);
    expect(fake().callsTo('canvases.create')).toHaveLength(1);
  });

  it('"/incident postmortem" makes version 2 and leaves version 1 as it was', async () => {
    await start();
    const { incident, channelId } = await declare();
    await resolveThroughConfirmation(channelId);
    await until(async () => (await versions(incident.id)).length === 1, 'version 1');
    await settled();
    const [first] = await versions(incident.id);
    // People edited version 1.
    await prisma().postmortem.update({
      where: { id: first?.id ?? '' },
      data: { markdown: 'edited by the team', editedAt: new Date() },
    });

    expect(await type('postmortem', { channelId })).toBe(
      `:memo: Postmortem draft v2 of incident ${incident.number} is being posted in <#${channelId}> as a canvas and a Markdown file.`,
    );
    await settled();
    const [one, two] = await versions(incident.id);
    expect(one).toMatchObject({ version: 1, markdown: 'edited by the team', canvasId: first?.canvasId });
    expect(two).toMatchObject({ version: 2, generatedBy: BOB });
    const slack = delivered(channelId);
    expect(slack.canvases.map((canvas) => canvas.title)).toEqual([
      'Postmortem draft v1: Checkout is down',
      'Postmortem draft v2: Checkout is down',
    ]);
    expect(slack.files.map((file) => file.name)).toEqual([
      `incident-${incident.number}-postmortem-v1.md`,
      `incident-${incident.number}-postmortem-v2.md`,
    ]);
    // One bookmark, now pointing at the newest draft.
    expect(slack.bookmarks).toHaveLength(1);
    expect(slack.bookmarks[0]).toMatchObject({ title: 'Postmortem draft v2' });
    expect(slack.bookmarks[0]?.link).toContain(two?.canvasId ?? 'no canvas');
  });

  it('drafts an open incident on request, saying it is an early draft; from elsewhere it takes the number', async () => {
    await start();
    const { incident } = await declare();
    expect(await type(`postmortem #${incident.number}`)).toMatch(
      /Postmortem draft v1 of incident \d+ is being posted in <#C\w+> .*not resolved yet, so it is an early draft\./,
    );
    expect(await type('postmortem 1 now')).toMatch(
      /The postmortem takes the incident number, when you are outside its channel, and `complete` once it is reviewed/,
    );
  });

  it('uses the template configured in sitrep.yml', async () => {
    await start({
      teamConfigPath: await withTemplate('# Our own postmortem of {{ incident.title }}\n\nLead: {{ incident.lead }}\n'),
    });
    const { incident, channelId } = await declare();
    await resolveThroughConfirmation(channelId);
    await until(async () => (await versions(incident.id)).length === 1, 'version 1');
    await settled();
    const [version] = await versions(incident.id);
    expect(version?.markdown).toMatch(/^# Our own postmortem of Checkout is down\n\nLead: /);
    expect(delivered(channelId).canvases[0]?.markdown).toBe(version?.markdown);
  });

  it('a broken template: the person is told which line, and resolving still works and says why there is no draft', async () => {
    await start({
      teamConfigPath: await withTemplate('# Postmortem\n\n{% for item in actionItems %}\n- {{ item.title }}\n'),
    });
    const { incident, channelId } = await declare();
    expect(await type('postmortem', { channelId })).toMatch(/postmortem\.md line 3\b/);
    expect(await versions(incident.id)).toHaveLength(0);

    await resolveThroughConfirmation(channelId);
    await settled();
    expect((await prisma().incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe('resolved');
    expect(await versions(incident.id)).toHaveLength(0);
    const lines = fake()
      .messagesIn(channelId)
      .map((message) => message.text);
    expect(lines.filter((line) => line.includes('could not draft the postmortem'))).toEqual([
      expect.stringMatching(/^:warning: I could not draft the postmortem: .*postmortem\.md line 3\b/),
    ]);
    expect(delivered(channelId).canvases).toHaveLength(0);
  });
});
