import { createHmac, randomBytes } from 'node:crypto';
import { FAKE_APP_ID, FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID } from './fake-slack-types.ts';

// Requests exactly as Slack sends them to an app: same encodings, same field names, signed with the app's
// signing secret so that Bolt's verifier accepts them.

export type SlackContentType = 'application/x-www-form-urlencoded' | 'application/json';
export type SlackRequestBody = { body: string; contentType: SlackContentType };

export type SignOptions = {
  /** The raw body, byte for byte as it will be sent. */
  body: string;
  signingSecret: string;
  /** Unix seconds; now by default. Bolt refuses anything older than five minutes. */
  timestamp?: number;
  contentType?: SlackContentType;
};

export type SignedHeaders = {
  'content-type': SlackContentType;
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
};

const DEFAULT_TEAM_DOMAIN = 'sitrep-test';
const VERIFICATION_TOKEN = 'fake-verification-token';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');
const formBody = (fields: Record<string, string>): SlackRequestBody => ({
  body: new URLSearchParams(fields).toString(),
  contentType: 'application/x-www-form-urlencoded',
});
const payloadBody = (payload: Record<string, unknown>) => formBody({ payload: JSON.stringify(payload) });

/** Slack's v0 signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed by the signing secret. */
export const signSlackRequest = ({
  body,
  signingSecret,
  timestamp = nowSeconds(),
  contentType,
}: SignOptions): SignedHeaders => {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type':
      contentType ?? (body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded'),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${digest}`,
  };
};

export type PostSignedOptions = SlackRequestBody & {
  url: string;
  signingSecret: string;
  timestamp?: number;
  /** Extra or overriding headers, e.g. `x-slack-retry-num` to replay a retried event. */
  headers?: Record<string, string>;
};

/** POSTs a signed Slack request to the app under test; spread a body builder's result into it. */
export const postSigned = ({ url, body, contentType, signingSecret, timestamp, headers = {} }: PostSignedOptions) =>
  fetch(url, {
    method: 'POST',
    headers: {
      ...signSlackRequest({ body, signingSecret, contentType, ...(timestamp ? { timestamp } : {}) }),
      ...headers,
    },
    body,
  });

type Workspace = { teamId?: string; teamDomain?: string; apiAppId?: string };
type Actor = { userId: string; userName?: string };

const teamOf = ({ teamId = FAKE_TEAM_ID, teamDomain = DEFAULT_TEAM_DOMAIN }: Workspace) => ({
  id: teamId,
  domain: teamDomain,
});
const userOf = ({ userId, userName }: Actor, workspace: Workspace) => {
  const name = userName ?? userId.toLowerCase();
  return { id: userId, username: name, name, team_id: workspace.teamId ?? FAKE_TEAM_ID };
};
const newTriggerId = () => `${nowSeconds()}.${Math.floor(Math.random() * 1e10)}.${randomHex(16)}`;
const newResponseUrl = (teamId: string) => `https://hooks.slack.test/commands/${teamId}/${Date.now()}/${randomHex(12)}`;

export type SlashCommandOptions = Workspace &
  Actor & {
    command: string;
    text?: string;
    channelId: string;
    channelName?: string;
    /** Use `fake.newResponseUrl(...)` for replies that land in the fake's channel. */
    responseUrl?: string;
    triggerId?: string;
  };

/** A slash command as Slack posts it: application/x-www-form-urlencoded, fields in Slack's order. */
export const slashCommandBody = (options: SlashCommandOptions): SlackRequestBody => {
  const team = teamOf(options);
  return formBody({
    token: VERIFICATION_TOKEN,
    team_id: team.id,
    team_domain: team.domain,
    channel_id: options.channelId,
    channel_name: options.channelName ?? (options.channelId.startsWith('D') ? 'directmessage' : 'general'),
    user_id: options.userId,
    user_name: options.userName ?? options.userId.toLowerCase(),
    command: options.command,
    text: options.text ?? '',
    api_app_id: options.apiAppId ?? FAKE_APP_ID,
    is_enterprise_install: 'false',
    response_url: options.responseUrl ?? newResponseUrl(team.id),
    trigger_id: options.triggerId ?? newTriggerId(),
  });
};

export type EventCallbackOptions = Workspace & {
  event: { type: string } & Record<string, unknown>;
  eventId?: string;
  eventTime?: number;
};

/** An Events API delivery: the `event_callback` JSON envelope around `event`. */
export const eventCallbackBody = (options: EventCallbackOptions): SlackRequestBody => {
  const teamId = options.teamId ?? FAKE_TEAM_ID;
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: VERIFICATION_TOKEN,
      team_id: teamId,
      context_team_id: teamId,
      context_enterprise_id: null,
      api_app_id: options.apiAppId ?? FAKE_APP_ID,
      event: options.event,
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${randomHex(5).toUpperCase()}`,
      event_time: options.eventTime ?? nowSeconds(),
      authorizations: [
        { enterprise_id: null, team_id: teamId, user_id: FAKE_BOT_USER_ID, is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${Buffer.from(JSON.stringify({ team_id: teamId })).toString('base64url')}`,
    }),
  };
};

