import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.ts';
import { moveImpactStartBack } from '../domain/impact/impact-start.ts';
import type { ImpactKind, ImpactWindow } from '../domain/impact/impact-window.ts';
import type { KeyedEffect } from '../domain/outbox/outbox-effect.ts';
import type { ImpactSpan } from '../domain/sla/downtime.ts';
import type { PrismaClient } from './generated/client.ts';
import type { TransactionClient } from './generated/internal/prismaNamespace.ts';
import { type IncidentChange, writeIncidentChange } from './incident-store.ts';
import { enqueueEffects } from './outbox-store.ts';
import { addTimelineEntry, type NewTimelineEntry } from './timeline-store.ts';

export type NewImpactWindow = {
  id: string;
  service: string;
  kind: ImpactKind;
  startedAt: Date;
  endedAt: Date | null;
  createdBy: string;
};

export type WindowClose = { id: string; endedAt: Date };

type Entry = Omit<NewTimelineEntry, 'incidentId'>;

/** Windows an impact command closes and opens, with its timeline entry and Slack effects. */
export type ImpactChange = {
  incidentId: string;
  /** When sitrep made the change; the impact itself may be earlier. */
  recordedAt: Date;
  close: WindowClose[];
  open: NewImpactWindow[];
  timeline: Entry;
  effects: KeyedEffect[];
};

/** The rows a budget reading needs: one service's windows that overlap [from, to). */
export type BudgetScope = { service: string; from: Date; to: Date };

export type BudgetAnnouncementRecord = { service: string; periodKey: string; threshold: number; effect: KeyedEffect };

/** What the budget readings make the resolution write: lines to post, and thresholds to announce once. */
export type BudgetWrites = { effects: KeyedEffect[]; announcements: BudgetAnnouncementRecord[] };

/** Resolving an incident with what happens to its impact windows and error budgets, in one transaction. */
export type Resolution = {
  /** The status change to resolved (with the status it is expected to have). */
  change: IncidentChange;
  /** Every window still open, each with its end: no other may be open, or someone changed them meanwhile. */
  close: WindowClose[];
  /** A window recorded from the "Record impact" form, closed. */
  record?: NewImpactWindow;
  /** The incident must have no windows at all (the answer "no customer impact", or a window recorded now). */
  expectNoWindows: boolean;
  /** Timeline entries besides the resolution's: windows closed, no customer impact. */
  entries: Entry[];
  /** Reads the scopes' windows once the windows are closed, and says what to post and announce. */
  budget: { scopes: BudgetScope[]; plan: (spans: ImpactSpan[]) => BudgetWrites };
};

export type ImpactStore = {
  /** The incident's windows, oldest first. */
  listForIncident: (incidentId: string) => Promise<ImpactWindow[]>;
  /** Whether the request keyed by this timeline entry's key already changed the incident's impact. */
  wasApplied: (incidentId: string, naturalKey: string) => Promise<boolean>;
  /**
   * Applies an impact command; false when the same request applied it first (a retried command racing itself).
   * Refused when the incident was resolved or its windows changed meanwhile.
   */
  applyImpactChange: (change: ImpactChange) => Promise<boolean>;
  resolve: (resolution: Resolution) => Promise<void>;
};

const concurrentChange = () =>
  new AppError('NO_CHANGE', {
    userMessage: 'Someone changed the impact of this incident at the same moment; look at the channel and try again.',
  });

const closeWindows = async (tx: TransactionClient, incidentId: string, closes: WindowClose[]): Promise<void> => {
  for (const { id, endedAt } of closes) {
    const { count } = await tx.impactWindow.updateMany({ where: { id, incidentId, endedAt: null }, data: { endedAt } });
    if (count !== 1) throw concurrentChange();
  }
};

const listSpans = async (tx: TransactionClient, scopes: BudgetScope[]): Promise<ImpactSpan[]> =>
  scopes.length === 0
    ? []
    : tx.impactWindow.findMany({
        where: {
          OR: scopes.map(({ service, from, to }) => ({
            service,
            startedAt: { lt: to },
            OR: [{ endedAt: null }, { endedAt: { gt: from } }],
          })),
        },
        select: { incidentId: true, service: true, kind: true, startedAt: true, endedAt: true },
      });

