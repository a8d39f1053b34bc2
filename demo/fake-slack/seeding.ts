import type { MethodContext } from './fake-slack-state.ts';
import { appendMessage, findChannel, messageJson, messagesOf, newChannel } from './fake-slack-state.ts';
import type { FakeChannel, FakeMessage, FakeUser, ResponseUrlTarget } from './fake-slack-types.ts';

export type UserSeed = {
  id: string;
  name: string;
  /** IANA zone; 'UTC' by default. */
  tz?: string;
  real_name?: string;
  email?: string;
  is_bot?: boolean;
  deleted?: boolean;
  /** A guest: `multi-channel` or `single-channel`. */
  guest?: 'multi-channel' | 'single-channel';
  /** Another workspace's team id: the person can sign in with Slack but the Web API does not know them. */
  team_id?: string;
};

export type ChannelSeed = {
  id?: string;
  name: string;
  is_private?: boolean;
  is_archived?: boolean;
  /** User ids; include `FAKE_BOT_USER_ID` for a channel the bot is in. */
  members?: string[];
  topic?: string;
  purpose?: string;
};

export type MessageSeed = { channel: string; user: string; text: string; thread_ts?: string; blocks?: unknown[] };

const checkZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new Error(`fake Slack: "${tz}" is not an IANA time zone`);
  }
};

const jsonOfMap = <V, R>(map: Map<string, V>, render: (value: V) => R) =>
  Object.fromEntries([...map].map(([key, value]) => [key, render(value)]));

/** Seeds (what existed before the test) and read-side helpers for assertions. */
export const createSeeding = (ctx: MethodContext) => {
  const { state } = ctx;
  const channelOrThrow = (ref: string): FakeChannel => {
    const channel = findChannel(ctx, ref);
    if (!channel) throw new Error(`fake Slack: no channel ${ref}`);
    return channel;
  };

  return {
    addUser: (seed: UserSeed): FakeUser => {
      const tz = seed.tz ?? 'UTC';
      checkZone(tz);
      const user: FakeUser = {
        id: seed.id,
        name: seed.name,
        real_name: seed.real_name ?? seed.name,
        tz,
        is_bot: seed.is_bot ?? false,
        deleted: seed.deleted ?? false,
        is_restricted: seed.guest !== undefined,
        is_ultra_restricted: seed.guest === 'single-channel',
        ...(seed.email ? { email: seed.email } : {}),
      };
      if (seed.team_id !== undefined && seed.team_id !== state.team.id) {
        state.otherTeamUsers.set(user.id, { user, teamId: seed.team_id });
      } else {
        state.users.set(user.id, user);
      }
      return user;
    },

    /** Limits channel creation to admins, as a workspace preference can: conversations.create answers `restricted_action`. */
    restrictChannelCreation: (restricted: boolean): void => {
      state.settings.channelCreationRestricted = restricted;
    },

    /** A user group (S…) and its members, for usergroups.users.list. */
    addUserGroup: ({ id, users }: { id: string; users: string[] }): void => {
      state.userGroups.set(id, [...users]);
    },

    addChannel: (seed: ChannelSeed): FakeChannel => {
      const channel = newChannel(ctx, {
        id: seed.id ?? ctx.nextId('C'),
        name: seed.name,
        is_private: seed.is_private ?? false,
        members: seed.members ?? [],
        creator: seed.members?.[0],
      });
      channel.is_archived = seed.is_archived ?? false;
      if (seed.topic) channel.topic = { value: seed.topic, creator: channel.creator, last_set: channel.created };
      if (seed.purpose) channel.purpose = { value: seed.purpose, creator: channel.creator, last_set: channel.created };
      state.channels.set(channel.id, channel);
      return channel;
    },

    /** A message written by a person (it appears in history and in the transcript). */
    addMessage: (seed: MessageSeed): FakeMessage =>
      appendMessage(ctx, {
        channel: channelOrThrow(seed.channel).id,
        user: seed.user,
        text: seed.text,
        ...(seed.thread_ts ? { thread_ts: seed.thread_ts } : {}),
        ...(seed.blocks ? { blocks: seed.blocks } : {}),
      }),

    /** A response_url for a slash command or action; posts to it land in `channel`, ephemeral ones for `user`. */
    newResponseUrl: (target: ResponseUrlTarget): string => {
      const url = `${ctx.urls.responseUrlBase}${ctx.nextId('R')}`;
      state.responseUrls.set(url, target);
      return url;
    },

    /** A trigger_id so that views opened with it are attributed to `user`. */
    newTriggerId: (user: string): string => {
      const id = `${ctx.nextTs()}.${ctx.nextId('t').slice(1).toLowerCase()}`;
      state.triggers.set(id, user);
      return id;
    },

    channelByName: (name: string): FakeChannel | undefined =>
      [...state.channels.values()].find((channel) => !channel.is_im && channel.name === name.replace(/^#/, '')),

    /** All messages of a channel (by id or name), thread replies included, oldest first. */
    messagesIn: (ref: string): FakeMessage[] => [...messagesOf(ctx, channelOrThrow(ref).id)],

    /** The DM channel between the bot and a user, if one was opened. */
    dmWith: (user: string): FakeChannel | undefined =>
      [...state.channels.values()].find((channel) => channel.is_im && channel.user === user),

    ephemeralsFor: (user: string) => state.ephemerals.filter((ephemeral) => ephemeral.user === user),

    /** The whole workspace as plain JSON (served at GET /_fake/state). */
    snapshot: () => ({
      team: state.team,
      bot: state.bot,
      users: [...state.users.values()],
      channels: [...state.channels.values()],
      messages: jsonOfMap(state.messages, (messages) => messages.map(messageJson)),
      ephemerals: state.ephemerals,
      pins: state.pins,
      bookmarks: state.bookmarks,
      canvases: [...state.canvases.values()],
      files: [...state.files.values()].map(({ bytes, ...file }) => ({ ...file, uploadedBytes: bytes?.length ?? 0 })),
      views: [...state.views.values()].map((view) => view.json),
      homeViews: jsonOfMap(state.homeViews, (view) => view.json),
      responses: state.responses,
    }),
  };
};
