import { randomUUID } from 'node:crypto';
import type { NoticeContent } from '../domain/email/email-notice.ts';
import type { KeyedEffect } from '../domain/outbox/outbox-effect.ts';
import type { PrismaClient } from './generated/client.ts';
import { enqueueEffects } from './outbox-store.ts';

/** A subscription as the flows see it; `service` is '' for every service on the page. */
export type EmailSubscription = {
  id: string;
  email: string;
  service: string;
  status: 'pending' | 'active' | 'unsubscribed';
  confirmTokenHash: string | null;
  confirmExpiresAt: Date | null;
  unsubscribeSecret: string;
};

export type SubscriptionRequest = {
  email: string;
  service: string;
  now: Date;
  /** No confirmation is mailed to an address that was mailed one since this instant. */
  mailedSince: Date;
  /** When the link mailed now stops working. */
  expiresAt: Date;
  /** A new link's secret and its hash, used only when a confirmation is mailed. */
  secret: { hash: string; effects: (subscriptionId: string) => KeyedEffect[] };
  /** The unsubscribe secret of a new row. */
  unsubscribeSecret: string;
};

export type EmailSubscriptionStore = {
  /**
   * Records that `email` asked for `service`, in one transaction: an active subscription stays as it is; otherwise
   * the row is pending, and unless the address was mailed a confirmation since `mailedSince`, it gets a new link
   * (its hash kept, the mail written to the outbox). True when a confirmation was written.
   */
  request: (request: SubscriptionRequest) => Promise<boolean>;
  findById: (id: string) => Promise<EmailSubscription | undefined>;
  /** The address's pending subscriptions whose link has not expired at `now` (confirming one confirms them all). */
  listPending: (options: { email: string; now: Date }) => Promise<EmailSubscription[]>;
  /**
   * Makes the address's unexpired pending subscriptions active, once, if `id` still carries `tokenHash` (checked by
   * the caller); the services confirmed, none when the link was used or expired meanwhile.
   */
  confirm: (options: { id: string; tokenHash: string; now: Date }) => Promise<string[]>;
  /** Stops one subscription, or every one of its address (`all`). */
  unsubscribe: (options: { id: string; all: boolean; now: Date }) => Promise<void>;
  /** The address's subscriptions that are pending or active. */
  listSubscribed: (email: string) => Promise<EmailSubscription[]>;
  /** The active subscriptions to any of `services` or to all. */
  listRecipients: (services: string[]) => Promise<EmailSubscription[]>;
  /** The public words of an update (undefined when it is gone): never the incident's internal fields. */
  readUpdate: (options: { incidentId: string; requestKey: string }) => Promise<NoticeContent | undefined>;
  readMaintenance: (options: {
    maintenanceId: string;
    change: 'scheduled' | 'cancelled';
  }) => Promise<NoticeContent | undefined>;
  enqueue: (effects: KeyedEffect[], now: Date) => Promise<void>;
};

const SELECT = {
  id: true,
  email: true,
  service: true,
  status: true,
  confirmTokenHash: true,
  confirmExpiresAt: true,
  unsubscribeSecret: true,
} as const;

/** See `EmailSubscriptionStore.request`. */
const requestSubscription = (
  prisma: PrismaClient,
  { email, service, now, mailedSince, expiresAt, secret, unsubscribeSecret }: SubscriptionRequest,
): Promise<boolean> =>
  prisma.$transaction(async (tx) => {
    await tx.emailSubscription.createMany({
      data: [{ id: randomUUID(), email, service, unsubscribeSecret, createdAt: now }],
      skipDuplicates: true,
    });
    // Two requests for one address at once: the second waits here, then sees the first one's mail.
    const [row] = await tx.$queryRaw<{ id: string; status: string }[]>`
      SELECT id, status::text FROM "EmailSubscription" WHERE email = ${email} AND service = ${service} FOR UPDATE`;
    if (row === undefined || row.status === 'active') return false;
    const mailedRecently =
      (await tx.emailSubscription.count({ where: { email, confirmMailedAt: { gt: mailedSince } } })) > 0;
    if (mailedRecently) {
      // Kept pending and unexpired, so the link mailed a moment ago confirms this one too.
      await tx.emailSubscription.update({
        where: { id: row.id },
        data: { status: 'pending', confirmExpiresAt: expiresAt, unsubscribedAt: null },
      });
      return false;
    }
    await tx.emailSubscription.update({
      where: { id: row.id },
      data: {
        status: 'pending',
        confirmTokenHash: secret.hash,
        confirmExpiresAt: expiresAt,
        confirmMailedAt: now,
        unsubscribedAt: null,
      },
    });
    await enqueueEffects(tx, secret.effects(row.id), now);
    return true;
  });

