import type { WebClient } from '@slack/web-api';
import type { IncidentView } from '../../../domain/incident/incident.ts';
import type { TOutboxEffect } from '../../../domain/outbox/outbox-effect.ts';
import type { PostmortemVersion } from '../../../domain/postmortem/postmortem-version.ts';
import { escapeTypedText } from '../../../domain/text/escape-mrkdwn.ts';
import { sendDirectMessage } from './direct-message.ts';
import { NotReadyError, SettledError } from './judge-slack-failure.ts';
import { channelOf, loadIncident, type SlackEffectDeps } from './slack-effect-deps.ts';

type PostmortemDeliveryDeps = Pick<SlackEffectDeps, 'client' | 'incidents' | 'postmortems'>;

type PostmortemDeliveryEffect = Extract<
  TOutboxEffect,
  { kind: 'postmortem.deliver' | 'postmortem.bookmark' | 'postmortem.notify_lead' }
>;

const UPLOAD_TIMEOUT_MS = 10_000;

const BOOKMARK_TITLE = /^Postmortem draft v\d+$/;

/** The name of a version's Markdown file, as shared in the channel. */
const postmortemFileName = (incident: Pick<IncidentView, 'number'>, version: number): string =>
  `incident-${incident.number}-postmortem-v${version}.md`;

const postmortemCanvasTitle = (incident: Pick<IncidentView, 'title'>, version: number): string =>
  `Postmortem draft v${version}: ${incident.title}`;

const loadVersion = async (deps: PostmortemDeliveryDeps, id: string): Promise<PostmortemVersion> => {
  const version = await deps.postmortems.findById(id);
  if (!version) throw new Error(`postmortem version ${id} does not exist`);
  return version;
};

/** Slack's address of a canvas: the workspace URL, `docs/`, the team id and the canvas id. */
export const canvasLink = async (client: WebClient, canvasId: string): Promise<string> => {
  const auth = await client.auth.test();
  if (!auth.url || !auth.team_id) throw new Error('auth.test answered without the workspace url or team id');
  return `${auth.url.endsWith('/') ? auth.url : `${auth.url}/`}docs/${auth.team_id}/${canvasId}`;
};

const requireCanvas = (version: PostmortemVersion): string => {
  if (!version.canvasId) throw new NotReadyError(`postmortem v${version.version} has no canvas yet`);
  return version.canvasId;
};

/** files.getUploadURLExternal, the bytes to the URL it gives, files.completeUploadExternal to share it. */
const uploadMarkdown = async (
  deps: PostmortemDeliveryDeps,
  { channel, filename, title, markdown }: { channel: string; filename: string; title: string; markdown: string },
): Promise<string> => {
  const bytes = new TextEncoder().encode(markdown);
  const target = await deps.client.files.getUploadURLExternal({ filename, length: bytes.length });
  if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal answered without a URL');
  const uploaded = await fetch(target.upload_url, {
    method: 'POST',
    body: bytes,
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  // The file is not shared until it is completed, so trying again with a new upload shows nothing twice.
  if (!uploaded.ok) throw new NotReadyError(`the upload of ${filename} answered ${uploaded.status}`);
  await deps.client.files.completeUploadExternal({
    files: [{ id: target.file_id, title }],
    channel_id: channel,
    initial_comment: `${title} as Markdown, to edit or to keep in your docs.`,
  });
  return target.file_id;
};

/** The canvas, then the file: each made once, as its id is stored before the next step. */
const deliver = async (deps: PostmortemDeliveryDeps, postmortemId: string, incidentId: string): Promise<void> => {
  const version = await loadVersion(deps, postmortemId);
  const incident = await loadIncident(deps, incidentId);
  const channel = channelOf(incident);
  const title = postmortemCanvasTitle(incident, version.version);
  if (!version.canvasId) {
    const created = await deps.client.canvases.create({
      title,
      channel_id: channel,
      document_content: { type: 'markdown', markdown: version.markdown },
    });
    if (!created.canvas_id) throw new Error('canvases.create answered without a canvas id');
    await deps.postmortems.setCanvasId({ id: version.id, canvasId: created.canvas_id });
  }
  if (!version.fileId) {
    const fileId = await uploadMarkdown(deps, {
      channel,
      filename: postmortemFileName(incident, version.version),
      title,
      markdown: version.markdown,
    });
    await deps.postmortems.setFileId({ id: version.id, fileId });
  }
};

/** One bookmark for the postmortem: pointed at the newest version's canvas, added once. */
const bookmark = async (deps: PostmortemDeliveryDeps, postmortemId: string, incidentId: string): Promise<void> => {
  const version = await loadVersion(deps, postmortemId);
  const incident = await loadIncident(deps, incidentId);
  const channel = channelOf(incident);
  const link = await canvasLink(deps.client, requireCanvas(version));
  const title = `Postmortem draft v${version.version}`;
  const { bookmarks = [] } = await deps.client.bookmarks.list({ channel_id: channel });
  if (bookmarks.some((existing) => existing.link === link)) return;
  const earlier = bookmarks.find((existing) => BOOKMARK_TITLE.test(existing.title ?? ''));
  if (earlier?.id) {
    await deps.client.bookmarks.edit({ channel_id: channel, bookmark_id: earlier.id, title, link });
    return;
  }
  await deps.client.bookmarks.add({ channel_id: channel, title, type: 'link', link, emoji: ':memo:' });
};

type NotifyLeadEffect = Extract<PostmortemDeliveryEffect, { kind: 'postmortem.notify_lead' }>;

const notifyLead = async (
  deps: PostmortemDeliveryDeps,
  { postmortemId, incidentId, editedBy, pageUrl }: NotifyLeadEffect,
): Promise<void> => {
  const version = await loadVersion(deps, postmortemId);
  const incident = await loadIncident(deps, incidentId);
  const lead = incident.roles.lead;
  // A lead who saved the version themselves needs no message about it.
  if (!lead || lead === editedBy) return;
  // The canvas lives in the incident's channel: without one ever, there is nothing to link to.
  if (!version.canvasId && !incident.channelId && incident.channelProblem) {
    throw new SettledError(`incident ${incident.number} has no channel for the postmortem's canvas`);
  }
  const link = await canvasLink(deps.client, requireCanvas(version));
  const where = incident.channelId ? ` in <#${incident.channelId}>` : '';
  const about = `incident ${incident.number} (${escapeTypedText(incident.title)})`;
  const text =
    editedBy === undefined
      ? `:memo: The postmortem draft v${version.version} of ${about} is ready${where}: <${link}|open the canvas>. It is a draft: edit it with the team, then add the action items.`
      : `:pencil2: <@${editedBy}> saved version ${version.version} of the postmortem of ${about} on the web${where}: <${link}|open the canvas>${pageUrl === undefined ? '' : ` or <${pageUrl}|see what changed>`}.`;
  await sendDirectMessage(deps.client, { userId: lead, text });
};

/** Carries out the postmortem's Slack effects: its canvas and file, the channel's bookmark, the lead's message. */
export const runPostmortemDeliveryEffect = async (
  deps: PostmortemDeliveryDeps,
  effect: PostmortemDeliveryEffect,
): Promise<void> => {
  switch (effect.kind) {
    case 'postmortem.deliver':
      return deliver(deps, effect.postmortemId, effect.incidentId);
    case 'postmortem.bookmark':
      return bookmark(deps, effect.postmortemId, effect.incidentId);
    case 'postmortem.notify_lead':
      return notifyLead(deps, effect);
  }
};
