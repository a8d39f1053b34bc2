import type { PrismaClient } from './generated/client.ts';

export type CachedSlackUser = { userId: string; name: string | null; tz: string; fetchedAt: Date };

/** users.info answers kept in the database: a person's time zone is what turns "14:05" into an instant. */
export type SlackUserStore = {
  find: (userId: string) => Promise<CachedSlackUser | undefined>;
  save: (user: CachedSlackUser) => Promise<void>;
};

export const createSlackUserStore = (prisma: PrismaClient): SlackUserStore => ({
  find: async (userId) => (await prisma.slackUser.findUnique({ where: { userId } })) ?? undefined,
  save: async (user) => {
    await prisma.slackUser.upsert({ where: { userId: user.userId }, create: user, update: user });
  },
});
