import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ActionItemView } from '../domain/action-items/action-item-view.ts';
import { AppError } from '../domain/app-error.ts';
import type { KeyedEffect } from '../domain/outbox/outbox-effect.ts';
import { escapeTypedText } from '../domain/text/escape-mrkdwn.ts';
import type { TrackerKind } from '../domain/trackers/tracker.ts';
import type { Prisma, PrismaClient } from './generated/client.ts';
import type { ActionStatus } from './generated/enums.ts';
import type { TransactionClient } from './generated/internal/prismaNamespace.ts';
import { enqueueEffects } from './outbox-store.ts';
import { addTimelineEntry, type NewTimelineEntry } from './timeline-store.ts';
import { isUniqueViolation } from './unique-violation.ts';

export type OwnedActionItem = { title: string; incidentNumber: number; dueAt: Date | null; overdue: boolean };

export type NewActionItem = Pick<
  ActionItemView,
  | 'incidentId'
  | 'title'
  | 'kind'
  | 'ownerId'
  | 'ownerTimeZone'
  | 'dueAt'
  | 'trackerUrl'
  | 'createdBy'
  | 'createdAt'
  | 'nextReminderAt'
> & {
  /** The ticket `trackerUrl` names, when it is one of a tracker sitrep keeps in step. */
  ticket?: ActionItemView['ticket'];
  /** The request that adds it: the same request never adds a second action. */
  requestKey: string;
  /** Set when it comes from a postmortem suggestion: one action per suggestion and incident. */
  suggestionKey?: string;
  /** What the incident's timeline records. */
  timeline: Omit<NewTimelineEntry, 'incidentId'>;
  effects: (action: ActionItemView) => KeyedEffect[];
};

/** A change to one action; applied only when the action is still as the person saw it (`expectedUpdatedAt`). */
export type ActionItemChange = {
  id: string;
  expectedUpdatedAt?: Date;
  /** The statuses it may be in for the change to apply. */
  fromStatuses: ActionStatus[];
  data: Partial<
    Pick<
      ActionItemView,
      | 'status'
      | 'ownerId'
      | 'ownerTimeZone'
      | 'dueAt'
      | 'doneAt'
      | 'closedBy'
      | 'wontDoReason'
      | 'nextReminderAt'
      | 'escalatedAt'
    >
  >;
  at: Date;
  effects: (action: ActionItemView) => KeyedEffect[];
  /** The tracker's webhook delivery that made the change: recorded with it, and refused the second time. */
  delivery?: TrackerDeliveryKey;
};

/** Open action items of one owner (`key` null: nobody's) or of incidents on one service (null: on none). */
export type OpenActionCount = { key: string | null; open: number; overdue: number };

export type OpenActionCounts = { byOwner: OpenActionCount[]; byService: OpenActionCount[] };

const ZOpenActionCounts = z.array(
  z.object({ key: z.string().nullable(), open: z.number().int(), overdue: z.number().int() }),
);

export type TrackerDeliveryKey = { tracker: TrackerKind; deliveryId: string };

export type ActionItemFilter = {
  incidentId?: string;
  ownerId?: string;
  /** Only those of incidents on this service. */
  service?: string;
  /** Only those due before this instant (overdue). */
  dueBefore?: Date;
  statuses: ActionStatus[];
  /** How many of those that match to pass over first (a later page). */
  offset?: number;
  limit: number;
};

/** What the reminder sweep decides for one claimed action, in the same transaction as the claim. */
export type ReminderPlan = { effects: KeyedEffect[]; nextReminderAt: Date | null; escalatedAt?: Date };

