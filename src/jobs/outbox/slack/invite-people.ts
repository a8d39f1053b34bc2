import type { WebClient } from '@slack/web-api';
import { describeUninvited, type UninvitedReason } from '../../../domain/incident/channel-invitees.ts';
import { platformError } from './judge-slack-failure.ts';
import { type PacedDeps, pace, type SlackEffectDeps } from './slack-effect-deps.ts';

/** Someone Slack would not invite, and why. */
export type Uninvited = { userId: string; reason: UninvitedReason };

type InviteRefusal = { user?: string; error?: string };

/** Who sitrep's bot is does not change while its token lives: asked once per client. */
const botUserIds = new WeakMap<WebClient, string>();

export const findBotUserId = async (client: WebClient): Promise<string> => {
  const known = botUserIds.get(client);
  if (known) return known;
  const auth = await client.auth.test();
  if (!auth.user_id) throw new Error('auth.test answered without a user id');
  botUserIds.set(client, auth.user_id);
  return auth.user_id;
};

const refusalsOf = (value: unknown): InviteRefusal[] => {
  const data = typeof value === 'object' && value !== null && 'data' in value ? value.data : undefined;
  const errors = typeof data === 'object' && data !== null && 'errors' in data ? data.errors : undefined;
  return Array.isArray(errors) ? errors : [];
};

/**
 * Slack's `cant_invite` covers deactivated accounts and guests alike; users.info tells which, so the lead reads a
 * reason they can act on. Any other code is kept as Slack's word.
 */
const readReason = async (
  deps: SlackEffectDeps,
  { user, error }: Required<InviteRefusal>,
): Promise<UninvitedReason> => {
  if (error === 'user_not_found') return 'unknown';
  if (error === 'ura_max_channels' || error === 'user_is_restricted' || error === 'user_is_ultra_restricted') {
    return 'guest';
  }
  if (error !== 'cant_invite') return { slackError: error };
  try {
    const info = await deps.client.users.info({ user });
    if (info.user?.deleted) return 'deactivated';
    if (info.user?.is_restricted || info.user?.is_ultra_restricted) return 'guest';
  } catch (lookup) {
    if (platformError(lookup) !== 'user_not_found') throw lookup;
    return 'unknown';
  }
  return { slackError: error };
};

/**
 * Invites people to the channel and says who could not be. `force` makes Slack invite everyone it can and list the
 * others in `errors` rather than invite nobody; a Slack that still refuses the whole call (listing the refusals) is
 * asked once more without those people. Members already inside and the bot itself (it made the channel) are no
 * refusal.
 */
export const inviteToChannel = async (
  deps: SlackEffectDeps,
  { channel, userIds }: { channel: string; userIds: string[] },
): Promise<Uninvited[]> => {
  const botUserId = await findBotUserId(deps.client);
  const people = userIds.filter((id) => id !== botUserId);
  const refusals: Required<InviteRefusal>[] = [];
  const invite = async (users: string[]): Promise<void> => {
    if (users.length === 0) return;
    try {
      const answer = await deps.client.conversations.invite({ channel, users: users.join(','), force: true });
      refusals.push(...refusalsOf({ data: answer }).flatMap(required));
    } catch (error) {
      const refused = refusalsOf(error).flatMap(required);
      if (refused.length === 0 && platformError(error) !== 'already_in_channel') throw error;
      refusals.push(...refused);
      const settled = new Set(refused.map((refusal) => refusal.user));
      const others = users.filter((user) => !settled.has(user));
      if (others.length < users.length) await invite(others);
    }
  };
  await invite(people);
  const real = refusals.filter(({ error }) => error !== 'already_in_channel' && error !== 'cant_invite_self');
  return Promise.all(real.map(async (refusal) => ({ userId: refusal.user, reason: await readReason(deps, refusal) })));
};

const required = ({ user, error }: InviteRefusal): Required<InviteRefusal>[] =>
  user !== undefined && error !== undefined ? [{ user, error }] : [];

/**
 * Tells the incident lead, in the channel, who could not be invited. The effect that does it may run again after a
 * later step failed; the line is looked for among the channel's messages first, so the lead reads it once.
 */
export const tellLeadOnce = async (
  deps: PacedDeps,
  { channel, leadId, uninvited }: { channel: string; leadId: string; uninvited: Uninvited[] },
): Promise<void> => {
  if (uninvited.length === 0) return;
  const text = describeUninvited({ leadId, people: uninvited });
  const history = await deps.client.conversations.history({ channel, limit: 100 });
  if (history.messages?.some((message) => message.bot_id !== undefined && message.text === text)) return;
  pace(deps, 'chat.postMessage', channel);
  await deps.client.chat.postMessage({ channel, text });
};