/** Moves the incident's impact start back as `moveImpactStartBack` says; the caller holds the incident's lock. */
const pullImpactStartBack = async (tx: TransactionClient, incidentId: string, starts: Date[]): Promise<void> => {
  // Nothing recorded, nothing to read.
  if (starts.length === 0) return;
  const { impactStartedAt } = await tx.incident.findUniqueOrThrow({
    where: { id: incidentId },
    select: { impactStartedAt: true },
  });
  const movedTo = moveImpactStartBack({ impactStartedAt, starts });
  if (movedTo !== undefined)
    await tx.incident.update({ where: { id: incidentId }, data: { impactStartedAt: movedTo } });
};

/** Whether the incident's timeline holds the entry of this key: the mark of a request already applied. */
const hasEntry = async (
  client: Pick<TransactionClient, 'timelineEntry'>,
  incidentId: string,
  naturalKey: string,
): Promise<boolean> => (await client.timelineEntry.count({ where: { incidentId, naturalKey } })) > 0;

const sameIds = (a: string[], b: string[]): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

export const createImpactStore = (prisma: PrismaClient): ImpactStore => ({
  listForIncident: (incidentId) =>
    prisma.impactWindow.findMany({
      where: { incidentId },
      orderBy: [{ startedAt: 'asc' }, { createdAt: 'asc' }],
      select: { id: true, incidentId: true, service: true, kind: true, startedAt: true, endedAt: true },
    }),

  wasApplied: (incidentId, naturalKey) => hasEntry(prisma, incidentId, naturalKey),

  applyImpactChange: ({ incidentId, recordedAt, close, open, timeline, effects }) =>
    prisma.$transaction(async (tx) => {
      // Also locks the incident, so two impact changes to it never interleave.
      const { count } = await tx.incident.updateMany({
        where: { id: incidentId, status: { not: 'resolved' } },
        data: { updatedAt: recordedAt },
      });
      if (count === 0) {
        throw new AppError('INCIDENT_RESOLVED', {
          userMessage: 'This incident was resolved meanwhile. Use `/incident reopen <reason>` to record more impact.',
        });
      }
      // Read after the lock: a copy of this request that got it first has committed by now.
      if (await hasEntry(tx, incidentId, timeline.naturalKey)) return false;
      await closeWindows(tx, incidentId, close);
      for (const window of open) {
        if ((await tx.impactWindow.count({ where: { incidentId, service: window.service, endedAt: null } })) > 0) {
          throw concurrentChange();
        }
      }
      await tx.impactWindow.createMany({ data: open.map((window) => ({ ...window, incidentId })) });
      await pullImpactStartBack(
        tx,
        incidentId,
        open.map((window) => window.startedAt),
      );
      await addTimelineEntry(tx, { ...timeline, incidentId });
      await enqueueEffects(tx, effects, recordedAt);
      return true;
    }),

  resolve: async ({ change, close, record, expectNoWindows, entries, budget }) => {
    const { incidentId } = change;
    const at = change.timeline.occurredAt;
    await prisma.$transaction(async (tx) => {
      // First, as it checks the status and locks the incident for the rest.
      await writeIncidentChange(tx, change);
      const windows = await tx.impactWindow.findMany({ where: { incidentId }, select: { id: true, endedAt: true } });
      const openIds = windows.filter((window) => window.endedAt === null).map((window) => window.id);
      if (
        (expectNoWindows && windows.length > 0) ||
        !sameIds(
          openIds,
          close.map(({ id }) => id),
        )
      ) {
        throw new AppError('NO_CHANGE', {
          userMessage:
            'The impact recorded for this incident changed since you were asked. Run `/incident resolve` again.',
        });
      }
      await closeWindows(tx, incidentId, close);
      if (record) {
        await tx.impactWindow.create({ data: { ...record, incidentId } });
        await pullImpactStartBack(tx, incidentId, [record.startedAt]);
      }
      for (const entry of entries) await addTimelineEntry(tx, { ...entry, incidentId });

      const writes = budget.plan(await listSpans(tx, budget.scopes));
      await enqueueEffects(tx, writes.effects, at);
      for (const { effect, ...announcement } of writes.announcements) {
        // The first resolution to cross a threshold in a period holds the row; no other announces it again.
        const { count } = await tx.budgetAnnouncement.createMany({
          data: [{ ...announcement, incidentId }],
          skipDuplicates: true,
        });
        if (count === 1) await enqueueEffects(tx, [effect], at);
      }
    });
  },
});

export const newImpactWindowId = (): string => randomUUID();
