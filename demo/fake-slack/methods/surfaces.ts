import { z } from 'zod';
import type { ViewInput } from '../block-kit.ts';
import { readView } from '../block-kit.ts';
import type { MethodContext, MethodHandler } from '../fake-slack-state.ts';
import { postableChannel, requireUser, toSeconds, visibleChannel } from '../fake-slack-state.ts';
import type { FakeCanvas, FakeView } from '../fake-slack-types.ts';
import { fail, readJson, readNumber, readString, requireString } from '../params.ts';
import { postAsBot } from './chat.ts';

const ZDocumentContent = z.object({ type: z.literal('markdown'), markdown: z.string() });
const ZCanvasChanges = z
  .array(
    z.object({
      operation: z.string(),
      document_content: ZDocumentContent.optional(),
      title_content: ZDocumentContent.optional(),
      section_id: z.string().optional(),
    }),
  )
  .min(1);
const ZUploadedFiles = z.array(z.object({ id: z.string(), title: z.string().optional() })).min(1);

const parseWith = <T>(schema: z.ZodType<T>, value: unknown, error = 'invalid_arguments'): T => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fail(error, { detail: z.prettifyError(parsed.error) });
};

const titleOf = (view: FakeView) => {
  const title = view.json.title;
  return typeof title === 'object' && title !== null && 'text' in title && typeof title.text === 'string'
    ? title.text
    : 'App Home';
};

const nextHash = (ctx: MethodContext) => `${toSeconds(ctx.now())}.${ctx.nextId('h').slice(1).toLowerCase()}`;

const storeView = (ctx: MethodContext, input: ViewInput, links: { user?: string; previous?: FakeView }) => {
  const externalId = input.external_id;
  if (externalId && [...ctx.state.views.values()].some((view) => view.json.external_id === externalId)) {
    fail('duplicate_external_id');
  }
  const id = ctx.nextId('V');
  const hash = nextHash(ctx);
  const json = {
    id,
    team_id: ctx.state.team.id,
    private_metadata: '',
    callback_id: '',
    external_id: '',
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    ...input,
    state: { values: {} },
    hash,
    previous_view_id: links.previous?.id ?? null,
    root_view_id: links.previous?.json.root_view_id ?? id,
    app_id: ctx.state.bot.appId,
    app_installed_team_id: ctx.state.team.id,
    bot_id: ctx.state.bot.botId,
  };
  const view: FakeView = { id, hash, json, ...(links.user ? { user: links.user } : {}) };
  ctx.state.views.set(id, view);
  return view;
};

/** Slack checks a trigger_id is fresh; the fake only needs one, and learns the user when it minted it. */
const triggerUser = (ctx: MethodContext, params: Record<string, unknown>) =>
  ctx.state.triggers.get(requireString(params, 'trigger_id', 'invalid_trigger_id'));

const modalFrom = (params: Record<string, unknown>) => {
  const input = readView(params.view);
  if (input.type !== 'modal') fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] must be modal'] } });
  return input;
};

const latestViewOf = (ctx: MethodContext, user: string | undefined) =>
  [...ctx.state.views.values()].filter((view) => user !== undefined && view.user === user).at(-1);

const createCanvas = (ctx: MethodContext, title: string, content: unknown, channelId?: string) => {
  const document = content === undefined ? undefined : parseWith(ZDocumentContent, content);
  const canvas: FakeCanvas = {
    id: ctx.nextId('F'),
    title,
    markdown: document?.markdown ?? '',
    created: toSeconds(ctx.now()),
    ...(channelId ? { channel_id: channelId } : {}),
  };
  ctx.state.canvases.set(canvas.id, canvas);
  ctx.record({ kind: 'canvas', canvas: canvas.id, title, channel: channelId, action: 'created' });
  return canvas;
};

