import { describe, expect, it } from 'vitest';
import {
  type ChannelInvitee,
  describeUninvited,
  listChannelInvitees,
} from '../../../src/domain/incident/channel-invitees.ts';
import type { IncidentView } from '../../../src/domain/incident/incident.ts';
import { parseTeamConfig } from '../../../src/domain/team-config/team-config.ts';

const parsed = parseTeamConfig({
  services: [
    { name: 'checkout-api', owners: ['U0OWNER001'], responders: ['U0ALICE001', 'S0ONCALL01'] },
    { name: 'search', responders: ['U0BOB00001', 'U0ALICE001'] },
    { name: 'ledger', responders: ['U0CAROL001'] },
  ],
});
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const { services } = parsed.config;

type Incident = Pick<IncidentView, 'declaredBy' | 'roles' | 'services'>;

const user = (id: string): ChannelInvitee => ({ kind: 'user', id });
const group = (id: string): ChannelInvitee => ({ kind: 'group', id });

describe('listChannelInvitees', () => {
  it.each<[string, Incident, ChannelInvitee[]]>([
    [
      'invites the declarer of an incident with no service',
      { declaredBy: 'U0DECL0001', roles: {}, services: [] },
      [user('U0DECL0001')],
    ],
    [
      'invites the role holders after the declarer',
      { declaredBy: 'U0DECL0001', roles: { lead: 'U0LEAD0001', comms: 'U0COMM0001' }, services: [] },
      [user('U0DECL0001'), user('U0LEAD0001'), user('U0COMM0001')],
    ],
    [
      'invites the responders of its services, user groups to expand, but not the owners',
      { declaredBy: 'U0DECL0001', roles: {}, services: ['checkout-api'] },
      [user('U0DECL0001'), user('U0ALICE001'), group('S0ONCALL01')],
    ],
    [
      'takes the services in the order of sitrep.yml, and leaves out the others',
      { declaredBy: 'U0DECL0001', roles: {}, services: ['search', 'checkout-api'] },
      [user('U0DECL0001'), user('U0ALICE001'), group('S0ONCALL01'), user('U0BOB00001'), user('U0ALICE001')],
    ],
    [
      'ignores a service sitrep.yml does not know',
      { declaredBy: 'U0DECL0001', roles: {}, services: ['billing'] },
      [user('U0DECL0001')],
    ],
  ])('%s', (_rule, incident, invitees) => {
    expect(listChannelInvitees({ incident, services })).toEqual(invitees);
  });
});

describe('describeUninvited', () => {
  it('names one person and the reason', () => {
    expect(describeUninvited({ leadId: 'U0LEAD0001', people: [{ userId: 'U0GONE0001', reason: 'deactivated' }] })).toBe(
      ":warning: <@U0LEAD0001> I couldn't invite <@U0GONE0001> (deactivated) to this channel.",
    );
  });

  it('names everyone in one line, with Slack’s own word when there is no better one', () => {
    expect(
      describeUninvited({
        leadId: 'U0LEAD0001',
        people: [
          { userId: 'U0GONE0001', reason: 'deactivated' },
          { userId: 'U0GUEST001', reason: 'guest' },
          { userId: 'U0TYPO0001', reason: 'unknown' },
          { userId: 'U0ODD00001', reason: { slackError: 'invitee_cant_see_channel' } },
        ],
      }),
    ).toBe(
      ":warning: <@U0LEAD0001> I couldn't invite <@U0GONE0001> (deactivated), <@U0GUEST001> (a guest), " +
        '<@U0TYPO0001> (not in this workspace) or <@U0ODD00001> (Slack said invitee_cant_see_channel) to this channel.',
    );
  });
});
