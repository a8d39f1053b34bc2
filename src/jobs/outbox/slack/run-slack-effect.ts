import type { WebClient } from '@slack/web-api';
import { isProductionEnvironment } from '../../../domain/deploys/deploy.ts';
import { findSuspectLookbackStart } from '../../../domain/deploys/suspect-lookback.ts';
import { listChannelInvitees } from '../../../domain/incident/channel-invitees.ts';
import { incidentChannelName } from '../../../domain/incident/channel-name.ts';
import type { IncidentView } from '../../../domain/incident/incident.ts';
import { findIncidentStart } from '../../../domain/incident/incident-start.ts';
import type { TSlackEffect } from '../../../domain/outbox/slack-effect.ts';
import type { TTeamConfig } from '../../../domain/team-config/team-config.ts';
import type { PostmortemFlows } from '../../../flows/postmortem-flows.ts';
import { describeActionLine } from '../../../slack/blocks/action-item-list.ts';
import type { SlackMessage } from '../../../slack/blocks/format.ts';
import {
  buildDeclaredAnnouncement,
  buildResolvedAnnouncement,
  buildSeverityAnnouncement,
} from '../../../slack/blocks/incident-announcement.ts';
import { buildIncidentSummary } from '../../../slack/blocks/incident-summary.ts';
import { buildIncidentTopic } from '../../../slack/blocks/incident-topic.ts';
import type { ActionStore } from '../../../store/action-item-store.ts';
import type { DeployStore } from '../../../store/deploy-store.ts';
import type { IncidentStore } from '../../../store/incident-store.ts';
import type { PostmortemStore } from '../../../store/postmortem-store.ts';
import { runActionEffect } from './action-item-effects.ts';
import { NotReadyError } from './judge-slack-failure.ts';
import { canvasLink, runPostmortemEffect } from './postmortem-effects.ts';
import type { SLACK_PACE_RULES, SlackPacer } from './slack-pacer.ts';

export type SlackEffectDeps = {
  client: WebClient;
  actions: ActionStore;
  /** Brings the newest postmortem version's action table in line with the actions (`postmortem.sync_actions`). */
  syncPostmortemActions: (incidentId: string) => Promise<void>;
  deploys: DeployStore;
  pacer: SlackPacer;
  incidents: IncidentStore;
  postmortems: PostmortemStore;
  /** Drafts a postmortem version (the `postmortem.generate` effect). */
  drafts: Pick<PostmortemFlows, 'generate'>;
  team: TTeamConfig;
  now: () => Date;
};

/** Slack's `name_taken` is answered with -2, -3…; past this many the name is surely not the problem. */
const MAX_NAME_ATTEMPTS = 20;

const platformError = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const data = error.data;
  return typeof data === 'object' && data !== null && 'error' in data && typeof data.error === 'string'
    ? data.error
    : undefined;
};

/** The deps of one effect's run: `ticket` names the effect to the pacer, the same on every try. */
type EffectDeps = SlackEffectDeps & { ticket: string };

/** Waits for a turn within Slack's rate tier by handing the effect back to the outbox until its booked turn. */
const pace = (deps: EffectDeps, method: keyof typeof SLACK_PACE_RULES, scope: string): void => {
  const waitMs = deps.pacer.take({ method, scope, now: deps.now(), ticket: deps.ticket });
  if (waitMs > 0) throw new NotReadyError(`pacing ${method} for ${scope}`, waitMs);
};

const loadIncident = async (deps: SlackEffectDeps, id: string): Promise<IncidentView> => {
  const incident = await deps.incidents.findById(id);
  if (!incident) throw new Error(`incident ${id} does not exist`);
  return incident;
};

const channelOf = (incident: IncidentView): string => {
  if (!incident.channelId) throw new NotReadyError(`incident ${incident.number} has no channel yet`);
  return incident.channelId;
};

