import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCOPES_BY_METHOD } from '../../demo/fake-slack/method-scopes.ts';
import { COMMANDS, SLACK_EVENTS_PATH } from '../../src/slack/ids.ts';
import { CALLBACK_PATH } from '../../src/web/auth/create-web-auth.ts';
import {
  checkManifest,
  findSlackMethodCalls,
  SCOPES_BY_EVENT,
  SLACK_API_FAMILIES,
  type TSlackManifest,
  ZSlackManifest,
} from '../support/slack-manifest-rules.ts';

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

const manifest = ZSlackManifest.parse(parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')));
const botScopes = new Set(manifest.oauth_config.scopes.bot);
const botEvents = manifest.settings.event_subscriptions?.bot_events ?? [];

const pathOf = (url: string | undefined): string | undefined => (url === undefined ? undefined : new URL(url).pathname);

/** Every .ts file under src/, as a path relative to src/ with forward slashes; generated Prisma code is not ours. */
const listSourceFiles = (): string[] =>
  readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(sep).join('/'))
    .filter((file) => file.endsWith('.ts') && !file.startsWith('store/generated/'))
    .sort();

/**
 * Every method name a WebClient exposes, e.g. 'conversations.canvases.create': the functions nested in its family
 * objects. Its own top-level functions (fetchFn) and the _-prefixed state of its queue and emitter are not API.
 */
const listWebApiMethods = (target: object, prefix = ''): string[] =>
  Object.entries(target).flatMap(([key, value]: [string, unknown]) => {
    if (key.startsWith('_')) return [];
    if (typeof value === 'function') return prefix === '' ? [] : [`${prefix}${key}`];
    return typeof value === 'object' && value !== null ? listWebApiMethods(value, `${prefix}${key}.`) : [];
  });

const webApiMethods = new Set(listWebApiMethods(new WebClient()));

const sourceFiles = listSourceFiles();
const readSource = (file: string): string => readFileSync(join(srcDir, file), 'utf8');

/** The Web API methods src/ calls, each once. */
const calledMethods = [...new Set(sourceFiles.flatMap((file) => findSlackMethodCalls(readSource(file))))].sort();