export type ActionItemStore = {
  /** Adds an action with its timeline entry and effects in one transaction; a repeated request adds nothing. */
  create: (action: NewActionItem) => Promise<{ action: ActionItemView; created: boolean }>;
  findById: (id: string) => Promise<ActionItemView | undefined>;
  /** The action item a tracker's ticket is kept in step with. */
  findByTicket: (ticket: { kind: TrackerKind; key: string }) => Promise<ActionItemView | undefined>;
  list: (filter: ActionItemFilter) => Promise<ActionItemView[]>;
  /** Open action items counted by owner and by service of their incident (each item once per service), and overdue. */
  countOpen: (now: Date) => Promise<OpenActionCounts>;
  /** Applies a change with its effects; an AppError when someone changed the action first. */
  change: (change: ActionItemChange) => Promise<ActionItemView>;
  /** Actions of an incident by status, for the postmortem's completion rules. */
  listForIncident: (incidentId: string) => Promise<ActionItemView[]>;
  /** The open action items a person owns, soonest due first. */
  listOpenForOwner: (ownerId: string, now: Date) => Promise<OwnedActionItem[]>;
  /**
   * Claims up to `limit` open actions whose next reminder is due (`FOR UPDATE SKIP LOCKED`, so two replicas never
   * take the same one), and in the same transaction writes what `plan` decides: the reminders to send (outbox
   * effects keyed per action, kind and day) and when the next one is due. A crash before the commit leaves the
   * action due for the next sweep; after it, the outbox sends what was planned. Returns how many were claimed.
   */
  claimDueReminders: (options: {
    now: Date;
    limit: number;
    plan: (action: ActionItemView) => ReminderPlan;
  }) => Promise<number>;
};

export const include = {
  incident: {
    select: {
      number: true,
      title: true,
      channelId: true,
      roles: { where: { role: 'lead' }, select: { userId: true } },
      services: { select: { service: true }, orderBy: { service: 'asc' } },
    },
  },
} as const satisfies Prisma.ActionItemInclude;

export type ActionRow = Prisma.ActionItemGetPayload<{ include: typeof include }>;

export const toView = (row: ActionRow): ActionItemView => ({
  id: row.id,
  incidentId: row.incidentId,
  incidentNumber: row.incident.number,
  incidentTitle: row.incident.title,
  incidentChannelId: row.incident.channelId,
  incidentLeadId: row.incident.roles[0]?.userId ?? null,
  services: row.incident.services.map((s) => s.service),
  title: row.title,
  kind: row.kind,
  status: row.status,
  ownerId: row.ownerId,
  ownerTimeZone: row.ownerTimeZone,
  dueAt: row.dueAt,
  trackerUrl: row.trackerUrl,
  ticket: row.trackerKind === null || row.trackerKey === null ? null : { kind: row.trackerKind, key: row.trackerKey },
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  doneAt: row.doneAt,
  closedBy: row.closedBy,
  wontDoReason: row.wontDoReason,
  nextReminderAt: row.nextReminderAt,
  escalatedAt: row.escalatedAt,
});

/**
 * Records a tracker's delivery in the transaction of the change it makes, so the change and the record commit or
 * roll back together; a second delivery of it (even at the same moment: the insert waits for the first) is refused.
 */
export const claimDelivery = async (
  tx: TransactionClient,
  { tracker, deliveryId, at }: TrackerDeliveryKey & { at: Date },
): Promise<void> => {
  const inserted = await tx.$executeRaw`
    INSERT INTO "TrackerDelivery" (tracker, "deliveryId", "receivedAt")
    VALUES (${tracker}::"TrackerKind", ${deliveryId}, ${at})
    ON CONFLICT DO NOTHING`;
  if (inserted === 0) {
    throw new AppError('DUPLICATE_DELIVERY', { userMessage: `That ${tracker} delivery was acted on already.` });
  }
};

// The id last, so that a page of the list never shows an item again or skips one that ties with it.
const ORDER = [
  { dueAt: { sort: 'asc', nulls: 'last' } },
  { createdAt: 'asc' },
  { id: 'asc' },
] as const satisfies Prisma.ActionItemOrderByWithRelationInput[];

const findExisting = async (tx: TransactionClient, action: NewActionItem): Promise<ActionRow | null> => {
  const byRequest = await tx.actionItem.findUnique({ where: { requestKey: action.requestKey }, include });
  if (byRequest || action.suggestionKey === undefined) return byRequest;
  return tx.actionItem.findUnique({
    where: { incidentId_suggestionKey: { incidentId: action.incidentId, suggestionKey: action.suggestionKey } },
    include,
  });
};

