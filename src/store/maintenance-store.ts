import { randomUUID } from 'node:crypto';
import type { MaintenanceWindow } from '../domain/maintenance/maintenance-window.ts';
import type { KeyedEffect } from '../domain/outbox/outbox-effect.ts';
import type { Prisma, PrismaClient } from './generated/client.ts';
import { enqueueEffects } from './outbox-store.ts';

export type NewMaintenance = Omit<MaintenanceWindow, 'number' | 'cancelledAt'> & {
  /** The command's trigger id: a repeated command writes one window. */
  requestKey: string;
};

/** A window named the way people name it: its number (`3`) or its id. */
export type MaintenanceRef = { number: number } | { id: string };

export type ListMaintenanceOptions = {
  /** [from, to): windows whose time (up to a cancellation) overlaps it. */
  from: Date;
  to: Date;
  /** Only windows of one of these services; all when absent. */
  services?: string[];
};

export type CancelMaintenance = {
  ref: MaintenanceRef;
  at: Date;
  by: string;
  effects: (window: MaintenanceWindow) => KeyedEffect[];
};

export type MaintenanceStore = {
  /**
   * Writes the window and its effects in one transaction. When the same request wrote one first, writes nothing and
   * gives that one, `created: false`.
   */
  schedule: (options: {
    maintenance: NewMaintenance;
    effects: (window: MaintenanceWindow) => KeyedEffect[];
    now: Date;
  }) => Promise<{ window: MaintenanceWindow; created: boolean }>;
  /**
   * The windows whose time overlaps [from, to), by start: a cancelled window up to its cancellation, and none
   * cancelled before it started.
   */
  listMaintenance: (options: ListMaintenanceOptions) => Promise<MaintenanceWindow[]>;
  find: (ref: MaintenanceRef) => Promise<MaintenanceWindow | undefined>;
  /** Cancels the window at `at` with its effects; false when it was cancelled already (or meanwhile). */
  cancel: (options: CancelMaintenance) => Promise<boolean>;
};

export const newMaintenanceId = (): string => randomUUID();

const SELECTED = {
  id: true,
  number: true,
  services: true,
  startsAt: true,
  endsAt: true,
  publicText: true,
  createdBy: true,
  createdAt: true,
  cancelledAt: true,
} as const;

const whereRef = (ref: MaintenanceRef): Prisma.MaintenanceWhereUniqueInput =>
  'id' in ref ? { id: ref.id } : { number: ref.number };

export const createMaintenanceStore = (prisma: PrismaClient): MaintenanceStore => ({
  schedule: ({ maintenance, effects, now }) =>
    prisma.$transaction(async (tx) => {
      const { requestKey, ...window } = maintenance;
      const { count } = await tx.maintenance.createMany({ data: [{ ...window, requestKey }], skipDuplicates: true });
      const written = await tx.maintenance.findUniqueOrThrow({ where: { requestKey }, select: SELECTED });
      if (count === 1) await enqueueEffects(tx, effects(written), now);
      return { window: written, created: count === 1 };
    }),
  listMaintenance: ({ from, to, services }) =>
    prisma.maintenance
      .findMany({
        where: {
          startsAt: { lt: to },
          endsAt: { gt: from },
          ...(services === undefined ? {} : { services: { hasSome: services } }),
          OR: [{ cancelledAt: null }, { cancelledAt: { gt: from } }],
        },
        select: SELECTED,
        orderBy: [{ startsAt: 'asc' }, { number: 'asc' }],
      })
      .then((windows) =>
        windows.filter((window) => window.cancelledAt === null || window.cancelledAt > window.startsAt),
      ),
  find: async (ref) => (await prisma.maintenance.findUnique({ where: whereRef(ref), select: SELECTED })) ?? undefined,
  cancel: ({ ref, at, by, effects }) =>
    prisma.$transaction(async (tx) => {
      const { count } = await tx.maintenance.updateMany({
        where: { ...whereRef(ref), cancelledAt: null },
        data: { cancelledAt: at, cancelledBy: by },
      });
      if (count === 0) return false;
      const window = await tx.maintenance.findUniqueOrThrow({ where: whereRef(ref), select: SELECTED });
      await enqueueEffects(tx, effects(window), at);
      return true;
    }),
});