/** See `EmailSubscriptionStore.readUpdate`. */
const readUpdateNotice = async (
  prisma: PrismaClient,
  { incidentId, requestKey }: { incidentId: string; requestKey: string },
): Promise<NoticeContent | undefined> => {
  // Only the public fields are selected: a field added to the incident later never reaches an email.
  const update = await prisma.publicUpdate.findUnique({
    where: { incidentId_requestKey: { incidentId, requestKey } },
    select: {
      status: true,
      text: true,
      postedAt: true,
      incident: { select: { publicTitle: true, services: { select: { service: true } } } },
    },
  });
  if (update === null) return undefined;
  return {
    about: 'update',
    publicTitle: update.incident.publicTitle ?? '',
    status: update.status,
    text: update.text,
    postedAt: update.postedAt,
    services: update.incident.services.map((row) => row.service),
  };
};

const readMaintenanceNotice = async (
  prisma: PrismaClient,
  { maintenanceId, change }: { maintenanceId: string; change: 'scheduled' | 'cancelled' },
): Promise<NoticeContent | undefined> => {
  const window = await prisma.maintenance.findUnique({
    where: { id: maintenanceId },
    select: { services: true, startsAt: true, endsAt: true, publicText: true, cancelledAt: true },
  });
  if (window === null) return undefined;
  return {
    about: 'maintenance',
    change,
    services: window.services,
    startsAt: window.startsAt,
    endsAt: window.endsAt,
    cancelledAt: window.cancelledAt,
    text: window.publicText,
  };
};

export const createEmailSubscriptionStore = (prisma: PrismaClient): EmailSubscriptionStore => ({
  request: (request) => requestSubscription(prisma, request),
  findById: async (id) => (await prisma.emailSubscription.findUnique({ where: { id }, select: SELECT })) ?? undefined,
  listPending: ({ email, now }) =>
    prisma.emailSubscription.findMany({
      where: { email, status: 'pending', confirmExpiresAt: { gt: now } },
      select: SELECT,
      orderBy: { service: 'asc' },
    }),
  confirm: ({ id, tokenHash, now }) =>
    prisma.$transaction(async (tx) => {
      const used = await tx.emailSubscription.updateMany({
        where: { id, status: 'pending', confirmTokenHash: tokenHash, confirmExpiresAt: { gt: now } },
        data: { confirmTokenHash: null },
      });
      if (used.count === 0) return [];
      const row = await tx.emailSubscription.findUniqueOrThrow({ where: { id }, select: { email: true } });
      const where = { email: row.email, status: 'pending' as const, confirmExpiresAt: { gt: now } };
      const confirmed = await tx.emailSubscription.findMany({ where, select: { service: true } });
      await tx.emailSubscription.updateMany({
        where,
        data: { status: 'active', confirmedAt: now, confirmTokenHash: null, confirmExpiresAt: null },
      });
      return confirmed.map((subscription) => subscription.service);
    }),
  unsubscribe: async ({ id, all, now }) => {
    const row = await prisma.emailSubscription.findUnique({ where: { id }, select: { email: true } });
    if (row === null) return;
    await prisma.emailSubscription.updateMany({
      where: { ...(all ? { email: row.email } : { id }), status: { not: 'unsubscribed' } },
      data: { status: 'unsubscribed', unsubscribedAt: now, confirmTokenHash: null, confirmExpiresAt: null },
    });
  },
  listSubscribed: (email) =>
    prisma.emailSubscription.findMany({ where: { email, status: { not: 'unsubscribed' } }, select: SELECT }),
  listRecipients: (services) =>
    prisma.emailSubscription.findMany({
      where: { status: 'active', service: { in: ['', ...services] } },
      select: SELECT,
      orderBy: [{ email: 'asc' }, { service: 'asc' }],
    }),
  readUpdate: (options) => readUpdateNotice(prisma, options),
  readMaintenance: (options) => readMaintenanceNotice(prisma, options),
  enqueue: async (effects, now) => {
    await prisma.$transaction((tx) => enqueueEffects(tx, effects, now));
  },
});
