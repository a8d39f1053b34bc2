import { describe, expect, it } from 'vitest';
import { createZoneLookup, type SlackReader } from '../../src/flows/timeline-flows.ts';
import type { CachedSlackUser, SlackUserStore } from '../../src/store/slack-user-store.ts';

const BOB = 'U05BOB0002';
const DAY = 24 * 60 * 60 * 1000;

/** Users kept in memory, as the store keeps them in the database. */
const createFakeUsers = (seed: CachedSlackUser[] = []): SlackUserStore & { saved: CachedSlackUser[] } => {
  const users = new Map(seed.map((user) => [user.userId, user]));
  const saved: CachedSlackUser[] = [];
  return {
    saved,
    find: async (userId) => users.get(userId),
    save: async (user) => {
      users.set(user.userId, user);
      saved.push(user);
    },
  };
};

const createReader = (zones: Record<string, string>): SlackReader & { zoneCalls: string[] } => {
  const zoneCalls: string[] = [];
  return {
    zoneCalls,
    readMessage: async () => undefined,
    permalink: async () => null,
    fetchUserZone: async (userId) => {
      zoneCalls.push(userId);
      const tz = zones[userId];
      if (tz === undefined) throw new Error('users.info failed');
      return { name: 'bob', tz };
    },
  };
};

const setup = ({ users, reader, now }: { users: SlackUserStore; reader: SlackReader; now: Date }) => ({
  zoneOf: createZoneLookup({ users, reader, teamTimeZone: 'Europe/Paris', now: () => now }),
});

describe('the author’s time zone for a backdated note', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('asks Slack once and keeps the answer for a day', async () => {
    const users = createFakeUsers();
    const reader = createReader({ [BOB]: 'America/Los_Angeles' });
    const flows = setup({ users, reader, now });
    expect(await flows.zoneOf(BOB)).toBe('America/Los_Angeles');
    expect(await flows.zoneOf(BOB)).toBe('America/Los_Angeles');
    expect(reader.zoneCalls).toEqual([BOB]);
    expect(users.saved).toEqual([{ userId: BOB, name: 'bob', tz: 'America/Los_Angeles', fetchedAt: now }]);
  });

  it('asks again once the cached zone is a day old: people travel', async () => {
    const users = createFakeUsers([
      { userId: BOB, name: 'bob', tz: 'America/Los_Angeles', fetchedAt: new Date(now.getTime() - DAY) },
    ]);
    const reader = createReader({ [BOB]: 'Asia/Tokyo' });
    expect(await setup({ users, reader, now }).zoneOf(BOB)).toBe('Asia/Tokyo');
  });

  it('keeps using a stale zone when Slack cannot answer, and the team’s zone when it never could', async () => {
    const stale = createFakeUsers([{ userId: BOB, name: 'bob', tz: 'America/Los_Angeles', fetchedAt: new Date(0) }]);
    expect(await setup({ users: stale, reader: createReader({}), now }).zoneOf(BOB)).toBe('America/Los_Angeles');
    expect(await setup({ users: createFakeUsers(), reader: createReader({}), now }).zoneOf(BOB)).toBe('Europe/Paris');
  });
});
