import { z } from 'zod';
import type { BotScope } from '../../demo/fake-slack/method-scopes.ts';

/**
 * Slack's rules for an app manifest, and the scopes each Web API method and event needs. Pure: the manifest test
 * and `sitrep doctor` read the files and hand the text in.
 *
 * Limits come from Slack's manifest schema (github.com/slackapi/manifest-schema, schemas/manifest.schema.2.0.0.json)
 * and the scope pages of docs.slack.dev.
 */

/**
 * The bot scopes that let Slack deliver each event. Slack delivers an event if the app holds any one of the listed
 * scopes (channels:read brings member_joined_channel for public channels, groups:read for private ones); an empty
 * list means no scope is needed.
 */
export const SCOPES_BY_EVENT: ReadonlyMap<string, readonly BotScope[]> = new Map(
  Object.entries({
    app_home_opened: [],
    app_mention: ['app_mentions:read'],
    app_uninstalled: [],
    tokens_revoked: [],
    // message.* also brings the message_changed and message_deleted subtypes.
    'message.channels': ['channels:history'],
    'message.groups': ['groups:history'],
    'message.im': ['im:history'],
    'message.mpim': ['mpim:history'],
    reaction_added: ['reactions:read'],
    reaction_removed: ['reactions:read'],
    pin_added: ['pins:read'],
    pin_removed: ['pins:read'],
    member_joined_channel: ['channels:read', 'groups:read'],
    member_left_channel: ['channels:read', 'groups:read'],
    channel_archive: ['channels:read'],
    channel_rename: ['channels:read'],
    channel_unarchive: ['channels:read'],
    team_join: ['users:read'],
    user_change: ['users:read'],
  } satisfies Record<string, readonly BotScope[]>),
);

/** Scopes Slack only grants together with another one. */
const SCOPE_PREREQUISITES: ReadonlyMap<string, BotScope> = new Map<string, BotScope>([
  ['users:read.email', 'users:read'],
  ['chat:write.public', 'chat:write'],
  ['chat:write.customize', 'chat:write'],
]);

/** Top-level families of the Slack Web API, as @slack/web-api's WebClient exposes them. */
export const SLACK_API_FAMILIES: ReadonlySet<string> = new Set([
  'admin',
  'agents',
  'api',
  'apps',
  'assistant',
  'auth',
  'blocks',
  'bookmarks',
  'bots',
  'calls',
  'canvases',
  'chat',
  'conversations',
  'dialog',
  'dnd',
  'emoji',
  'entity',
  'files',
  'functions',
  'migration',
  'oauth',
  'openid',
  'pins',
  'reactions',
  'reminders',
  'rtm',
  'search',
  'slackLists',
  'stars',
  'team',
  'tooling',
  'usergroups',
  'users',
  'views',
  'workflows',
]);

// Objects whose every key Slack's schema lists are strict, so a misspelt key (`should_escpae`) is an error rather
// than silently dropped. The containers around them accept Slack keys sitrep does not use.
const ZSlashCommand = z.strictObject({
  command: z.string(),
  url: z.string().optional(),
  description: z.string(),
  usage_hint: z.string().optional(),
  should_escape: z.boolean().optional(),
});

const ZShortcut = z.strictObject({
  name: z.string(),
  type: z.enum(['message', 'global']),
  callback_id: z.string(),
  description: z.string(),
});

