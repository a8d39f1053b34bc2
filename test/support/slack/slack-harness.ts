import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { z } from 'zod';
import { flattenBlocks } from '../../../demo/fake-slack/block-text.ts';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../../demo/fake-slack/example-workspace.ts';
import type { FakeSlack } from '../../../demo/fake-slack/fake-slack.ts';
import type { FakeChannel, FakeMessage } from '../../../demo/fake-slack/fake-slack-types.ts';
import {
  blockActionsBody,
  eventCallbackBody,
  inputValue,
  type SlackRequestBody,
  slashCommandBody,
  type ViewSubmissionOptions,
  viewSubmissionBody,
} from '../../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../../src/slack/ids.ts';
import type { DatabaseKind } from '../database.ts';
import { type StartTestServerOptions, startTestServer } from '../test-server.ts';
import { until } from '../until.ts';

// What a person does in Slack (types a command, clicks, submits a form) sent to sitrep as Slack sends it, and what
// that person then sees: the ephemeral answer, the lines in a channel, their DMs, their Home tab. Every Slack test
// drives sitrep through this, whether sitrep runs in the test's process or as the real one.

/** A request to sitrep's /slack/events, with extra headers such as Slack's retry headers. */
type SlackDelivery = SlackRequestBody & { headers?: Record<string, string> };
/** Who does something, and in which channel; the harness's person and channel unless given. */
type Who = { userId?: string; channelId?: string };
type Button = { action_id: string; value: string };
/** An answer posted to a response URL: its text, what the person saw (the text, then the blocks as lines), buttons. */
type Reply = { text: string; shown: string; buttons: Button[] };
/** Something sent whose answer goes to a response URL of its own. */
type Sent = {
  request: SlackDelivery;
  /** Every answer so far, oldest first. */
  replies: () => Reply[];
  /** Waits for the answer and checks there is exactly one. */
  reply: (deadlineMs?: number) => Promise<Reply>;
};
type OpenedForm = z.infer<typeof ZOpenedForm>;
type DirectMessage = { channel: string; text: string; buttons: Button[] };

/** The ts of the message a click comes from: sitrep reads buttons' values, never the message itself. */
const CLICKED_MESSAGE_TS = '1795470000.000100';

const ZReply = z.looseObject({ text: z.string(), blocks: z.array(z.unknown()).optional() });
/** A command is always answered to the person alone. */
const ZCommandReply = ZReply.extend({ response_type: z.literal('ephemeral') });
const ZBlocks = z.array(
  z.looseObject({
    elements: z.array(z.looseObject({ action_id: z.string().optional(), value: z.string().optional() })).optional(),
  }),
);
const ZOpenedForm = z.looseObject({
  callback_id: z.string().optional(),
  private_metadata: z.string(),
  blocks: z.array(z.looseObject({ block_id: z.string().optional() })),
});

/** Web API arguments Slack documents as JSON may arrive as JSON text. */
const fromJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** The buttons (elements with an action_id and a value) of a list of blocks. */
const buttonsIn = (blocks: unknown): Button[] =>
  ZBlocks.parse(fromJson(blocks ?? []))
    .flatMap((block) => block.elements ?? [])
    .flatMap(({ action_id, value }) => (action_id !== undefined && value !== undefined ? [{ action_id, value }] : []));

/** The button whose action_id is (or starts with) `actionId`, for the item `itemId` when given. */
export const buttonOf = (buttons: Button[], actionId: string, itemId?: string): Button => {
  const button = buttons.find((b) => b.action_id.startsWith(actionId) && b.value.includes(itemId ?? ''));
  if (!button) throw new Error(`no ${actionId} button among ${JSON.stringify(buttons)}`);
  return button;
};

const readReply = (body: unknown, schema: typeof ZReply = ZReply): Reply => {
  const { text, blocks = [] } = schema.parse(body);
  return { text, shown: [text, ...flattenBlocks(blocks)].join('\n'), buttons: buttonsIn(blocks) };
};