/** The event types src/ listens to: `app.event('…')`, and `app.message(…)` as `message`. */
const registeredEvents = [
  ...new Set(
    sourceFiles.flatMap((file) => {
      const source = readSource(file);
      const events = Array.from(source.matchAll(/\bapp\.event\(\s*['"]([\w.]+)['"]/g), ([, event]) => event ?? '');
      return /\bapp\.message\(/.test(source) ? [...events, 'message'] : events;
    }),
  ),
].sort();

describe('manifest.yml', () => {
  it('follows Slack’s manifest rules', () => {
    expect(checkManifest(manifest)).toEqual([]);
  });

  it('sends /incident to the Bolt endpoint with people escaped as <@U…|name>, the form sitrep reads', () => {
    const incident = manifest.features.slash_commands.find(({ command }) => command === COMMANDS.incident);
    expect(incident).toBeDefined();
    expect(pathOf(incident?.url)).toBe(SLACK_EVENTS_PATH);
    expect(incident?.should_escape).toBe(true);
  });

  it('sends interactivity and events to the same endpoint as the command', () => {
    const commandUrl = manifest.features.slash_commands[0]?.url;
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
    expect(pathOf(manifest.settings.interactivity?.request_url)).toBe(SLACK_EVENTS_PATH);
    expect(pathOf(manifest.settings.event_subscriptions?.request_url)).toBe(SLACK_EVENTS_PATH);
    expect(manifest.settings.interactivity?.request_url).toBe(commandUrl);
    expect(manifest.settings.event_subscriptions?.request_url).toBe(commandUrl);
  });

  it('sends Sign in with Slack back to the web view’s callback, asking only who the person is', () => {
    expect(manifest.oauth_config.redirect_urls?.map(pathOf)).toEqual([CALLBACK_PATH]);
    expect(new URL(manifest.oauth_config.redirect_urls?.[0] ?? '').origin).toBe(
      new URL(manifest.settings.interactivity?.request_url ?? '').origin,
    );
    expect(manifest.oauth_config.scopes.user).toEqual(['openid', 'profile']);
  });

  it('declares the shortcuts sitrep listens for', () => {
    const shortcuts = manifest.features.shortcuts.map(({ type, callback_id }) => ({ type, callback_id }));
    expect(shortcuts).toEqual([
      { type: 'message', callback_id: 'add_to_timeline' },
      { type: 'global', callback_id: 'declare_incident' },
    ]);
  });

  it('subscribes to exactly the events sitrep registers a listener for', () => {
    // A Bolt `message` listener is fed by the message.* subscriptions: sitrep follows edits of captured messages in
    // the public and private channels it is a member of (direct messages are not followed; see the README).
    const subscribedTypes = new Set(botEvents.map((event) => (event.startsWith('message.') ? 'message' : event)));
    expect([...subscribedTypes].sort()).toEqual(registeredEvents);
    expect(botEvents.filter((event) => event.startsWith('message.')).sort()).toEqual([
      'message.channels',
      'message.groups',
    ]);
  });

  it('asks for exactly the scopes that the methods src/ calls, the events it handles and its commands need', () => {
    const needed = new Set([
      ...calledMethods.flatMap((method) => SCOPES_BY_METHOD.get(method) ?? []),
      ...botEvents.flatMap((event) => SCOPES_BY_EVENT.get(event) ?? []),
      ...(manifest.features.slash_commands.length + manifest.features.shortcuts.length > 0 ? ['commands'] : []),
    ]);
    expect([...botScopes].sort()).toEqual([...needed].sort());
  });
});

describe('Web API methods called under src/', () => {
  const calls = sourceFiles.flatMap((file) =>
    findSlackMethodCalls(readSource(file)).map((method) => ({ file, method })),
  );

  it('reads the source tree', () => {
    expect(sourceFiles).toContain('jobs/outbox/slack/run-slack-effect.ts');
    expect(sourceFiles.some((file) => file.startsWith('store/generated/'))).toBe(false);
  });

  it('are all in SCOPES_BY_METHOD', () => {
    const unknown = calls
      .filter(({ method }) => !SCOPES_BY_METHOD.has(method))
      .map(({ file, method }) => `src/${file} calls ${method}, which SCOPES_BY_METHOD does not list`);
    expect(unknown).toEqual([]);
  });

  it('have all their scopes in manifest.yml', () => {
    const missing = calls.flatMap(({ file, method }) =>
      (SCOPES_BY_METHOD.get(method) ?? [])
        .filter((scope) => !botScopes.has(scope))
        .map((scope) => `src/${file} calls ${method}, which needs ${scope}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('the scope tables', () => {
  it('are checked against the methods @slack/web-api exposes', () => {
    expect(webApiMethods).toContain('chat.postMessage');
    expect(webApiMethods).toContain('conversations.canvases.create');
  });

  it('name only methods that @slack/web-api knows', () => {
    expect([...SCOPES_BY_METHOD.keys()].filter((method) => !webApiMethods.has(method))).toEqual([]);
  });

  it('cover every Web API family, so no call goes unnoticed', () => {
    const families = new Set([...webApiMethods].map((method) => method.slice(0, method.indexOf('.'))));
    expect([...families].filter((family) => !SLACK_API_FAMILIES.has(family))).toEqual([]);
  });
});

const validManifest = (): TSlackManifest =>
  ZSlackManifest.parse({
    _metadata: { major_version: 2 },
    display_information: { name: 'sitrep', long_description: 'Runs incidents. '.repeat(12) },
    features: {
      bot_user: { display_name: 'sitrep' },
      slash_commands: [{ command: '/incident', url: 'https://example.com/slack/events', description: 'Incidents' }],
      shortcuts: [
        { name: 'Declare an incident', type: 'global', callback_id: 'declare_incident', description: 'Declare' },
      ],
    },
    oauth_config: { scopes: { bot: ['commands', 'chat:write', 'reactions:read', 'users:read', 'users:read.email'] } },
    settings: {
      interactivity: { is_enabled: true, request_url: 'https://example.com/slack/events' },
      event_subscriptions: {
        request_url: 'https://example.com/slack/events',
        bot_events: ['app_home_opened', 'reaction_added'],
      },
    },
  });

type BrokenManifestCase = { rule: string; breakIt: (manifest: TSlackManifest) => void; problem: string };

const withoutScope = (manifest: TSlackManifest, scope: string) => {
  manifest.oauth_config.scopes.bot = manifest.oauth_config.scopes.bot.filter((granted) => granted !== scope);
};

const command = { command: '/incident', url: 'https://example.com/slack/events', description: 'Incidents' };
const shortcut = { name: 'Declare', type: 'global', callback_id: 'declare', description: 'Declare' } as const;

describe('checkManifest', () => {
  it('finds nothing wrong with a valid manifest', () => {
    expect(checkManifest(validManifest())).toEqual([]);
  });

  it.each<BrokenManifestCase>([
    {
      rule: 'an app name of at most 35 characters',
      breakIt: (m) => {
        m.display_information.name = 'x'.repeat(36);
      },
      problem: 'display_information.name is 36 characters; Slack allows at most 35',
    },
    {
      rule: 'a description of at most 140 characters',
      breakIt: (m) => {
        m.display_information.description = 'x'.repeat(141);
      },
      problem: 'display_information.description is 141 characters; Slack allows at most 140',
    },
    {
      rule: 'a long description of at least 175 characters',
      breakIt: (m) => {
        m.display_information.long_description = 'x'.repeat(174);
      },
      problem: 'display_information.long_description is 174 characters; Slack needs at least 175',
    },
    {
      rule: 'a long description of at most 4000 characters',
      breakIt: (m) => {
        m.display_information.long_description = 'x'.repeat(4001);
      },
      problem: 'display_information.long_description is 4001 characters; Slack allows at most 4000',
    },
    {
      rule: 'a hex background colour',
      breakIt: (m) => {
        m.display_information.background_color = 'red';
      },
      problem: 'display_information.background_color "red" must be a hex colour like #1d1c1d',
    },
    {
      rule: "a command that starts with '/'",
      breakIt: (m) => {
        m.features.slash_commands = [{ ...command, command: 'incident' }];
      },
      problem: `slash command "incident" must start with '/'`,
    },
    {
      rule: 'a command of at most 32 characters',
      breakIt: (m) => {
        m.features.slash_commands = [{ ...command, command: `/${'x'.repeat(32)}` }];
      },
      problem: `slash command "/${'x'.repeat(32)}" is 33 characters; Slack allows at most 32`,
    },
    {
      rule: 'a command description of at most 2000 characters',
      breakIt: (m) => {
        m.features.slash_commands = [{ ...command, description: 'x'.repeat(2001) }];
      },
      problem: 'slash command "/incident" description is 2001 characters; Slack allows at most 2000',
    },
    {
      rule: 'a usage hint of at most 1000 characters',
      breakIt: (m) => {
        m.features.slash_commands = [{ ...command, usage_hint: '…'.repeat(1001) }];
      },
      problem: 'slash command "/incident" usage_hint is 1001 characters; Slack allows at most 1000',
    },
    {
      rule: 'https request URLs',
      breakIt: (m) => {
        m.features.slash_commands = [{ ...command, url: 'http://example.com/slack/events' }];
      },
      problem: 'slash command "/incident" url "http://example.com/slack/events" must be an https:// URL',
    },
    {
      rule: 'https redirect URLs',
      breakIt: (m) => {
        m.oauth_config.redirect_urls = ['http://example.com/auth/slack/callback'];
      },
      problem: 'oauth_config.redirect_urls[0] "http://example.com/auth/slack/callback" must be an https:// URL',
    },
    {
      rule: 'a command URL outside Socket Mode',
      breakIt: (m) => {
        m.features.slash_commands = [{ command: '/incident', description: 'Incidents' }];
      },
      problem: 'slash command "/incident" needs a url unless Socket Mode is enabled',
    },
    {
      rule: 'an events request URL outside Socket Mode',
      breakIt: (m) => {
        m.settings.event_subscriptions = { bot_events: ['app_home_opened'] };
      },
      problem: 'settings.event_subscriptions needs a request_url unless Socket Mode is enabled',
    },
    {
      rule: 'a shortcut name of at most 24 characters',
      breakIt: (m) => {
        m.features.shortcuts = [{ ...shortcut, name: 'x'.repeat(25) }];
      },
      problem: `shortcut "${'x'.repeat(25)}" name is 25 characters; Slack allows at most 24`,
    },
    {
      rule: 'a callback_id of at most 255 characters',
      breakIt: (m) => {
        m.features.shortcuts = [{ ...shortcut, callback_id: 'x'.repeat(256) }];
      },
      problem: 'shortcut "Declare" callback_id is 256 characters; Slack allows at most 255',
    },
    {
      rule: 'unique shortcut callback_ids',
      breakIt: (m) => {
        m.features.shortcuts = [shortcut, { ...shortcut, type: 'message' }];
      },
      problem: 'shortcut callback_id "declare" is used more than once',
    },
    {
      rule: 'interactivity for shortcuts',
      breakIt: (m) => {
        m.settings.interactivity = { is_enabled: false };
      },
      problem: 'shortcuts need settings.interactivity.is_enabled: true',
    },
    {
      rule: 'the scope that delivers each event',
      breakIt: (m) => withoutScope(m, 'reactions:read'),
      problem: 'bot event "reaction_added" needs reactions:read in oauth_config.scopes.bot',
    },
    {
      rule: 'events whose scope is known',
      breakIt: (m) => {
        m.settings.event_subscriptions = {
          request_url: 'https://example.com/slack/events',
          bot_events: ['star_added'],
        };
      },
      problem: 'bot event "star_added" is unknown to sitrep, so its scope cannot be checked',
    },
    {
      rule: 'the commands scope for commands and shortcuts',
      breakIt: (m) => withoutScope(m, 'commands'),
      problem: 'slash commands and shortcuts need the commands scope in oauth_config.scopes.bot',
    },
    {
      rule: 'users:read alongside users:read.email',
      breakIt: (m) => withoutScope(m, 'users:read'),
      problem: 'scope users:read.email is only granted together with users:read',
    },
  ])('requires $rule', ({ breakIt, problem }) => {
    const manifest = validManifest();
    breakIt(manifest);
    expect(checkManifest(manifest)).toEqual([problem]);
  });

  it('rejects a misspelt key instead of ignoring it', () => {
    const result = ZSlackManifest.safeParse({
      _metadata: { major_version: 2 },
      display_information: { name: 'sitrep' },
      features: { slash_commands: [{ command: '/incident', description: 'Incidents', should_escpae: false }] },
    });
    expect(result.success).toBe(false);
  });
});

describe('findSlackMethodCalls', () => {
  it.each([
    {
      form: 'a client call',
      source: 'await client.chat.postMessage({ channel, text });',
      methods: ['chat.postMessage'],
    },
    {
      form: 'a nested family through app.client',
      source: 'await app.client.conversations.canvases.create({ channel_id });',
      methods: ['conversations.canvases.create'],
    },
    {
      form: 'a receiver ending in Client',
      source: 'await this.slackClient.views.publish({ user_id, view });',
      methods: ['views.publish'],
    },
    {
      form: 'a call split over lines and optional chaining',
      source: 'await client?.users\n  .info({ user });',
      methods: ['users.info'],
    },
    {
      form: 'a method passed without calling it',
      source: 'await withRetry(client.pins.add, { channel, timestamp });',
      methods: ['pins.add'],
    },
    {
      form: 'apiCall with single quotes',
      source: "await client.apiCall('chat.postMessage', { channel });",
      methods: ['chat.postMessage'],
    },
    {
      form: 'apiCall with double quotes',
      source: 'await web.apiCall("bookmarks.add", args);',
      methods: ['bookmarks.add'],
    },
    {
      form: 'a slackMethod property',
      source: "outbox.push({ slackMethod: 'conversations.setTopic', payload });",
      methods: ['conversations.setTopic'],
    },
    { form: "Bolt's say", source: "await say('Incident declared');", methods: ['chat.postMessage'] },
    {
      form: 'several calls, sorted and once each',
      source: [
        'await client.reactions.get({ channel, timestamp });',
        'await client.chat.update({ channel, ts, text });',
        'await client.reactions.get({ channel, timestamp: other });',
      ].join('\n'),
      methods: ['chat.update', 'reactions.get'],
    },
    { form: 'a database client', source: 'await client.incident.findMany({ where });', methods: [] },
    { form: 'a method name in a variable', source: 'await client.apiCall(method, args);', methods: [] },
    { form: 'an HTTP client', source: 'await httpClient.get(url);', methods: [] },
    { form: 'a similar identifier', source: 'const id = clientId.chat.postMessage;', methods: [] },
    { form: 'respond, which uses response_url', source: 'await respond({ text });', methods: [] },
    { form: 'a word ending in say', source: 'essay(text);', methods: [] },
  ])('reads $form', ({ source, methods }) => {
    expect(findSlackMethodCalls(source)).toEqual(methods);
  });
});