/** Everyone `listChannelInvitees` names, once each, with user groups expanded to their members. */
const peopleToInvite = async (deps: SlackEffectDeps, incident: IncidentView): Promise<string[]> => {
  const ids = new Set<string>();
  for (const invitee of listChannelInvitees({ incident, services: deps.team.services })) {
    if (invitee.kind === 'group') {
      const group = await deps.client.usergroups.users.list({ usergroup: invitee.id });
      for (const user of group.users ?? []) ids.add(user);
    } else ids.add(invitee.id);
  }
  return [...ids];
};

/**
 * Slack's `created` is in whole seconds and its clock is not ours: a channel made for this incident may look up to
 * this much older than the incident. A channel of ours with the same name from before (a database started afresh
 * numbers incidents from 1 again) is older by far more.
 */
const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

/** conversations.list's largest page; Slack may answer fewer and still have more. */
const CHANNEL_PAGE_SIZE = 1000;

/** Who sitrep's bot is does not change while its token lives: asked once per client. */
const botUserIds = new WeakMap<WebClient, string>();

const findBotUserId = async (client: WebClient): Promise<string> => {
  const known = botUserIds.get(client);
  if (known) return known;
  const auth = await client.auth.test();
  if (!auth.user_id) throw new Error('auth.test answered without a user id');
  botUserIds.set(client, auth.user_id);
  return auth.user_id;
};

/**
 * Channels among `names` that sitrep's bot created for this incident (not before it was declared) and that are
 * still open, by name: what a try that died after Slack created the channel, or whose answer was lost, left behind.
 * It runs at most once per channel to open, after a paced conversations.create, so it is not paced itself; a 429
 * hands the effect back to the outbox with Slack's Retry-After.
 */