/** The declare form's state as Slack sends it on submit. */
const declareFormValues = ({ title, severity, services }: { title: string; severity: string; services: string[] }) => ({
  [BLOCKS.declareTitle]: { [ACTIONS.declareTitle]: inputValue.text(title) },
  [BLOCKS.declareSeverity]: { [ACTIONS.declareSeverity]: inputValue.select(severity) },
  [BLOCKS.declareServices]: {
    [ACTIONS.declareServices]: {
      type: 'multi_static_select',
      selected_options: services.map((s) => ({ text: { type: 'plain_text', text: s }, value: s })),
    },
  },
  [BLOCKS.declareDescription]: { [ACTIONS.declareDescription]: { type: 'plain_text_input', value: null } },
  [BLOCKS.declareImpactStartedAt]: {
    [ACTIONS.declareImpactStartedAt]: { type: 'datetimepicker', selected_date_time: null },
  },
});

/** Slack's headers on the nth retry of a delivery it did not hear back about in time. */
export const retryHeaders = (retryNum: number) => ({
  'x-slack-retry-num': String(retryNum),
  'x-slack-retry-reason': 'http_timeout',
});

type SlackHarnessOptions = {
  fake: FakeSlack;
  /** Sends a request to sitrep's /slack/events, signed as Slack signs it. */
  post: (request: SlackDelivery) => Promise<Response>;
  /** Who acts, unless a call says otherwise: alice, who declares in sitrep.example.yml. */
  userId?: string;
  /** Where, unless a call says otherwise: #general. */
  channelId?: string;
  /** How long a person waits for an answer before the test fails (10 s unless given). */
  replyWithinMs?: number;
};

