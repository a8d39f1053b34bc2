// The bot scopes each Web API method sitrep calls needs, from the scope pages of docs.slack.dev: the fake answers
// `missing_scope` by them when a test grants fewer, and the manifest test checks manifest.yml against them.

/** Bot scopes sitrep knows about; a typo in the tables below is a type error. */
export const BOT_SCOPES = [
  'app_mentions:read',
  'bookmarks:read',
  'bookmarks:write',
  'canvases:read',
  'canvases:write',
  'channels:history',
  'channels:join',
  'channels:manage',
  'channels:read',
  'chat:write',
  'chat:write.customize',
  'chat:write.public',
  'commands',
  'files:write',
  'groups:history',
  'groups:read',
  'im:history',
  'im:write',
  'mpim:history',
  'pins:read',
  'pins:write',
  'reactions:read',
  'team:read',
  'usergroups:read',
  'users:read',
  'users:read.email',
] as const;

export type BotScope = (typeof BOT_SCOPES)[number];

/**
 * The bot scopes sitrep's calls of each Web API method need; every listed scope must be granted. Where Slack accepts
 * one of several scopes depending on the kind of conversation (channels:* for public channels, groups:* for private
 * ones, im:* for DMs), this lists the ones for the conversations sitrep works with: it creates and runs public
 * incident channels, reads the private channel an incident was declared from, and DMs people.
 */
export const SCOPES_BY_METHOD: ReadonlyMap<string, readonly BotScope[]> = new Map(
  Object.entries({
    'auth.test': [],
    // chat:write.public lets sitrep announce in the incidents channel without joining it, so it does not receive
    // every message posted there.
    'chat.postMessage': ['chat:write', 'chat:write.public'],
    'chat.postEphemeral': ['chat:write'],
    'chat.update': ['chat:write'],
    'chat.delete': ['chat:write'],
    'chat.getPermalink': [],
    'conversations.create': ['channels:manage'],
    'conversations.invite': ['channels:manage'],
    'conversations.join': ['channels:join'],
    // An incident can be declared from a private channel; sitrep must see that it is private before it links to it.
    'conversations.info': ['channels:read', 'groups:read'],
    'conversations.list': ['channels:read'],
    'conversations.members': ['channels:read'],
    'conversations.history': ['channels:history'],
    'conversations.replies': ['channels:history'],
    'conversations.setTopic': ['channels:manage'],
    'conversations.setPurpose': ['channels:manage'],
    'conversations.open': ['im:write'],
    'conversations.canvases.create': ['canvases:write'],
    'canvases.create': ['canvases:write'],
    'canvases.edit': ['canvases:write'],
    // Finds the section id that canvases.edit needs to replace one section (the status) rather than the whole canvas.
    'canvases.sections.lookup': ['canvases:read'],
    'pins.add': ['pins:write'],
    'pins.remove': ['pins:write'],
    'pins.list': ['pins:read'],
    'reactions.get': ['reactions:read'],
    'bookmarks.add': ['bookmarks:write'],
    'bookmarks.edit': ['bookmarks:write'],
    'bookmarks.list': ['bookmarks:read'],
    'users.info': ['users:read'],
    'usergroups.users.list': ['usergroups:read'],
    // Slack grants users:read.email only together with users:read.
    'users.lookupByEmail': ['users:read.email', 'users:read'],
    'views.open': [],
    'views.update': [],
    'views.push': [],
    'views.publish': [],
    'files.getUploadURLExternal': ['files:write'],
    'files.completeUploadExternal': ['files:write'],
    // @slack/web-api helper that calls files.getUploadURLExternal and files.completeUploadExternal.
    'files.uploadV2': ['files:write'],
    'team.info': ['team:read'],
  } satisfies Record<string, readonly BotScope[]>),
);