const findOwnChannels = async (
  deps: SlackEffectDeps,
  { incident, names }: { incident: IncidentView; names: string[] },
): Promise<Map<string, string>> => {
  const botUserId = await findBotUserId(deps.client);
  const wanted = new Set(names);
  const earliestMs = incident.declaredAt.getTime() - CLOCK_SKEW_ALLOWANCE_MS;
  const own = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await deps.client.conversations.list({
      types: 'public_channel',
      exclude_archived: true,
      limit: CHANNEL_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    for (const { id, name, creator, created } of page.channels ?? []) {
      if (id && name && wanted.has(name) && creator === botUserId && (created ?? 0) * 1000 >= earliestMs) {
        own.set(name, id);
      }
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return own;
};

/**
 * Creates the incident's channel, trying `-2`, `-3`… while a name is taken, unless the channel of that name is one an
 * earlier try made for this incident: then that one is the incident's channel.
 */
const createChannel = async (deps: EffectDeps, incident: IncidentView): Promise<string> => {
  const names = Array.from({ length: MAX_NAME_ATTEMPTS }, (_, index) =>
    incidentChannelName({
      prefix: deps.team.team.incidentChannelPrefix,
      number: incident.number,
      title: incident.title,
      attempt: index + 1,
    }),
  );
  let own: Map<string, string> | undefined;
  for (const name of names) {
    pace(deps, 'conversations.create', 'workspace');
    try {
      const created = await deps.client.conversations.create({ name, is_private: false });
      const channelId = created.channel?.id;
      if (!channelId) throw new Error('conversations.create answered without a channel id');
      await deps.incidents.setChannel({ id: incident.id, channelId, channelName: name });
      return channelId;
    } catch (error) {
      if (platformError(error) !== 'name_taken') throw error;
    }
    // Listing the workspace's channels is costly and needed only once a name is taken; one listing covers every name.
    own ??= await findOwnChannels(deps, { incident, names });
    const channelId = own.get(name);
    if (channelId) {
      await deps.incidents.setChannel({ id: incident.id, channelId, channelName: name });
      return channelId;
    }
  }
  throw new Error(`no free channel name for incident ${incident.number}`);
};

/** Production deploys of the incident's services in the lookback before it started: the first suspects. */
const findSuspects = async (deps: SlackEffectDeps, incident: IncidentView) => {
  if (incident.services.length === 0) return [];
  const deploys = await deps.deploys.listDeploys({
    services: incident.services,
    from: findSuspectLookbackStart({
      start: findIncidentStart(incident),
      lookbackMinutes: deps.team.deploys.suspectLookbackMinutes,
    }),
    to: incident.declaredAt,
    limit: 50,
  });
  return deploys.filter((deploy) => isProductionEnvironment(deploy.environment));
};

/** The link to the canvas of the newest postmortem version, once it has one. */
const findPostmortemUrl = async (deps: SlackEffectDeps, incident: IncidentView): Promise<string | undefined> => {
  const latest = await deps.postmortems.findLatest(incident.id);
  return latest?.canvasId ? canvasLink(deps.client, latest.canvasId) : undefined;
};

/** One line per action item of the incident, as the summary lists them. */
const describeActionItems = async (deps: SlackEffectDeps, incident: IncidentView): Promise<string[]> => {
  const actions = await deps.actions.listForIncident(incident.id);
  const now = deps.now();
  return actions
    .filter((action) => action.status !== 'suggested')
    .map((action) => `• ${describeActionLine({ action, now, withIncident: false }).replace('\n', ' — ')}`);
};

/** Slack's `already_pinned` is an earlier try that got through: success for us. */
const pinSummary = async (deps: SlackEffectDeps, channel: string, summaryTs: string): Promise<void> => {
  try {
    await deps.client.pins.add({ channel, timestamp: summaryTs });
  } catch (error) {
    if (platformError(error) !== 'already_pinned') throw error;
  }
};

const refreshSummary = async (deps: EffectDeps, incident: IncidentView, channel: string): Promise<void> => {
  const postmortemUrl = await findPostmortemUrl(deps, incident);
  const actionItems = await describeActionItems(deps, incident);
  const summary = buildIncidentSummary({
    incident,
    severities: deps.team.severities,
    teamTimeZone: deps.team.team.timeZone,
    now: deps.now(),
    links: postmortemUrl === undefined ? {} : { postmortemUrl },
    suspects: {
      deploys: await findSuspects(deps, incident),
      lookbackMinutes: deps.team.deploys.suspectLookbackMinutes,
    },
    actionItems,
  });
  if (incident.summaryTs) {
    await deps.client.chat.update({ channel, ts: incident.summaryTs, text: summary.text, blocks: summary.blocks });
    return;
  }
  pace(deps, 'chat.postMessage', channel);
  const posted = await deps.client.chat.postMessage({ channel, text: summary.text, blocks: summary.blocks });
  if (!posted.ts) throw new Error('chat.postMessage answered without a ts');
  await deps.incidents.setSummaryTs({ id: incident.id, summaryTs: posted.ts });
  await pinSummary(deps, channel, posted.ts);
};

/** Sets the topic only when it changed: each change shows as a line in the channel. */
const refreshTopic = async (deps: SlackEffectDeps, incident: IncidentView, channel: string): Promise<void> => {
  const topic = buildIncidentTopic({ incident, severities: deps.team.severities });
  const info = await deps.client.conversations.info({ channel });
  if (info.channel?.topic?.value !== topic) await deps.client.conversations.setTopic({ channel, topic });
};

/** Slack refuses the whole call when everyone is already in; that is success for us. */
const invite = async (deps: SlackEffectDeps, channel: string, userIds: string[]): Promise<void> => {
  if (userIds.length === 0) return;
  try {
    await deps.client.conversations.invite({ channel, users: userIds.join(',') });
  } catch (error) {
    if (platformError(error) !== 'already_in_channel') throw error;
  }
};

const openChannel = async (deps: EffectDeps, incidentId: string): Promise<void> => {
  const incident = await loadIncident(deps, incidentId);
  const channel = incident.channelId ?? (await createChannel(deps, incident));
  await invite(deps, channel, await peopleToInvite(deps, incident));
  const current = await loadIncident(deps, incidentId);
  await refreshTopic(deps, current, channel);
  await refreshSummary(deps, current, channel);
  // A summary posted by an earlier try may have failed to pin; a refresh only edits it, so the pin is tried here.
  if (current.summaryTs) await pinSummary(deps, channel, current.summaryTs);
};

/** Posts in the announcements channel, if the team has one. */
const postToAnnouncements = async (
  deps: EffectDeps,
  message: { text: string; blocks?: SlackMessage['blocks'] },
): Promise<void> => {
  const announcements = deps.team.team.announcementsChannel;
  if (!announcements) return;
  pace(deps, 'chat.postMessage', announcements);
  const post = () => deps.client.chat.postMessage({ channel: announcements, ...message });
  try {
    await post();
  } catch (error) {
    // Without `chat:write.public` the bot must be a member; a public channel it can join by itself.
    if (platformError(error) !== 'not_in_channel') throw error;
    await deps.client.conversations.join({ channel: announcements });
    await post();
  }
};

const announce = async (
  deps: EffectDeps,
  effect: Extract<TSlackEffect, { kind: 'incident.announce' }>,
): Promise<void> => {
  if (!deps.team.team.announcementsChannel) return;
  const incident = await loadIncident(deps, effect.incidentId);
  const channelId = channelOf(incident);
  const severities = deps.team.severities;
  const message =
    effect.about === 'declared'
      ? buildDeclaredAnnouncement({ incident, severities, channelId })
      : effect.about === 'resolved'
        ? buildResolvedAnnouncement({ incident, severities, channelId })
        : buildSeverityAnnouncement({
            incident,
            severities,
            from: effect.fromSeverity ?? incident.severity,
            to: incident.severity,
          });
  await postToAnnouncements(deps, { text: message.text, blocks: message.blocks });
};

const postLine = async (deps: EffectDeps, incident: IncidentView, text: string): Promise<void> => {
  const channel = channelOf(incident);
  pace(deps, 'chat.postMessage', channel);
  await deps.client.chat.postMessage({ channel, text });
};

const postmortemDeps = (deps: EffectDeps) => ({
  client: deps.client,
  incidents: deps.incidents,
  postmortems: deps.postmortems,
  drafts: deps.drafts,
  post: (incident: IncidentView, text: string) => postLine(deps, incident, text),
});

/** Carries out one effect against Slack; safe to run again after a failure part-way. */
export const runSlackEffect = async (slack: SlackEffectDeps, effect: TSlackEffect): Promise<void> => {
  // The outbox stores the effect as parsed JSON, so each try of it serialises the same.
  const deps: EffectDeps = { ...slack, ticket: JSON.stringify(effect) };
  switch (effect.kind) {
    case 'incident.open_channel':
      return openChannel(deps, effect.incidentId);
    case 'incident.refresh': {
      const incident = await loadIncident(deps, effect.incidentId);
      const channel = channelOf(incident);
      await refreshTopic(deps, incident, channel);
      return refreshSummary(deps, incident, channel);
    }
    case 'incident.invite': {
      const incident = await loadIncident(deps, effect.incidentId);
      return invite(deps, channelOf(incident), effect.userIds);
    }
    case 'incident.post': {
      const incident = await loadIncident(deps, effect.incidentId);
      return postLine(deps, incident, effect.text);
    }
    case 'incident.announce':
      return announce(deps, effect);
    case 'announcements.post':
      return postToAnnouncements(deps, { text: effect.text });
    case 'postmortem.bookmark': {
      await runPostmortemEffect(postmortemDeps(deps), effect);
      // The pinned summary links to the newest draft too.
      const incident = await loadIncident(deps, effect.incidentId);
      return refreshSummary(deps, incident, channelOf(incident));
    }
    case 'postmortem.generate':
    case 'postmortem.deliver':
    case 'postmortem.notify_lead':
      return runPostmortemEffect(postmortemDeps(deps), effect);
    case 'postmortem.sync_actions':
      return deps.syncPostmortemActions(effect.incidentId);
    case 'action.assigned':
    case 'action.remind':
    case 'action.escalate':
    case 'actions.digest':
    case 'home.refresh':
      return runActionEffect(
        {
          client: deps.client,
          actions: deps.actions,
          incidents: deps.incidents,
          team: deps.team,
          now: deps.now,
          announce: (message) => postToAnnouncements(deps, message),
        },
        effect,
      );
  }
};
