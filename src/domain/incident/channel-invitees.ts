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
