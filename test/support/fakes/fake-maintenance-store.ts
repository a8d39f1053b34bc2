import { endOfMaintenance, type MaintenanceWindow } from '../../../src/domain/maintenance/maintenance-window.ts';
import type { KeyedEffect } from '../../../src/domain/outbox/outbox-effect.ts';
import type { MaintenanceRef, MaintenanceStore } from '../../../src/store/maintenance-store.ts';

export type FakeMaintenanceStore = MaintenanceStore & {
  /** Every window, in the order written. */
  windows: MaintenanceWindow[];
  /** The effects written with them, keyed as the outbox keys them (one per key). */
  outbox: KeyedEffect[];
};

const matches = (window: MaintenanceWindow, ref: MaintenanceRef): boolean =>
  'id' in ref ? window.id === ref.id : window.number === ref.number;

/**
 * Maintenance windows in memory with the real store's rules: a request key writes one window, numbers count up, a
 * cancellation happens once, and the effects of a write land in the outbox with it (a repeated key adds nothing).
 */
export const createFakeMaintenanceStore = (): FakeMaintenanceStore => {
  const windows: MaintenanceWindow[] = [];
  const keys = new Map<string, MaintenanceWindow>();
  const outbox: KeyedEffect[] = [];
  const enqueue = (effects: KeyedEffect[]) => {
    for (const effect of effects) {
      if (!outbox.some((written) => written.dedupeKey === effect.dedupeKey)) outbox.push(effect);
    }
  };
  return {
    windows,
    outbox,
    schedule: async ({ maintenance, effects }) => {
      const { requestKey, ...fields } = maintenance;
      const existing = keys.get(requestKey);
      if (existing !== undefined) return { window: { ...existing }, created: false };
      const window: MaintenanceWindow = { ...fields, number: windows.length + 1, cancelledAt: null };
      windows.push(window);
      keys.set(requestKey, window);
      enqueue(effects({ ...window }));
      return { window: { ...window }, created: true };
    },
    listMaintenance: async ({ from, to, services }) =>
      windows
        .filter(
          (window) =>
            window.startsAt < to &&
            endOfMaintenance(window) > from &&
            endOfMaintenance(window) > window.startsAt &&
            (services === undefined || window.services.some((service) => services.includes(service))),
        )
        .toSorted((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
        .map((window) => ({ ...window })),
    find: async (ref) => {
      const window = windows.find((candidate) => matches(candidate, ref));
      return window === undefined ? undefined : { ...window };
    },
    cancel: async ({ ref, at, effects }) => {
      const window = windows.find((candidate) => matches(candidate, ref));
      if (window === undefined || window.cancelledAt !== null) return false;
      window.cancelledAt = at;
      enqueue(effects({ ...window }));
      return true;
    },
  };
};
