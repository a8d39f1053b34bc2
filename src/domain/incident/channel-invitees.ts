import type { TTeamConfig } from '../team-config/team-config.ts';
import type { IncidentView } from './incident.ts';

/** Someone to invite to an incident channel: a Slack user, or a user group whose members are invited. */
export type ChannelInvitee = { kind: 'user'; id: string } | { kind: 'group'; id: string };

export type ChannelInviteesOptions = {
  incident: Pick<IncidentView, 'declaredBy' | 'roles' | 'services'>;
  services: TTeamConfig['services'];
};

/**
 * Who is invited to an incident's channel, in this order: the person who declared it, the holders of its roles, and
 * the responders of each of its services, in sitrep.yml's order. A responder id starting with `S` is a user group,
 * whose members the caller looks up; people named twice are the caller's to invite once. Owners of a service are not
 * invited.
 *
 * @example listChannelInvitees({ incident: { declaredBy: 'U1', roles: { lead: 'U2' }, services: ['search'] }, services })
 *   // => [{ kind: 'user', id: 'U1' }, { kind: 'user', id: 'U2' }, { kind: 'group', id: 'S123' }]
 */
export const listChannelInvitees = ({ incident, services }: ChannelInviteesOptions): ChannelInvitee[] => [
  ...[incident.declaredBy, ...Object.values(incident.roles)].map((id): ChannelInvitee => ({ kind: 'user', id })),
  ...services
    .filter((service) => incident.services.includes(service.name))
    .flatMap((service) =>
      service.responders.map(
        (id): ChannelInvitee => (id.startsWith('S') ? { kind: 'group', id } : { kind: 'user', id }),
      ),
    ),
];

/** Why someone could not be invited: Slack's refusal, read as what a person would say. */
export type UninvitedReason = 'deactivated' | 'guest' | 'unknown' | { slackError: string };

const REASON_WORDS: Record<Exclude<UninvitedReason, { slackError: string }>, string> = {
  deactivated: 'deactivated',
  guest: 'a guest',
  unknown: 'not in this workspace',
};

const joinWithOr = (parts: string[]): string =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;

/**
 * The line that tells the incident lead who is missing from the channel and why, so they can ask someone else or
 * fix sitrep.yml; one line for everyone, in the order given.
 *
 * @example describeUninvited({ leadId: 'U1', people: [{ userId: 'U2', reason: 'deactivated' }] })
 *   // => ':warning: <@U1> I couldn't invite <@U2> (deactivated) to this channel.'
 */
export const describeUninvited = ({
  leadId,
  people,
}: {
  leadId: string;
  people: { userId: string; reason: UninvitedReason }[];
}): string => {
  const named = people.map(({ userId, reason }) => {
    const why = typeof reason === 'string' ? REASON_WORDS[reason] : `Slack said ${reason.slackError}`;
    return `<@${userId}> (${why})`;
  });
  return `:warning: <@${leadId}> I couldn't invite ${joinWithOr(named)} to this channel.`;
};
