export const FAKE_TEAM_ID = 'T0TEAM';
/** A second workspace, for people who may sign in with Slack but are not members of sitrep's. */
export const FAKE_OTHER_TEAM_ID = 'T0OTHER';
/** As long as Slack's own ids (nine characters or more), so sitrep.yml accepts it where a test puts it by mistake. */
export const FAKE_BOT_USER_ID = 'U0BOT00001';
export const FAKE_BOT_ID = 'B0BOT';
export const FAKE_APP_ID = 'A0APP';

/** Arguments of one Web API call, after the transport decoded JSON-valued fields (`blocks`, `view`...). */
export type SlackParams = Record<string, unknown>;

/** What the fake answers; the transport turns it into an HTTP response. */
export type SlackAnswer = { status: number; headers?: Record<string, string>; body: unknown };

export type FakeUser = {
  id: string;
  name: string;
  real_name: string;
  /** IANA zone, e.g. 'Europe/Paris'; `tz_offset` is derived from it at call time. */
  tz: string;
  is_bot: boolean;
  deleted: boolean;
  /** A guest: multi-channel (`is_restricted`) or single-channel (both flags, as Slack sets them). */
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  email?: string;
};

export type TopicOrPurpose = { value: string; creator: string; last_set: number };

export type FakeChannel = {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  is_im: boolean;
  is_mpim: boolean;
  topic: TopicOrPurpose;
  purpose: TopicOrPurpose;
  members: string[];
  created: number;
  creator: string;
  previous_names: string[];
  /** For a DM: the human on the other side. */
  user?: string;
  canvasId?: string;
};

export type FakeReaction = { name: string; users: string[] };

export type FakeMessage = {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  user?: string;
  bot_id?: string;
  username?: string;
  subtype?: string;
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  edited?: { user: string; ts: string };
  reactions: FakeReaction[];
  files?: { id: string; name: string; title: string }[];
  metadata?: unknown;
};

export type FakeEphemeral = {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
};

export type FakePin = { channel: string; ts: string; created: number; created_by: string };

export type FakeBookmark = {
  id: string;
  channel_id: string;
  title: string;
  link: string;
  emoji?: string;
  type: 'link';
  date_created: number;
  date_updated: number;
  created_by: string;
};

export type FakeCanvas = { id: string; title: string; markdown: string; channel_id?: string; created: number };

export type FakeFile = {
  id: string;
  name: string;
  title: string;
  length: number;
  alt_text?: string;
  bytes?: Uint8Array;
  completed: boolean;
  channels: string[];
};

/** A modal or home tab; `json` is what Slack answers in `view`. */
export type FakeView = { id: string; user?: string; hash: string; json: Record<string, unknown> };

export type ResponseUrlPost = { url: string; body: unknown; at: Date };

/** Where a minted response_url points, so that posts to it land in the right conversation. */
export type ResponseUrlTarget = { channel: string; user: string; messageTs?: string };

export type TimelineEntry = { at: Date } & (
  | { kind: 'channel_created'; channel: string; actor: string }
  | { kind: 'channel_renamed'; channel: string; actor: string; from: string }
  | { kind: 'archived' | 'unarchived'; channel: string; actor: string }
  | { kind: 'joined'; channel: string; user: string }
  | { kind: 'invited'; channel: string; users: string[]; actor: string }
  | { kind: 'topic' | 'purpose'; channel: string; actor: string; value: string }
  | {
      kind: 'message';
      channel: string;
      ts: string;
      thread_ts?: string;
      actor: string;
      text: string;
      blocks?: unknown[];
    }
  | { kind: 'message_updated'; channel: string; ts: string; text: string; blocks?: unknown[] }
  | { kind: 'message_deleted'; channel: string; ts: string }
  | { kind: 'ephemeral'; channel: string; user: string; text: string; blocks?: unknown[] }
  | { kind: 'pinned' | 'unpinned'; channel: string; ts: string; actor: string }
  | { kind: 'reaction_added' | 'reaction_removed'; channel: string; ts: string; name: string; actor: string }
  | { kind: 'bookmark'; channel: string; title: string; link: string; edited: boolean }
  | { kind: 'canvas'; canvas: string; title: string; channel?: string; action: 'created' | 'edited' }
  | { kind: 'file_shared'; channel: string; name: string; title: string }
  | { kind: 'view'; action: 'opened' | 'pushed' | 'updated' | 'published'; user?: string; title: string }
  | { kind: 'response'; url: string; text: string; blocks?: unknown[]; responseType: string }
);

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type TimelineInput = DistributiveOmit<TimelineEntry, 'at'>;

export type FakeSlackState = {
  team: { id: string; name: string; domain: string };
  bot: { userId: string; botId: string; appId: string; name: string };
  users: Map<string, FakeUser>;
  /** User group id (S…) -> member user ids. */
  userGroups: Map<string, string[]>;
  channels: Map<string, FakeChannel>;
  /** Per channel id, ascending by ts; thread replies included. */
  messages: Map<string, FakeMessage[]>;
  ephemerals: FakeEphemeral[];
  pins: FakePin[];
  bookmarks: FakeBookmark[];
  canvases: Map<string, FakeCanvas>;
  files: Map<string, FakeFile>;
  views: Map<string, FakeView>;
  /** Published App Home per user id. */
  homeViews: Map<string, FakeView>;
  responses: ResponseUrlPost[];
  responseUrls: Map<string, ResponseUrlTarget>;
  /** trigger_id -> user id, for trigger ids minted by `fake.newTriggerId`. */
  triggers: Map<string, string>;
  timeline: TimelineEntry[];
  /** People of other workspaces: the Web API never shows them, but they can sign in with Slack. */
  otherTeamUsers: Map<string, { user: FakeUser; teamId: string }>;
  oidc: FakeOidcState;
  /** Workspace preferences an admin may set: channel creation limited to admins answers `restricted_action`. */
  settings: { channelCreationRestricted: boolean };
};

/** A code from the authorize page, waiting to be exchanged at `openid.connect.token`. */
export type FakeOidcGrant = {
  user: FakeUser;
  teamId: string;
  clientId: string;
  redirectUri: string;
  scope: string[];
  nonce: string | undefined;
  codeChallenge: string | undefined;
  expiresAt: number;
};

/** Sign in with Slack: the app's credentials, who is at the browser (Allow or Cancel), codes and user tokens. */
export type FakeOidcState = {
  client: { id: string; secret: string; redirectUrls: string[] | undefined };
  browser: { user: string; allow: boolean } | undefined;
  codes: Map<string, FakeOidcGrant>;
  accessTokens: Map<string, { user: FakeUser; teamId: string; scope: string[] }>;
};

/** How a faulty Slack answers: an HTTP 5xx, a 429 with Retry-After, or a 200 `{ ok: false, error }`. */
export type Fault =
  | { status: 500 | 502 | 503 | 504 }
  | { status: 429; retryAfterSeconds: number }
  | { error: string }
  /** The call is carried out, then its answer is lost: a gateway timing out after Slack did the work. */
  | { status: 504; performed: true };

export type FaultScope = {
  /** Only these methods fail; all by default. */
  methods?: string[];
  /** Fail this many calls, then answer normally again. */
  count?: number;
  /** Fail until this returns true (checked on every call). */
  until?: () => boolean;
};

export type CallRecord = {
  method: string;
  params: SlackParams;
  at: Date;
  ok: boolean;
  status: number;
  error?: string;
  /** True when the answer came from `failWith` (no side effect happened). */
  injected: boolean;
};
