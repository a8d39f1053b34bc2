import type { FakeSlackUrls, MethodContext, MethodHandler } from './fake-slack-state.ts';
import { createIdFactory, createState, createTsFactory } from './fake-slack-state.ts';
import type { CallRecord, Fault, FaultScope, SlackAnswer, SlackParams } from './fake-slack-types.ts';
import { BOT_SCOPES, SCOPES_BY_METHOD } from './method-scopes.ts';
import { channelExtraMethods } from './methods/channel-extras.ts';
import { chatMethods } from './methods/chat.ts';
import { conversationMethods } from './methods/conversations.ts';
import { surfaceMethods } from './methods/surfaces.ts';
import { userMethods } from './methods/users.ts';
import { createFakeOidc } from './oidc.ts';
import { SlackMethodError } from './params.ts';
import { answerResponseUrl } from './response-urls.ts';
import { createSeeding } from './seeding.ts';
import { renderTranscript } from './transcript.ts';

export type { FakeSlackUrls } from './fake-slack-state.ts';
export type { Fault, FaultScope, SlackAnswer, SlackParams } from './fake-slack-types.ts';
export { FAKE_BOT_USER_ID, FAKE_OTHER_TEAM_ID } from './fake-slack-types.ts';
export { FAKE_OIDC_CLIENT } from './oidc.ts';

export type FakeSlackOptions = {
  /** The clock for message ts, `created`, `tz_offset` and the call log. */
  now?: () => Date;
  teamName?: string;
  teamDomain?: string;
  botName?: string;
  /** Grant `chat:write.public`: the bot may post in public channels it has not joined. */
  chatWritePublic?: boolean;
  /** Tokens accepted (`invalid_auth` otherwise); by default any non-empty token. */
  tokens?: string[];
  urls?: Partial<FakeSlackUrls>;
};

/** How the transport reached the fake: the token from the Authorization header, if any. */
export type HandleContext = { token?: string };

/** Pseudo-method under which posts to response URLs are logged and can be made to fail. */
export const RESPONSE_URL_METHOD = 'response_url';

const METHODS: Record<string, MethodHandler> = {
  ...userMethods,
  ...conversationMethods,
  ...chatMethods,
  ...channelExtraMethods,
  ...surfaceMethods,
};

/**
 * Every Web API method the fake answers, for failing all of Slack's API at once. Posts to response URLs go to
 * another host of Slack's (`RESPONSE_URL_METHOD`) and are not among them: `failWith` without `methods` fails those too.
 */
export const WEB_API_METHODS = Object.keys(METHODS);

/**
 * Scopes Slack asks for only in some cases: `chat:write.public` to post in a public channel the bot is not in (the
 * fake's `chatWritePublic` option), `groups:read` to read a private channel. The fake asks for every other one.
 */
const CONDITIONAL_SCOPES = new Set(['chat:write.public', 'groups:read']);

type ActiveFault = { fault: Fault; scope: FaultScope; remaining?: number };

const faultAnswer = (fault: Fault): SlackAnswer => {
  if ('error' in fault) return { status: 200, body: { ok: false, error: fault.error } };
  if (fault.status === 429) {
    return {
      status: 429,
      headers: { 'retry-after': String(fault.retryAfterSeconds) },
      body: { ok: false, error: 'ratelimited' },
    };
  }
  return { status: fault.status, body: `${fault.status} fake Slack is failing on purpose` };
};

const outcomeOf = (answer: SlackAnswer) => {
  const body = answer.body;
  const isObject = typeof body === 'object' && body !== null;
  const ok = answer.status === 200 && (!isObject || !('ok' in body) || body.ok === true);
  const error = isObject && 'error' in body && typeof body.error === 'string' ? body.error : undefined;
  return { ok, status: answer.status, ...(error ? { error } : {}) };
};

/**
 * An in-memory Slack workspace answering Web API calls like Slack does (`{ ok: false, error }` with HTTP 200),
 * independent of any transport: see msw-slack.ts and fake-slack-server.ts for HTTP.
 */