/** A person's Slack, in front of a sitrep that receives through `post` and calls the Web API of `fake`. */
export const createSlackHarness = ({
  fake,
  post,
  userId: defaultUser = EXAMPLE_PEOPLE.alice,
  channelId: defaultChannel = EXAMPLE_CHANNELS.general,
  replyWithinMs,
}: SlackHarnessOptions) => {
  const whoIs = ({ userId = defaultUser, channelId = defaultChannel }: Who = {}) => ({ userId, channelId });

  /** Delivers a request as Slack does, and checks sitrep acknowledged it. */
  const deliver = async (request: SlackDelivery): Promise<Response> => {
    const res = await post(request);
    expect(res.status).toBe(200);
    return res;
  };

  const awaitingAt = (
    { responseUrl, request }: { responseUrl: string; request: SlackDelivery },
    { what, read }: { what: string; read: (body: unknown) => Reply },
  ): Sent => {
    const replies = () => fake.responses.filter((response) => response.url === responseUrl).map((r) => read(r.body));
    return {
      request,
      replies,
      reply: async (deadlineMs = replyWithinMs) => {
        await until(() => replies().length > 0, what, deadlineMs);
        expect(replies()).toHaveLength(1);
        const [reply] = replies();
        if (!reply) throw new Error(`no answer to ${what}`);
        return reply;
      },
    };
  };

  /** `/incident <text>` as typed, not sent yet: send its `request` as often as Slack would. */
  const slashCommand = (text: string, who?: Who): Sent => {
    const { userId, channelId } = whoIs(who);
    const responseUrl = fake.newResponseUrl({ channel: channelId, user: userId });
    const triggerId = fake.newTriggerId(userId);
    const request = slashCommandBody({ command: '/incident', text, userId, channelId, responseUrl, triggerId });
    return awaitingAt(
      { responseUrl, request },
      { what: `the answer to "/incident ${text}"`, read: (body) => readReply(body, ZCommandReply) },
    );
  };

  /** Types `/incident <text>` and returns without waiting for the answer. */
  const sendCommand = async (text: string, who?: Who): Promise<Sent> => {
    const typed = slashCommand(text, who);
    await deliver(typed.request);
    return typed;
  };

  /** Types `/incident <text>` and returns the answer. */
  const ask = async (text: string, who?: Who): Promise<Reply> => (await sendCommand(text, who)).reply();

  /** Types `/incident <text>` and returns what the person saw. */
  const type = async (text: string, who?: Who): Promise<string> => (await ask(text, who)).shown;

  /** A click on a button of a message in the channel (an answer, a DM), not sent yet. */
  const buttonClick = (button: Button, who?: Who): Sent => {
    const { userId, channelId } = whoIs(who);
    const responseUrl = fake.newResponseUrl({ channel: channelId, user: userId });
    const request = blockActionsBody({
      userId,
      actions: [button],
      channelId,
      message: { ts: CLICKED_MESSAGE_TS },
      responseUrl,
      triggerId: fake.newTriggerId(userId),
    });
    return awaitingAt(
      { responseUrl, request },
      { what: `the answer to ${button.action_id}`, read: (body) => readReply(body) },
    );
  };

  /** Clicks a button and returns without waiting for the answer. */
  const press = async (button: Button, who?: Who): Promise<Sent> => {
    const click = buttonClick(button, who);
    await deliver(click.request);
    return click;
  };

  /** Clicks a button and returns what the person saw in answer. */
  const click = async (button: Button, who?: Who): Promise<string> => (await (await press(button, who)).reply()).shown;

  /** The forms Slack opened for sitrep, oldest first. */
  const openedForms = (): OpenedForm[] =>
    fake
      .callsTo('views.open')
      .filter((call) => call.ok)
      .map((call) => ZOpenedForm.parse(fromJson(call.params.view)));

  /** Waits until Slack has opened `count` forms, and returns the last. */
  const formOpened = async (count: number): Promise<OpenedForm> => {
    await until(() => openedForms().length >= count, `form ${count} to open`);
    expect(openedForms()).toHaveLength(count);
    const form = openedForms().at(-1);
    if (!form) throw new Error('no form');
    return form;
  };

  /** Clicks a button that opens a form, and returns the form once Slack shows it. */
  const openForm = async (button: Button, who?: Who): Promise<OpenedForm> => {
    const before = openedForms().length;
    await press(button, who);
    return formOpened(before + 1);
  };

  /** Submits a form as the harness's person unless another is given; returns sitrep's HTTP answer. */
  const submit = (form: Omit<ViewSubmissionOptions, 'userId'> & { userId?: string }): Promise<Response> =>
    post(viewSubmissionBody({ userId: defaultUser, ...form }));

  /** The declare form filled in and submitted from the channel, not sent yet. */
  const declareSubmission = (
    form: { title: string; severity: string; services: string[]; viewId?: string },
    who?: Who,
  ): SlackDelivery => {
    const { userId, channelId } = whoIs(who);
    const { viewId, ...values } = form;
    return viewSubmissionBody({
      userId,
      callbackId: VIEWS.declareIncident,
      ...(viewId !== undefined ? { viewId } : {}),
      privateMetadata: JSON.stringify({ channelId }),
      values: declareFormValues(values),
    });
  };

  /** A person adds 📌 to a message: Slack's record of the message changes, and this is the event it sends. */
  const pinEvent = (message: FakeMessage, userId: string) => {
    const pushpin = message.reactions.find((reaction) => reaction.name === 'pushpin');
    if (pushpin) pushpin.users.push(userId);
    else message.reactions.push({ name: 'pushpin', users: [userId] });
    return {
      type: 'reaction_added',
      user: userId,
      reaction: 'pushpin',
      item: { type: 'message', channel: message.channel, ts: message.ts },
      ...(message.user !== undefined ? { item_user: message.user } : {}),
      event_ts: `${Date.now() / 1000}`,
    };
  };

  /** A person takes their 📌 off a message. */
  const unpinEvent = (message: FakeMessage, userId: string) => {
    for (const reaction of message.reactions) {
      if (reaction.name === 'pushpin') reaction.users = reaction.users.filter((user) => user !== userId);
    }
    message.reactions = message.reactions.filter((reaction) => reaction.users.length > 0);
    return {
      type: 'reaction_removed',
      user: userId,
      reaction: 'pushpin',
      item: { type: 'message', channel: message.channel, ts: message.ts },
      event_ts: `${Date.now() / 1000}`,
    };
  };

  /** A person edits a message; `edited` is the message as it now is (its text, files...). */
  const editEvent = (message: FakeMessage, edited: { text: string } & Record<string, unknown>) => ({
    type: 'message',
    subtype: 'message_changed',
    channel: message.channel,
    hidden: true,
    ts: `${Date.now() / 1000}`,
    message: { type: 'message', user: message.user, ts: message.ts, ...edited },
    previous_message: { type: 'message', user: message.user, text: message.text, ts: message.ts },
  });

  /** A person deletes a message. */
  const deleteEvent = (message: FakeMessage) => ({
    type: 'message',
    subtype: 'message_deleted',
    channel: message.channel,
    hidden: true,
    deleted_ts: message.ts,
    ts: `${Date.now() / 1000}`,
  });

  /** What sitrep said in a channel, oldest first: its own messages, not topic changes or shared files. */
  const linesIn = (channelId: string): string[] =>
    fake
      .messagesIn(channelId)
      .filter((message) => message.bot_id !== undefined && message.subtype === undefined && !message.files)
      .map((message) => message.text);

  /**
   * The direct messages sitrep sent a person, oldest first, as sent (a later edit of one does not show): to their DM
   * channel, or to their user id, which Slack delivers in that channel.
   */
  const directMessagesTo = (userId: string): DirectMessage[] => {
    const isDmWith = (channel: string) => channel === userId || fake.state.channels.get(channel)?.user === userId;
    return fake
      .callsTo('chat.postMessage')
      .filter((call) => call.ok && isDmWith(String(call.params.channel)))
      .map((call) => ({
        channel: fake.dmWith(userId)?.id ?? String(call.params.channel),
        text: String(call.params.text),
        buttons: buttonsIn(call.params.blocks),
      }));
  };

  const dmsTo = (userId: string): string[] => directMessagesTo(userId).map((dm) => dm.text);

  /** The channels sitrep made for incidents. */
  const incidentChannels = (): FakeChannel[] =>
    [...fake.state.channels.values()].filter((channel) => channel.name.startsWith('inc-'));

  const pinsIn = (channelId: string) => fake.state.pins.filter((pin) => pin.channel === channelId);

  /** The pinned summary of an incident channel, as a person reads it. */
  const summaryIn = (channelId: string): string => {
    const [pin, ...more] = pinsIn(channelId);
    expect(more).toEqual([]);
    const summary = fake.messagesIn(channelId).find((message) => message.ts === pin?.ts);
    if (!summary) throw new Error(`nothing pinned in ${channelId}`);
    return [summary.text, ...flattenBlocks(summary.blocks ?? [])].join('\n');
  };

  /** A person's Home tab, as they read it. */
  const homeTab = (userId: string): string => {
    const view = z.object({ blocks: z.array(z.unknown()) }).parse(fake.state.homeViews.get(userId)?.json);
    return flattenBlocks(view.blocks).join('\n');
  };

  return {
    fake,
    deliver,
    slashCommand,
    sendCommand,
    ask,
    type,
    buttonClick,
    press,
    click,
    openedForms,
    formOpened,
    openForm,
    submit,
    declareSubmission,
    pinEvent,
    unpinEvent,
    editEvent,
    deleteEvent,
    linesIn,
    directMessagesTo,
    dmsTo,
    incidentChannels,
    pinsIn,
    summaryIn,
    homeTab,
  };
};