const createOnce = (
  prisma: PrismaClient,
  action: NewActionItem,
): Promise<{ action: ActionItemView; created: boolean }> =>
  prisma.$transaction(async (tx) => {
    const existing = await findExisting(tx, action);
    if (existing) return { action: toView(existing), created: false };
    const row = await tx.actionItem.create({
      data: {
        id: randomUUID(),
        incidentId: action.incidentId,
        title: action.title,
        kind: action.kind,
        status: 'open',
        ownerId: action.ownerId,
        ownerTimeZone: action.ownerTimeZone,
        dueAt: action.dueAt,
        trackerUrl: action.trackerUrl,
        trackerKind: action.ticket?.kind ?? null,
        trackerKey: action.ticket?.key ?? null,
        createdBy: action.createdBy,
        createdAt: action.createdAt,
        nextReminderAt: action.nextReminderAt,
        requestKey: action.requestKey,
        suggestionKey: action.suggestionKey ?? null,
      },
      include,
    });
    const view = toView(row);
    await addTimelineEntry(tx, { incidentId: action.incidentId, ...action.timeline });
    await enqueueEffects(tx, action.effects(view), action.createdAt);
    return { action: view, created: true };
  });

/** A ticket is kept in step with one action item: linking it to a second is refused, saying which has it. */
const ticketTaken = async (prisma: PrismaClient, action: NewActionItem): Promise<AppError | undefined> => {
  if (!action.ticket) return undefined;
  const { kind, key } = action.ticket;
  const holder = await prisma.actionItem.findUnique({
    where: { trackerKind_trackerKey: { trackerKind: kind, trackerKey: key } },
    include,
  });
  if (!holder) return undefined;
  return new AppError('BAD_REQUEST', {
    userMessage: `${escapeTypedText(key)} is the ticket of *${escapeTypedText(holder.title)}* (incident ${holder.incident.number}) already; link another ticket, or leave \`tracker:\` out and I'll open one.`,
  });
};

const whereOf = ({
  incidentId,
  ownerId,
  service,
  dueBefore,
  statuses,
}: Omit<ActionItemFilter, 'limit'>): Prisma.ActionItemWhereInput => ({
  status: { in: statuses },
  ...(incidentId === undefined ? {} : { incidentId }),
  ...(ownerId === undefined ? {} : { ownerId }),
  ...(service === undefined ? {} : { incident: { services: { some: { service } } } }),
  ...(dueBefore === undefined ? {} : { dueAt: { lt: dueBefore } }),
});

const countOpenActionItems = async (prisma: PrismaClient, now: Date): Promise<OpenActionCounts> => {
  const due = now.toISOString();
  const byOwner = await prisma.$queryRaw`
    SELECT a."ownerId" AS key, count(*)::int AS open,
           (count(*) FILTER (WHERE a."dueAt" < ${due}::timestamptz))::int AS overdue
    FROM "ActionItem" a WHERE a.status = 'open'
    GROUP BY 1 ORDER BY 3 DESC, 2 DESC, 1`;
  const byService = await prisma.$queryRaw`
    SELECT s.service AS key, count(*)::int AS open,
           (count(*) FILTER (WHERE a."dueAt" < ${due}::timestamptz))::int AS overdue
    FROM "ActionItem" a LEFT JOIN "IncidentService" s ON s."incidentId" = a."incidentId"
    WHERE a.status = 'open'
    GROUP BY 1 ORDER BY 3 DESC, 2 DESC, 1`;
  return { byOwner: ZOpenActionCounts.parse(byOwner), byService: ZOpenActionCounts.parse(byService) };
};