export const createFakeSlack = (options: FakeSlackOptions = {}) => {
  const now = options.now ?? (() => new Date());
  const state = createState({
    teamName: options.teamName ?? 'Sitrep Test',
    teamDomain: options.teamDomain ?? 'sitrep-test',
    botName: options.botName ?? 'sitrep',
  });
  const urls: FakeSlackUrls = {
    responseUrlBase: 'https://hooks.slack.test/response/',
    uploadUrlBase: 'https://files.slack.test/upload/',
    oidcIssuer: 'https://slack.com',
    ...options.urls,
  };
  const ctx: MethodContext = {
    state,
    now,
    urls,
    chatWritePublic: options.chatWritePublic ?? false,
    readsEmail: () => granted.has('users:read.email'),
    nextId: createIdFactory(),
    nextTs: createTsFactory(now),
    record: (entry) => state.timeline.push({ ...entry, at: now() }),
  };
  const calls: CallRecord[] = [];
  const faults: ActiveFault[] = [];
  const oidc = createFakeOidc(ctx);

  const takeFault = (method: string): Fault | undefined => {
    for (const active of [...faults]) {
      if (active.scope.until?.()) {
        faults.splice(faults.indexOf(active), 1);
        continue;
      }
      if (active.scope.methods && !active.scope.methods.includes(method)) continue;
      if (active.remaining !== undefined) {
        active.remaining -= 1;
        if (active.remaining <= 0) faults.splice(faults.indexOf(active), 1);
      }
      return active.fault;
    }
    return undefined;
  };

  /** Runs one call through fault injection and logs it; `perform` only runs when Slack is healthy. */
  const run = (method: string, params: SlackParams, perform: () => SlackAnswer): SlackAnswer => {
    const at = now();
    const fault = takeFault(method);
    if (fault && 'performed' in fault) perform();
    const answer = fault ? faultAnswer(fault) : perform();
    calls.push({ method, params, at, ...outcomeOf(answer), injected: fault !== undefined });
    return answer;
  };

  const answerMethod = (body: () => Record<string, unknown>, headers: Record<string, string> = {}): SlackAnswer => {
    try {
      return { status: 200, headers, body: body() };
    } catch (error) {
      if (error instanceof SlackMethodError)
        return { status: 200, headers, body: { ok: false, error: error.code, ...error.extra } };
      throw error;
    }
  };

  let tokens = options.tokens;
  // The token's scopes; every scope sitrep's manifest asks for unless a test grants fewer.
  let granted: ReadonlySet<string> = new Set(BOT_SCOPES);
  /** Slack names the token's scopes on every answer; WebClient reads them into `response_metadata.scopes`. */
  const scopesHeader = () => ({ 'x-oauth-scopes': [...granted].join(',') });

  const perform = (method: string, params: SlackParams, token: string | undefined): SlackAnswer => {
    const oidcMethod = oidc.methods[method];
    // Sign in with Slack's methods take the app's credentials or a person's token, not the bot's.
    if (oidcMethod) return answerMethod(() => oidcMethod(params, token));
    const handler = METHODS[method];
    if (!handler) return { status: 200, body: { ok: false, error: 'unknown_method', req_method: method } };
    if (!token) return { status: 200, body: { ok: false, error: 'not_authed' } };
    if (tokens && !tokens.includes(token)) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    const missing = (SCOPES_BY_METHOD.get(method) ?? []).filter(
      (scope) => !CONDITIONAL_SCOPES.has(scope) && !granted.has(scope),
    );
    if (missing.length > 0) {
      const provided = [...granted].join(',');
      const body = { ok: false, error: 'missing_scope', needed: missing.join(','), provided };
      return { status: 200, headers: scopesHeader(), body };
    }
    return answerMethod(() => handler(ctx, params), scopesHeader());
  };

  const seeding = createSeeding(ctx);

  return {
    state,
    calls,
    /** Bases the transport serves; `setUrls` changes them (the HTTP server does, once it knows its port). */
    urls,
    get responses() {
      return state.responses;
    },

    /** Answers one Web API call. `token` may be in `params` or, as WebClient sends it, in `context`. */
    handle: (method: string, params: SlackParams, context: HandleContext = {}): SlackAnswer => {
      const { token: paramToken, ...rest } = params;
      const token = context.token ?? (typeof paramToken === 'string' ? paramToken : undefined);
      return run(method, rest, () => perform(method, rest, token));
    },

    /** A POST to a response URL (Bolt's `respond()`); lands in the conversation when the URL was minted here. */
    recordResponse: ({ url, body }: { url: string; body: unknown }): SlackAnswer =>
      run(RESPONSE_URL_METHOD, { url, body }, () => answerResponseUrl(ctx, { url, body })),

    /** The bytes posted to an upload URL from `files.getUploadURLExternal`. */
    receiveUpload: (fileId: string, bytes: Uint8Array): SlackAnswer => {
      const file = state.files.get(fileId);
      if (!file) return { status: 404, body: 'file_not_found' };
      file.bytes = bytes;
      return { status: 200, body: `OK - ${bytes.length}` };
    },

    callsTo: (method: string) => calls.filter((call) => call.method === method),

    /** Makes matching calls fail (without side effects) until `recover()`, `count` calls, or `until()`. */
    failWith: (fault: Fault, scope: FaultScope = {}) => {
      if (scope.count !== undefined && scope.count <= 0) return;
      faults.push({ fault, scope, ...(scope.count !== undefined ? { remaining: scope.count } : {}) });
    },
    recover: () => {
      faults.length = 0;
    },
    /** From now on only these tokens work (a reinstall or a rotation); the others get `invalid_auth`. */
    acceptTokens: (accepted: string[]) => {
      tokens = accepted;
    },
    /** The token's scopes from now on (a manifest change and reinstall); methods needing others get `missing_scope`. */
    grantScopes: (scopes: readonly string[]) => {
      granted = new Set(scopes);
    },

    setUrls: (next: Partial<FakeSlackUrls>) => {
      Object.assign(urls, next);
    },

    ...seeding,

    /** Sign in with Slack: the discovery document, the authorize page and the keys, served by the transport. */
    oidcPages: { discovery: oidc.discovery, authorize: oidc.authorize, keys: oidc.keys },
    /** Who signs in at the authorize page from now on (a member, or one of another team); `allow: false` cancels. */
    signInAs: oidc.signInAs,
    configureOidcClient: oidc.configureClient,

    transcript: () => renderTranscript(state),
  };
};

export type FakeSlack = ReturnType<typeof createFakeSlack>;