/** The part of a Slack app manifest (schema major version 2) that sitrep writes and checks. */
export const ZSlackManifest = z.object({
  _metadata: z.strictObject({
    major_version: z.literal(2),
    minor_version: z.number().int().optional(),
  }),
  display_information: z.strictObject({
    name: z.string(),
    description: z.string().optional(),
    long_description: z.string().optional(),
    background_color: z.string().optional(),
  }),
  features: z
    .object({
      app_home: z
        .strictObject({
          home_tab_enabled: z.boolean().optional(),
          messages_tab_enabled: z.boolean().optional(),
          messages_tab_read_only_enabled: z.boolean().optional(),
        })
        .optional(),
      bot_user: z.strictObject({ display_name: z.string(), always_online: z.boolean().optional() }).optional(),
      shortcuts: z.array(ZShortcut).default([]),
      slash_commands: z.array(ZSlashCommand).default([]),
    })
    .prefault({}),
  oauth_config: z
    .object({
      redirect_urls: z.array(z.string()).optional(),
      scopes: z
        .strictObject({
          bot: z.array(z.string()).default([]),
          bot_optional: z.array(z.string()).optional(),
          user: z.array(z.string()).optional(),
          user_optional: z.array(z.string()).optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  settings: z
    .object({
      event_subscriptions: z
        .strictObject({
          request_url: z.string().optional(),
          bot_events: z.array(z.string()).default([]),
          user_events: z.array(z.string()).optional(),
          metadata_subscriptions: z.array(z.unknown()).optional(),
        })
        .optional(),
      interactivity: z
        .strictObject({
          is_enabled: z.boolean(),
          request_url: z.string().optional(),
          message_menu_options_url: z.string().optional(),
        })
        .optional(),
      org_deploy_enabled: z.boolean().optional(),
      socket_mode_enabled: z.boolean().optional(),
      token_rotation_enabled: z.boolean().optional(),
    })
    .prefault({}),
});

export type TSlackManifest = z.infer<typeof ZSlackManifest>;

type LengthRule = { label: string; value: string | undefined; min?: number; max: number };

const checkLength = ({ label, value, min = 1, max }: LengthRule): string[] => {
  if (value === undefined) return [];
  // Slack counts characters, not UTF-16 code units: an ellipsis or an emoji is one.
  const length = [...value].length;
  if (length < min) return [`${label} is ${length} characters; Slack needs at least ${min}`];
  if (length > max) return [`${label} is ${length} characters; Slack allows at most ${max}`];
  return [];
};

// Slack allows 3000 characters in a command URL and 3500 in the interactivity and events URLs.
type UrlRule = { label: string; value: string | undefined; max?: number };

const checkHttpsUrl = ({ label, value, max = 3500 }: UrlRule): string[] => {
  if (value === undefined) return [];
  if (!URL.canParse(value) || new URL(value).protocol !== 'https:') {
    return [`${label} "${value}" must be an https:// URL`];
  }
  return checkLength({ label, value, max });
};

const findDuplicates = (values: readonly string[]): string[] => [
  ...new Set(values.filter((value, index) => values.indexOf(value) !== index)),
];

const checkDisplayInformation = ({ display_information: display, features }: TSlackManifest): string[] => [
  ...checkLength({ label: 'display_information.name', value: display.name, max: 35 }),
  ...checkLength({ label: 'display_information.description', value: display.description, max: 140 }),
  // The manifest reference on docs.slack.dev says 174; Slack's published JSON schema says 175. Hold to the stricter.
  ...checkLength({
    label: 'display_information.long_description',
    value: display.long_description,
    min: 175,
    max: 4000,
  }),
  ...(display.background_color === undefined || /^#(?:[0-9a-f]{3}){1,2}$/i.test(display.background_color)
    ? []
    : [`display_information.background_color "${display.background_color}" must be a hex colour like #1d1c1d`]),
  ...checkLength({ label: 'features.bot_user.display_name', value: features.bot_user?.display_name, max: 80 }),
];

const checkSlashCommands = ({ features, settings }: TSlackManifest): string[] => {
  const commands = features.slash_commands;
  const problems = commands.flatMap(({ command, url, description, usage_hint }) => {
    const label = `slash command "${command}"`;
    return [
      ...(command.startsWith('/') ? [] : [`${label} must start with '/'`]),
      ...checkLength({ label, value: command, min: 2, max: 32 }),
      ...checkLength({ label: `${label} description`, value: description, max: 2000 }),
      ...checkLength({ label: `${label} usage_hint`, value: usage_hint, max: 1000 }),
      ...checkHttpsUrl({ label: `${label} url`, value: url, max: 3000 }),
      ...(url === undefined && settings.socket_mode_enabled !== true
        ? [`${label} needs a url unless Socket Mode is enabled`]
        : []),
    ];
  });
  return [
    ...problems,
    ...(commands.length > 50 ? [`${commands.length} slash commands; Slack allows at most 50`] : []),
    ...findDuplicates(commands.map(({ command }) => command)).map(
      (command) => `slash command "${command}" is listed more than once`,
    ),
  ];
};

const checkShortcuts = ({ features, settings }: TSlackManifest): string[] => {
  const shortcuts = features.shortcuts;
  const problems = shortcuts.flatMap(({ name, callback_id, description }) => {
    const label = `shortcut "${name}"`;
    return [
      ...checkLength({ label: `${label} name`, value: name, max: 24 }),
      ...checkLength({ label: `${label} callback_id`, value: callback_id, max: 255 }),
      ...checkLength({ label: `${label} description`, value: description, max: 150 }),
    ];
  });
  return [
    ...problems,
    ...(shortcuts.length > 10 ? [`${shortcuts.length} shortcuts; Slack allows at most 10`] : []),
    ...findDuplicates(shortcuts.map(({ callback_id }) => callback_id)).map(
      (callbackId) => `shortcut callback_id "${callbackId}" is used more than once`,
    ),
    ...(shortcuts.length > 0 && settings.interactivity?.is_enabled !== true
      ? ['shortcuts need settings.interactivity.is_enabled: true']
      : []),
  ];
};

const checkSettings = ({ settings }: TSlackManifest): string[] => {
  const { interactivity, event_subscriptions: events } = settings;
  const viaHttp = settings.socket_mode_enabled !== true;
  return [
    ...checkHttpsUrl({ label: 'settings.interactivity.request_url', value: interactivity?.request_url }),
    ...checkHttpsUrl({
      label: 'settings.interactivity.message_menu_options_url',
      value: interactivity?.message_menu_options_url,
    }),
    ...(viaHttp && interactivity?.is_enabled === true && interactivity.request_url === undefined
      ? ['settings.interactivity needs a request_url unless Socket Mode is enabled']
      : []),
    ...checkHttpsUrl({ label: 'settings.event_subscriptions.request_url', value: events?.request_url }),
    ...(viaHttp && events !== undefined && events.bot_events.length > 0 && events.request_url === undefined
      ? ['settings.event_subscriptions needs a request_url unless Socket Mode is enabled']
      : []),
  ];
};

// Sign in with Slack sends the person's code to a redirect URL: Slack takes only https ones.
const checkRedirectUrls = ({ oauth_config }: TSlackManifest): string[] => {
  const urls = oauth_config.redirect_urls ?? [];
  return [
    ...urls.flatMap((url, index) => checkHttpsUrl({ label: `oauth_config.redirect_urls[${index}]`, value: url })),
    ...findDuplicates(urls).map((url) => `redirect URL "${url}" is listed more than once`),
  ];
};

const checkEvents = ({ settings, oauth_config }: TSlackManifest): string[] => {
  const events = settings.event_subscriptions?.bot_events ?? [];
  const granted = new Set(oauth_config.scopes.bot);
  const problems = events.flatMap((event) => {
    const scopes = SCOPES_BY_EVENT.get(event);
    if (scopes === undefined) return [`bot event "${event}" is unknown to sitrep, so its scope cannot be checked`];
    if (scopes.length === 0 || scopes.some((scope) => granted.has(scope))) return [];
    return [`bot event "${event}" needs ${scopes.join(' or ')} in oauth_config.scopes.bot`];
  });
  return [
    ...problems,
    ...(events.length > 100 ? [`${events.length} bot events; Slack allows at most 100`] : []),
    ...findDuplicates(events).map((event) => `bot event "${event}" is listed more than once`),
  ];
};

const checkScopes = ({ features, oauth_config }: TSlackManifest): string[] => {
  const scopes = oauth_config.scopes.bot;
  const granted = new Set(scopes);
  const needsCommands = features.slash_commands.length > 0 || features.shortcuts.length > 0;
  return [
    ...(needsCommands && !granted.has('commands')
      ? ['slash commands and shortcuts need the commands scope in oauth_config.scopes.bot']
      : []),
    ...scopes.flatMap((scope) => {
      const prerequisite = SCOPE_PREREQUISITES.get(scope);
      return prerequisite === undefined || granted.has(prerequisite)
        ? []
        : [`scope ${scope} is only granted together with ${prerequisite}`];
    }),
    ...(scopes.length > 255 ? [`${scopes.length} bot scopes; Slack allows at most 255`] : []),
    ...findDuplicates(scopes).map((scope) => `scope ${scope} is listed more than once`),
  ];
};

/**
 * Lists what Slack would reject, or what would silently not work, in a manifest: lengths of names and texts,
 * commands that do not start with '/', non-https request and redirect URLs, missing request URLs outside Socket Mode, shortcuts
 * without interactivity, events without the scope that delivers them, and scopes missing their prerequisite.
 * Returns one human-readable sentence per problem; an empty list means none were found.
 */
export const checkManifest = (manifest: TSlackManifest): string[] => [
  ...checkDisplayInformation(manifest),
  ...checkSlashCommands(manifest),
  ...checkShortcuts(manifest),
  ...checkSettings(manifest),
  ...checkRedirectUrls(manifest),
  ...checkEvents(manifest),
  ...checkScopes(manifest),
];

const IDENTIFIER = String.raw`[A-Za-z_$][\w$]*`;
const DOT = String.raw`\s*\??\.\s*`;
// A receiver named `client` or ending in `Client`, then at least two property names: a family and a method.
const CLIENT_PATH = new RegExp(
  String.raw`(?<![\w$])(?:client|[\w$]*Client)${DOT}(${IDENTIFIER}(?:${DOT}${IDENTIFIER})+)`,
  'g',
);
const METHOD_NAME = String.raw`([A-Za-z]\w*(?:\.\w+)+)`;
const API_CALL = new RegExp(String.raw`\.apiCall\s*(?:<[^>]*>)?\s*\(\s*(['"\x60])${METHOD_NAME}\1`, 'g');
const SLACK_METHOD_PROPERTY = new RegExp(String.raw`(?<![\w$])slackMethod\s*:\s*(['"\x60])${METHOD_NAME}\1`, 'g');
// Bolt's say posts with chat.postMessage.
const BOLT_SAY = /(?<![\w$])say\s*\(/;

/**
 * Finds the Slack Web API methods a TypeScript source calls, as sorted unique names like 'chat.postMessage'.
 * Recognises a Web API family reached from a receiver named `client` or `…Client` (including `app.client` and
 * `slackClient`, with or without the call parentheses, across line breaks and `?.`), `.apiCall('<method>'`, a
 * `slackMethod: '<method>'` property (for work queued to call Slack later), and a call of Bolt's `say`.
 *
 * It reads text, not syntax: a call written in a comment counts, and a call through a renamed receiver
 * (`const { chat } = client`) or a method name held in a variable does not. Erring towards finding too much is
 * deliberate: an extra finding costs a table entry, a missed one costs a missing scope in production.
 */
export const findSlackMethodCalls = (source: string): string[] => {
  const found = new Set<string>();
  for (const [, path = ''] of source.matchAll(CLIENT_PATH)) {
    const method = path.replace(/[\s?]/g, '');
    const family = method.slice(0, method.indexOf('.'));
    if (SLACK_API_FAMILIES.has(family)) found.add(method);
  }
  for (const pattern of [API_CALL, SLACK_METHOD_PROPERTY]) {
    for (const [, , method = ''] of source.matchAll(pattern)) found.add(method);
  }
  if (BOLT_SAY.test(source)) found.add('chat.postMessage');
  return [...found].sort();
};
