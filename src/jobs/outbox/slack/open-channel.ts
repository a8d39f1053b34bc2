import { listChannelInvitees } from '../../../domain/incident/channel-invitees.ts';
import { incidentChannelName } from '../../../domain/incident/channel-name.ts';
import type { IncidentView } from '../../../domain/incident/incident.ts';
import { describeNoChannel } from '../../../domain/slack-lines/channel-problem-lines.ts';
import { postToAnnouncements } from './announcement-effects.ts';
import { sendDirectMessage } from './direct-message.ts';
import { pinSummary, refreshSummary, refreshTopic } from './incident-channel-messages.ts';
import { findBotUserId, inviteToChannel, tellLeadOnce } from './invite-people.ts';
import { platformError, SettledError } from './judge-slack-failure.ts';
import { loadIncident, type PacedDeps, pace, type SlackEffectDeps } from './slack-effect-deps.ts';

/** Slack's `name_taken` is answered with -2, -3…; past this many the name is surely not the problem. */
const MAX_NAME_ATTEMPTS = 20;

/**
 * Slack's `created` is in whole seconds and its clock is not ours: a channel made for this incident may look up to
 * this much older than the incident. A channel of ours with the same name from before (a database started afresh
 * numbers incidents from 1 again) is older by far more.
 */
const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

/** conversations.list's largest page; Slack may answer fewer and still have more. */
const CHANNEL_PAGE_SIZE = 1000;

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
const createChannel = async (deps: PacedDeps, incident: IncidentView): Promise<string> => {
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

/**
 * Slack's answers to conversations.create that no retry changes: the incident goes on without a channel until
 * someone fixes the cause and types `/incident channel`. A name Slack refuses is ours to fix, so not among them.
 */
const NEVER_CREATED = new Set(['restricted_action', 'no_permission', 'missing_scope', 'cannot_create_channel']);

/**
 * Tells the declarer (directly) and the announcements channel that the incident has no channel, then records why,
 * so the incident's other effects settle instead of waiting. A try that stopped after recording it only announces.
 */
const goOnWithoutChannel = async (
  deps: PacedDeps,
  { incident, problem }: { incident: IncidentView; problem: string },
) => {
  const told = describeNoChannel({ number: incident.number, problem });
  if (incident.channelProblem === null) {
    pace(deps, 'chat.postMessage', incident.declaredBy);
    // A declarer Slack will never reach (deactivated since) is no reason to keep the incident's effects waiting.
    await sendDirectMessage(deps.client, { userId: incident.declaredBy, text: told.declarer }).catch(
      (error: unknown) => {
        if (!(error instanceof SettledError)) throw error;
      },
    );
    await deps.incidents.setChannelProblem({ id: incident.id, problem });
  }
  await postToAnnouncements(deps, { text: told.announcement });
};

/** The incident's channel, created now; undefined when Slack will never create it. */
const createOrGoOn = async (deps: PacedDeps, incident: IncidentView): Promise<string | undefined> => {
  if (incident.channelProblem !== null) {
    await goOnWithoutChannel(deps, { incident, problem: incident.channelProblem });
    return undefined;
  }
  try {
    return await createChannel(deps, incident);
  } catch (error) {
    const problem = platformError(error);
    if (problem === undefined || !NEVER_CREATED.has(problem)) throw error;
    await goOnWithoutChannel(deps, { incident, problem });
    return undefined;
  }
};

/**
 * Sets up the incident's channel: creates it (or adopts the one an earlier try created), invites the people, sets
 * the topic, posts and pins the summary, and tells the lead who could not be invited: people Slack refuses never
 * keep the channel from being set up. Each step checks what is already done, so a try that died half-way is run
 * again whole.
 */
export const openChannel = async (deps: PacedDeps, incidentId: string): Promise<void> => {
  const incident = await loadIncident(deps, incidentId);
  const channel = incident.channelId ?? (await createOrGoOn(deps, incident));
  if (channel === undefined) return;
  const uninvited = await inviteToChannel(deps, { channel, userIds: await peopleToInvite(deps, incident) });
  const current = await loadIncident(deps, incidentId);
  await refreshTopic(deps, { incident: current, channel });
  await refreshSummary(deps, { incident: current, channel });
  // A summary posted by an earlier try may have failed to pin; a refresh only edits it, so the pin is tried here.
  if (current.summaryTs) await pinSummary(deps, { channel, summaryTs: current.summaryTs });
  await tellLeadOnce(deps, { channel, leadId: current.roles.lead ?? current.declaredBy, uninvited });
};
