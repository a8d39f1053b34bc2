import type { FakeSlack } from './fake-slack.ts';

/** The people in the fake workspace that sitrep.example.yml and the demo refer to. */
export const EXAMPLE_PEOPLE = {
  alice: 'U05ALICE01',
  bob: 'U05BOB0002',
  carol: 'U05CAROL03',
  dave: 'U05DAVE004',
  /** Left the company: the account is deactivated. */
  erin: 'U05ERIN005',
  /** A contractor in the workspace as a single-channel guest. */
  gus: 'U05GUS0006',
} as const;

export const EXAMPLE_CHANNELS = { announcements: 'C05ABCD1234', general: 'C0GENERAL1' } as const;

/** The people, groups and announcements channel sitrep.example.yml names, as they exist in the fake workspace. */
export const seedExampleWorkspace = (fake: FakeSlack): void => {
  fake.addUser({ id: EXAMPLE_PEOPLE.alice, name: 'alice', email: 'alice@acme.example', tz: 'Europe/Paris' });
  fake.addUser({ id: EXAMPLE_PEOPLE.bob, name: 'bob', email: 'bob@acme.example', tz: 'America/Los_Angeles' });
  fake.addUser({ id: EXAMPLE_PEOPLE.carol, name: 'carol', email: 'carol@acme.example', tz: 'Europe/Paris' });
  fake.addUser({ id: EXAMPLE_PEOPLE.dave, name: 'dave', email: 'dave@acme.example', tz: 'UTC' });
  fake.addUser({
    id: EXAMPLE_PEOPLE.erin,
    name: 'erin',
    email: 'erin@acme.example',
    tz: 'Europe/Paris',
    deleted: true,
  });
  fake.addUser({ id: EXAMPLE_PEOPLE.gus, name: 'gus', tz: 'UTC', guest: 'single-channel' });
  fake.addUserGroup({ id: 'S05SEARCHOC', users: [EXAMPLE_PEOPLE.carol, EXAMPLE_PEOPLE.dave] });
  fake.addUserGroup({ id: 'S05PAYMENTS', users: [EXAMPLE_PEOPLE.alice] });
  fake.addChannel({ id: EXAMPLE_CHANNELS.announcements, name: 'incidents', members: [EXAMPLE_PEOPLE.alice] });
  fake.addChannel({
    id: EXAMPLE_CHANNELS.general,
    name: 'general',
    members: [EXAMPLE_PEOPLE.alice, EXAMPLE_PEOPLE.bob],
  });
};