export type SlackHarness = ReturnType<typeof createSlackHarness>;

export type StartSlackHarnessOptions = StartTestServerOptions &
  Pick<SlackHarnessOptions, 'userId' | 'channelId' | 'replyWithinMs'>;

/**
 * The real sitrep server in the test's process, on a database of its own, with msw playing Slack (see
 * test-server.ts), and a person's Slack in front of it. It also knows when sitrep's outbox has caught up.
 */
export const startSlackHarness = async (
  kind: DatabaseKind,
  { userId, channelId, replyWithinMs, ...options }: StartSlackHarnessOptions = {},
) => {
  const server = await startTestServer(kind, options);
  const { prisma } = server.database;
  const slack = createSlackHarness({
    fake: server.slack.fake,
    post: server.sendToSlackEndpoint,
    ...(userId !== undefined ? { userId } : {}),
    ...(channelId !== undefined ? { channelId } : {}),
    ...(replyWithinMs !== undefined ? { replyWithinMs } : {}),
  });

  /** Waits until every Slack effect written so far has been carried out (or given up on). */
  const settled = (deadlineMs?: number) =>
    until(
      async () => (await prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0,
      'the outbox to drain',
      deadlineMs,
    );

  /** Waits until every Slack effect written so far has been carried out. */
  const allDone = (deadlineMs?: number) =>
    until(
      async () => (await prisma.outboxMessage.count({ where: { status: { not: 'done' } } })) === 0,
      'every outbox message to be done',
      deadlineMs,
    );

  /** Declares an incident with `/incident <text>` (a SEV2 of checkout-api by default), and waits for its channel. */
  const declare = async ({
    text = 'declare sev2 checkout-api: Checkout is down',
    ...who
  }: Who & { text?: string } = {}) => {
    const reply = await slack.ask(text, who);
    const number = /Declared incident (\d+)/.exec(reply.text)?.[1];
    if (number === undefined) throw new Error(`"/incident ${text}" declared nothing: ${reply.text}`);
    await settled();
    const incident = await prisma.incident.findUniqueOrThrow({ where: { number: Number(number) } });
    const channel = incident.channelId ? server.slack.fake.state.channels.get(incident.channelId) : undefined;
    if (!incident.channelId || !channel) throw new Error(`incident ${number} has no channel`);
    return { reply, incident, channelId: incident.channelId, channel };
  };

  /** How many outbox messages are due at `now` and first in their queue: what a sweep would try now. */
  const dueCount = async (now: Date) => {
    const pending = await prisma.outboxMessage.findMany({ where: { status: 'pending' }, orderBy: { sequence: 'asc' } });
    const heads = pending.filter(
      (m, i) => m.orderingKey === null || pending.findIndex((n) => n.orderingKey === m.orderingKey) === i,
    );
    return heads.filter((m) => m.runAt <= now).length;
  };

  /**
   * Waits until the outbox has tried every message due by sitrep's `now`, a retry that came due included: after
   * moving sitrep's clock on, this is when everything that time allowed has happened.
   */
  const caughtUp = ({ now, what, deadlineMs }: { now: () => Date; what: string; deadlineMs?: number }) =>
    until(async () => (await dueCount(now())) === 0, what, deadlineMs);

  /** Whether sitrep has handled the event (it is recorded once its listeners are done). */
  const eventHandled = (eventId: string) => async () =>
    (await prisma.processedSlackEvent.count({ where: { eventId } })) === 1;

  /** Sends an event, with an id of its own unless given one, and waits until sitrep has handled it. */
  const sendEvent = async (event: { type: string } & Record<string, unknown>, eventId = `Ev${randomUUID()}`) => {
    await slack.deliver(eventCallbackBody({ event, eventId }));
    await until(eventHandled(eventId), `event ${eventId} to be handled`);
  };

  return {
    ...slack,
    server,
    prisma,
    settled,
    allDone,
    caughtUp,
    declare,
    eventHandled,
    sendEvent,
    pin: (message: FakeMessage, userId: string) => sendEvent(slack.pinEvent(message, userId)),
    unpin: (message: FakeMessage, userId: string) => sendEvent(slack.unpinEvent(message, userId)),
    close: server.close,
  };
};

export type SlackTest = Awaited<ReturnType<typeof startSlackHarness>>;