export const createActionItemStore = (prisma: PrismaClient): ActionItemStore => ({
  create: async (action) => {
    try {
      return await createOnce(prisma, action);
    } catch (error) {
      // The same request at the same moment (a retried slash command): the other one added it.
      if (!isUniqueViolation(error)) throw error;
      const winner = await prisma.$transaction((tx) => findExisting(tx, action));
      if (!winner) throw (await ticketTaken(prisma, action)) ?? error;
      return { action: toView(winner), created: false };
    }
  },

  findById: async (id) => {
    const row = await prisma.actionItem.findUnique({ where: { id }, include });
    return row ? toView(row) : undefined;
  },

  findByTicket: async ({ kind, key }) => {
    const row = await prisma.actionItem.findUnique({
      where: { trackerKind_trackerKey: { trackerKind: kind, trackerKey: key } },
      include,
    });
    return row ? toView(row) : undefined;
  },

  list: async ({ incidentId, ownerId, service, dueBefore, statuses, offset = 0, limit }) => {
    const rows = await prisma.actionItem.findMany({
      where: whereOf({ incidentId, ownerId, service, dueBefore, statuses }),
      orderBy: [...ORDER],
      include,
      skip: offset,
      take: limit,
    });
    return rows.map(toView);
  },

  countOpen: (now) => countOpenActionItems(prisma, now),

  change: ({ id, expectedUpdatedAt, fromStatuses, data, at, effects, delivery }) =>
    prisma.$transaction(async (tx) => {
      if (delivery !== undefined) await claimDelivery(tx, { ...delivery, at });
      const { count } = await tx.actionItem.updateMany({
        where: {
          id,
          status: { in: fromStatuses },
          ...(expectedUpdatedAt === undefined ? {} : { updatedAt: expectedUpdatedAt }),
        },
        data: { ...data, updatedAt: at },
      });
      const row = await tx.actionItem.findUnique({ where: { id }, include });
      if (!row) throw new AppError('NOT_FOUND', { userMessage: 'That action item no longer exists.' });
      const view = toView(row);
      if (count === 0) {
        throw new AppError('NO_CHANGE', {
          userMessage: `Someone changed “${view.title}” just before you (it is ${view.status === 'wont_do' ? "won't do" : view.status} now); look again and retry if still needed.`,
        });
      }
      await enqueueEffects(tx, effects(view), at);
      return view;
    }),

  listForIncident: async (incidentId) => {
    const rows = await prisma.actionItem.findMany({ where: { incidentId }, orderBy: [...ORDER], include });
    return rows.map(toView);
  },

  listOpenForOwner: async (ownerId, now) => {
    const rows = await prisma.actionItem.findMany({
      where: { ownerId, status: 'open' },
      orderBy: [...ORDER],
      select: { title: true, dueAt: true, incident: { select: { number: true } } },
      take: 50,
    });
    return rows.map((row) => ({
      title: row.title,
      incidentNumber: row.incident.number,
      dueAt: row.dueAt,
      overdue: row.dueAt !== null && row.dueAt.getTime() < now.getTime(),
    }));
  },

  claimDueReminders: ({ now, limit, plan }) =>
    prisma.$transaction(async (tx) => {
      const claimed = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "ActionItem"
         WHERE "nextReminderAt" <= ${now} AND status = 'open'
         ORDER BY "nextReminderAt"
         LIMIT ${limit}
         FOR UPDATE SKIP LOCKED`;
      if (claimed.length === 0) return 0;
      const rows = await tx.actionItem.findMany({ where: { id: { in: claimed.map((row) => row.id) } }, include });
      const decisions = rows.map((row) => ({ id: row.id, ...plan(toView(row)) }));
      // One statement for the whole batch: the transaction, and the locks it holds, stay short.
      await tx.$executeRaw`
        UPDATE "ActionItem" AS a
           SET "nextReminderAt" = v.next, "escalatedAt" = COALESCE(v.escalated, a."escalatedAt")
          FROM unnest(
                 ${decisions.map((d) => d.id)}::uuid[],
                 ${decisions.map((d) => d.nextReminderAt?.toISOString() ?? null)}::timestamptz[],
                 ${decisions.map((d) => d.escalatedAt?.toISOString() ?? null)}::timestamptz[]
               ) AS v(id, next, escalated)
         WHERE a.id = v.id`;
      await enqueueEffects(
        tx,
        decisions.flatMap((decision) => decision.effects),
        now,
      );
      return claimed.length;
    }),
});