/** The handshake Slack sends when the Events request URL is saved. */
export const urlVerificationBody = ({ challenge }: { challenge: string }): SlackRequestBody => ({
  contentType: 'application/json',
  body: JSON.stringify({ token: VERIFICATION_TOKEN, challenge, type: 'url_verification' }),
});

export type ActionInput = { action_id: string; block_id?: string; value?: string; type?: string } & Record<
  string,
  unknown
>;

export type BlockActionsOptions = Workspace &
  Actor & {
    actions: ActionInput[];
    /** Where the clicked element was: a message in a channel... */
    channelId?: string;
    channelName?: string;
    message?: { ts: string } & Record<string, unknown>;
    /** ...or a modal / home tab. */
    view?: { id: string } & Record<string, unknown>;
    responseUrl?: string;
    triggerId?: string;
    state?: Record<string, unknown>;
  };

/** A click in Block Kit: `payload=<JSON>` of type block_actions, from a message or from a view. */
export const blockActionsBody = (options: BlockActionsOptions): SlackRequestBody => {
  const team = teamOf(options);
  const actionTs = `${nowSeconds()}.${randomHex(3)}`;
  const actions = options.actions.map((action) => ({
    type: 'button',
    block_id: `${action.action_id}_block`,
    action_ts: actionTs,
    ...action,
  }));
  const fromMessage = options.message && options.channelId;
  return payloadBody({
    type: 'block_actions',
    user: userOf(options, options),
    api_app_id: options.apiAppId ?? FAKE_APP_ID,
    token: VERIFICATION_TOKEN,
    container: fromMessage
      ? { type: 'message', message_ts: options.message?.ts, channel_id: options.channelId, is_ephemeral: false }
      : { type: 'view', view_id: options.view?.id },
    trigger_id: options.triggerId ?? newTriggerId(),
    team,
    enterprise: null,
    is_enterprise_install: false,
    ...(fromMessage
      ? {
          channel: { id: options.channelId, name: options.channelName ?? 'general' },
          message: { type: 'message', ...options.message },
          response_url: options.responseUrl ?? newResponseUrl(team.id),
        }
      : { view: options.view }),
    state: { values: options.state ?? {} },
    actions,
  });
};

export type ViewSubmissionOptions = Workspace &
  Actor & {
    callbackId: string;
    /** `state.values`: block_id -> action_id -> element value; see `inputValue`. */
    values: Record<string, Record<string, unknown>>;
    privateMetadata?: string;
    viewId?: string;
    title?: string;
    blocks?: unknown[];
    triggerId?: string;
  };

/** A modal's submit button: `payload=<JSON>` of type view_submission. */
export const viewSubmissionBody = (options: ViewSubmissionOptions): SlackRequestBody => {
  const team = teamOf(options);
  const viewId = options.viewId ?? `V${randomHex(5).toUpperCase()}`;
  return payloadBody({
    type: 'view_submission',
    team,
    user: userOf(options, options),
    api_app_id: options.apiAppId ?? FAKE_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: options.triggerId ?? newTriggerId(),
    view: {
      id: viewId,
      team_id: team.id,
      type: 'modal',
      blocks: options.blocks ?? [],
      private_metadata: options.privateMetadata ?? '',
      callback_id: options.callbackId,
      state: { values: options.values },
      hash: `${nowSeconds()}.${randomHex(4)}`,
      title: { type: 'plain_text', text: options.title ?? 'Modal', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: options.apiAppId ?? FAKE_APP_ID,
      external_id: '',
      app_installed_team_id: team.id,
      bot_id: FAKE_BOT_ID,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
};

export type MessageShortcutOptions = Workspace &
  Actor & {
    callbackId: string;
    channelId: string;
    channelName?: string;
    message: { ts: string; text: string; user?: string } & Record<string, unknown>;
    responseUrl?: string;
    triggerId?: string;
  };

/** "More actions" on a message: `payload=<JSON>` of type message_action. */
export const messageShortcutBody = (options: MessageShortcutOptions): SlackRequestBody => {
  const team = teamOf(options);
  return payloadBody({
    type: 'message_action',
    token: VERIFICATION_TOKEN,
    action_ts: `${nowSeconds()}.${randomHex(3)}`,
    team,
    user: userOf(options, options),
    channel: { id: options.channelId, name: options.channelName ?? 'general' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: options.callbackId,
    trigger_id: options.triggerId ?? newTriggerId(),
    response_url: options.responseUrl ?? newResponseUrl(team.id),
    message_ts: options.message.ts,
    message: { type: 'message', ...options.message },
  });
};

/** Element values as they appear in a view_submission's `state.values`. */
export const inputValue = {
  text: (value: string) => ({ type: 'plain_text_input', value }),
  select: (value: string, text = value) => ({
    type: 'static_select',
    selected_option: { text: { type: 'plain_text', text, emoji: true }, value },
  }),
  user: (id: string) => ({ type: 'users_select', selected_user: id }),
  users: (ids: string[]) => ({ type: 'multi_users_select', selected_users: ids }),
  conversation: (id: string) => ({ type: 'conversations_select', selected_conversation: id }),
};
