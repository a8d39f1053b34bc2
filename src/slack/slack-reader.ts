import { WebAPIHTTPError, WebAPIRateLimitedError, WebAPIRequestError, type WebClient } from '@slack/web-api';
import { z } from 'zod';
import { ServiceError } from '../domain/outbox/service-error.ts';
import type { People, PersonCheck } from '../flows/action-items/action-item-deps.ts';
import type { SlackMessageRead, SlackReader } from '../flows/timeline-flows.ts';
import type { EmailDirectory } from '../flows/trackers/tracker-deps.ts';

const ZFile = z.object({
  name: z.string().optional(),
  title: z.string().optional(),
  permalink: z.string().optional(),
  url_private: z.string().optional(),
});

/** Slack's message, as reactions.get, events and shortcut payloads carry it. */
export const ZSlackMessage = z.object({
  text: z.string().optional(),
  user: z.string().optional(),
  files: z.array(ZFile).optional(),
  reactions: z
    .array(z.object({ name: z.string(), count: z.number().optional(), users: z.array(z.string()).optional() }))
    .optional(),
});

/** Files and images of a message, kept as links (their permalink, which needs a Slack login to open). */
export const readFiles = (files: z.infer<typeof ZFile>[] | undefined): SlackMessageRead['files'] =>
  (files ?? []).flatMap((file) => {
    const url = file.permalink ?? file.url_private;
    return url === undefined ? [] : [{ name: file.title ?? file.name ?? 'file', url }];
  });

const countPushpins = (reactions: z.infer<typeof ZSlackMessage>['reactions']): number => {
  const pushpin = reactions?.find((reaction) => reaction.name === 'pushpin');
  return pushpin?.count ?? pushpin?.users?.length ?? 0;
};

const platformError = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const parsed = z.object({ error: z.string() }).safeParse(error.data);
  return parsed.success ? parsed.data.error : undefined;
};

/** Slack gave no answer (no connection, a timeout, a 5xx, a 429): unlike a platform error, nothing about the user. */
const isSlackUnreachable = (error: unknown): boolean =>
  error instanceof WebAPIRequestError || error instanceof WebAPIHTTPError || error instanceof WebAPIRateLimitedError;

const ZUserInfo = z.object({
  name: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  tz: z.string().optional(),
});

/**
 * Whether a Slack user can own an action item, from users.info: `user_not_found` is someone who does not exist (an
 * id typed by hand, another workspace's); a deactivated account or an app cannot do the work.
 */
const checkSlackPerson = async ({
  client,
  userId,
  teamTimeZone,
}: {
  client: WebClient;
  userId: string;
  teamTimeZone: string;
}): Promise<PersonCheck & { name?: string }> => {
  try {
    const answer = await client.users.info({ user: userId });
    const user = ZUserInfo.parse(answer.user ?? {});
    if (user.deleted === true) return { kind: 'deactivated' };
    if (user.is_bot === true) return { kind: 'bot' };
    return { kind: 'person', tz: user.tz ?? teamTimeZone, ...(user.name === undefined ? {} : { name: user.name }) };
  } catch (error) {
    if (platformError(error) === 'user_not_found') return { kind: 'missing' };
    throw error;
  }
};

const PERSON_MAX_AGE_MS = 24 * 60 * 60 * 1000;

type CachedPerson = { userId: string; name: string | null; tz: string; fetchedAt: Date };

/** The Slack user cache in the database (main.ts passes the Slack user store). */
type PeopleCache = {
  find: (userId: string) => Promise<CachedPerson | undefined>;
  save: (user: CachedPerson) => Promise<void>;
};

/**
 * The people behind action items, through users.info. A person checked is remembered in the Slack user cache, so
 * the postmortem can name them and their zone is known without asking Slack again. While Slack cannot be reached,
 * the owner is taken on trust (Slack's own mention picker named them) in the zone last known or the team's, and not
 * remembered, so the next check asks Slack again.
 */
export const createSlackPeople = ({
  client,
  users,
  zoneOf,
  teamTimeZone,
  now,
}: {
  client: WebClient;
  users: PeopleCache;
  zoneOf: (userId: string) => Promise<string>;
  teamTimeZone: string;
  now: () => Date;
}): People => ({
  check: async (userId) => {
    // Someone checked within the day is still there: no need to wait on Slack (which may be slow or down).
    const cached = await users.find(userId);
    if (cached && now().getTime() - cached.fetchedAt.getTime() < PERSON_MAX_AGE_MS)
      return { kind: 'person', tz: cached.tz };
    let checked: PersonCheck & { name?: string };
    try {
      checked = await checkSlackPerson({ client, userId, teamTimeZone });
    } catch (error) {
      if (!isSlackUnreachable(error)) throw error;
      return { kind: 'person', tz: cached?.tz ?? teamTimeZone };
    }
    if (checked.kind === 'person') {
      await users.save({ userId, name: checked.name ?? null, tz: checked.tz, fetchedAt: now() });
    }
    return checked;
  },
  zoneOf,
});

/** The timeline's reads from Slack, through the Web API. */
export const createSlackReader = (client: WebClient): SlackReader => ({
  readMessage: async ({ channelId, ts }) => {
    try {
      const answer = await client.reactions.get({ channel: channelId, timestamp: ts, full: true });
      const message = ZSlackMessage.parse(answer.message ?? {});
      return {
        text: message.text ?? '',
        userId: message.user ?? null,
        files: readFiles(message.files),
        pushpins: countPushpins(message.reactions),
      };
    } catch (error) {
      if (platformError(error) === 'message_not_found') return undefined;
      throw error;
    }
  },
  permalink: async ({ channelId, ts }) => {
    const answer = await client.chat.getPermalink({ channel: channelId, message_ts: ts });
    return answer.permalink ?? null;
  },
  fetchUserZone: async (userId) => {
    const answer = await client.users.info({ user: userId });
    const tz = answer.user?.tz;
    if (!tz) throw new Error(`users.info gave no time zone for ${userId}`);
    return { name: answer.user?.name ?? null, tz };
  },
});

const ZEmailUser = z.object({
  id: z.string(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  profile: z.object({ email: z.string().optional() }).optional(),
});

/**
 * People by the email Slack and a tracker share (users:read.email): a deactivated account or an app has none to
 * share. Slack's silence (unreachable, rate limited) is thrown, so the work is tried again rather than decided.
 */
export const createSlackEmailDirectory = (client: WebClient): EmailDirectory => ({
  emailOf: async (userId) => {
    try {
      const user = ZEmailUser.parse((await client.users.info({ user: userId })).user ?? {});
      return user.deleted === true || user.is_bot === true ? null : (user.profile?.email ?? null);
    } catch (error) {
      if (platformError(error) === 'user_not_found') return null;
      throw asOutage(error);
    }
  },
  findByEmail: async (email) => {
    try {
      const user = ZEmailUser.parse((await client.users.lookupByEmail({ email })).user ?? {});
      return user.deleted === true || user.is_bot === true ? null : user.id;
    } catch (error) {
      if (platformError(error) === 'users_not_found') return null;
      throw asOutage(error);
    }
  },
});

/** Slack not answering is a passing outage (`ServiceError`, transient); a refusal (a scope, the token) stays Slack's. */
const asOutage = (error: unknown): unknown =>
  isSlackUnreachable(error)
    ? new ServiceError(`Slack did not answer: ${error instanceof Error ? error.message : String(error)}`, {
        transient: true,
      })
    : error;