export const surfaceMethods: Record<string, MethodHandler> = {
  'views.open': (ctx, params) => {
    const user = triggerUser(ctx, params);
    const view = storeView(ctx, modalFrom(params), { user });
    ctx.record({ kind: 'view', action: 'opened', user, title: titleOf(view) });
    return { ok: true, view: view.json };
  },

  'views.push': (ctx, params) => {
    const user = triggerUser(ctx, params);
    const view = storeView(ctx, modalFrom(params), { user, previous: latestViewOf(ctx, user) });
    ctx.record({ kind: 'view', action: 'pushed', user, title: titleOf(view) });
    return { ok: true, view: view.json };
  },

  'views.update': (ctx, params) => {
    const viewId = readString(params, 'view_id');
    const externalId = readString(params, 'external_id');
    if (!viewId && !externalId) fail('invalid_arguments');
    const view =
      [...ctx.state.views.values()].find((candidate) =>
        viewId ? candidate.id === viewId : candidate.json.external_id === externalId,
      ) ?? fail('not_found');
    const hash = readString(params, 'hash');
    if (hash && hash !== view.hash) fail('hash_conflict');
    const input = readView(params.view);
    view.hash = nextHash(ctx);
    const { id, team_id, previous_view_id, root_view_id, app_id, bot_id, app_installed_team_id } = view.json;
    const kept = { id, team_id, previous_view_id, root_view_id, app_id, bot_id, app_installed_team_id };
    view.json = { ...input, ...kept, state: { values: {} }, hash: view.hash };
    ctx.record({ kind: 'view', action: 'updated', user: view.user, title: titleOf(view) });
    return { ok: true, view: view.json };
  },

  'views.publish': (ctx, params) => {
    const user = requireUser(ctx, readString(params, 'user_id'));
    const input = readView(params.view);
    if (input.type !== 'home') fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] must be home'] } });
    const existing = ctx.state.homeViews.get(user.id);
    const hash = readString(params, 'hash');
    if (hash && existing && hash !== existing.hash) fail('hash_conflict');
    const view = storeView(ctx, input, { user: user.id });
    ctx.state.homeViews.set(user.id, view);
    ctx.record({ kind: 'view', action: 'published', user: user.id, title: 'App Home' });
    return { ok: true, view: view.json };
  },

  'canvases.create': (ctx, params) => {
    const channelId = readString(params, 'channel_id');
    if (channelId) visibleChannel(ctx, channelId);
    const canvas = createCanvas(
      ctx,
      readString(params, 'title') ?? 'Untitled',
      readJson(params, 'document_content'),
      channelId,
    );
    return { ok: true, canvas_id: canvas.id };
  },

  'conversations.canvases.create': (ctx, params) => {
    const channel = visibleChannel(ctx, requireString(params, 'channel_id', 'channel_not_found'));
    if (channel.canvasId) fail('channel_canvas_already_exists');
    const title = readString(params, 'title') ?? channel.name;
    const canvas = createCanvas(ctx, title, readJson(params, 'document_content'), channel.id);
    channel.canvasId = canvas.id;
    return { ok: true, canvas_id: canvas.id };
  },

  'canvases.edit': (ctx, params) => {
    const canvas =
      ctx.state.canvases.get(requireString(params, 'canvas_id', 'canvas_not_found')) ?? fail('canvas_not_found');
    const changes = parseWith(ZCanvasChanges, readJson(params, 'changes'));
    let { markdown, title } = canvas;
    for (const change of changes) {
      const content = change.document_content?.markdown ?? '';
      // Sections (section_id) are not modelled: a test relying on them should fail loudly, not pass by accident.
      if (change.section_id) fail('canvas_editing_failed', { detail: 'the fake does not model canvas sections' });
      if (change.operation === 'insert_at_end') markdown = markdown ? `${markdown}\n${content}` : content;
      else if (change.operation === 'insert_at_start') markdown = markdown ? `${content}\n${markdown}` : content;
      else if (change.operation === 'replace') markdown = content;
      else if (change.operation === 'rename') title = change.title_content?.markdown ?? title;
      else fail('canvas_editing_failed', { detail: `unsupported operation ${change.operation}` });
    }
    canvas.markdown = markdown;
    canvas.title = title;
    ctx.record({ kind: 'canvas', canvas: canvas.id, title, channel: canvas.channel_id, action: 'edited' });
    return { ok: true };
  },

  'canvases.delete': (ctx, params) => {
    const id = requireString(params, 'canvas_id', 'canvas_not_found');
    if (!ctx.state.canvases.delete(id)) fail('canvas_not_found');
    return { ok: true };
  },

  'files.getUploadURLExternal': (ctx, params) => {
    const name = requireString(params, 'filename');
    const length = readNumber(params, 'length') ?? fail('invalid_arguments', { detail: 'missing length' });
    const id = ctx.nextId('F');
    const altText = readString(params, 'alt_text');
    ctx.state.files.set(id, {
      id,
      name,
      title: name,
      length,
      completed: false,
      channels: [],
      ...(altText ? { alt_text: altText } : {}),
    });
    return { ok: true, upload_url: `${ctx.urls.uploadUrlBase}${id}`, file_id: id };
  },

  'files.completeUploadExternal': (ctx, params) => {
    const entries = parseWith(ZUploadedFiles, readJson(params, 'files'));
    const files = entries.map((entry) => {
      const file = ctx.state.files.get(entry.id);
      if (!file?.bytes) return fail('file_not_found', { detail: `${entry.id} was not uploaded` });
      return { file, title: entry.title ?? file.name };
    });
    const channelRef = readString(params, 'channel_id') ?? readString(params, 'channels')?.split(',')[0];
    const channel = channelRef ? postableChannel(ctx, channelRef) : undefined;
    for (const { file, title } of files) {
      file.title = title;
      file.completed = true;
      if (channel) file.channels.push(channel.id);
    }
    if (channel) {
      const threadTs = readString(params, 'thread_ts');
      const shared = files.map(({ file }) => ({ id: file.id, name: file.name, title: file.title }));
      postAsBot(
        ctx,
        channel.id,
        { text: readString(params, 'initial_comment') ?? '' },
        { files: shared, ...(threadTs ? { thread_ts: threadTs } : {}) },
      );
      for (const file of shared)
        ctx.record({ kind: 'file_shared', channel: channel.id, name: file.name, title: file.title });
    }
    return { ok: true, files: files.map(({ file }) => ({ id: file.id, name: file.name, title: file.title })) };
  },
};
