import { AppError } from '../../../src/domain/app-error.ts';
import type { ImpactWindow } from '../../../src/domain/impact/impact-window.ts';
import type { ImpactStore, WindowClose } from '../../../src/store/impact-store.ts';
import type { FakeIncidentStore } from './fake-incident-store.ts';

export type FakeImpactStore = ImpactStore & {
  /** Every window, in the order recorded. */
  windows: ImpactWindow[];
  /** The budget thresholds announced, as `service:periodKey:threshold`. */
  announced: string[];
};

const concurrentChange = () =>
  new AppError('NO_CHANGE', {
    userMessage: 'Someone changed the impact of this incident at the same moment; look at the channel and try again.',
  });

const sameIds = (a: string[], b: string[]): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Impact windows in memory, beside the fake incidents whose timeline and outbox they write to, with the real store's
 * rules: a request applies once (its timeline key), a closed or resolved incident refuses changes, a resolution
 * refuses windows changed since the person was asked, and a budget threshold is announced once per service and
 * period. Every check runs before any write, as the real transaction rolls back.
 */
export const createFakeImpactStore = ({
  incidents,
  windows: seed = [],
}: {
  incidents: FakeIncidentStore;
  windows?: ImpactWindow[];
}): FakeImpactStore => {
  const windows = seed.map((window) => ({ ...window }));
  const announced: string[] = [];
  const { timeline, outbox } = incidents;
  const windowsOf = (incidentId: string) =>
    windows
      .filter((window) => window.incidentId === incidentId)
      .toSorted((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const checkOpen = (incidentId: string, closes: WindowClose[]) => {
    for (const { id } of closes) {
      if (!windows.some((window) => window.id === id && window.incidentId === incidentId && window.endedAt === null)) {
        throw concurrentChange();
      }
    }
  };
  const close = (closes: WindowClose[]) => {
    for (const { id, endedAt } of closes) {
      const index = windows.findIndex((window) => window.id === id);
      const window = windows[index];
      if (window) windows[index] = { ...window, endedAt };
    }
  };
  const pullImpactStartBack = (incidentId: string, starts: Date[]) => {
    const incident = incidents.get(incidentId);
    const earliest = Math.min(...starts.map((start) => start.getTime()));
    if (starts.length > 0 && (incident.impactStartedAt === null || incident.impactStartedAt.getTime() > earliest)) {
      incidents.patch(incidentId, { impactStartedAt: new Date(earliest) });
    }
  };

  return {
    windows,
    announced,
    listForIncident: async (incidentId) => windowsOf(incidentId).map((window) => ({ ...window })),
    wasApplied: async (incidentId, naturalKey) => timeline.has(incidentId, naturalKey),
    applyImpactChange: async ({ incidentId, recordedAt, close: closes, open, timeline: entry, effects }) => {
      if (incidents.get(incidentId).status === 'resolved') {
        throw new AppError('INCIDENT_RESOLVED', {
          userMessage: 'This incident was resolved meanwhile. Use `/incident reopen <reason>` to record more impact.',
        });
      }
      if (timeline.has(incidentId, entry.naturalKey)) return false;
      checkOpen(incidentId, closes);
      const closing = new Set(closes.map(({ id }) => id));
      const stillOpen = windowsOf(incidentId).filter((window) => window.endedAt === null && !closing.has(window.id));
      if (open.some((window) => stillOpen.some((other) => other.service === window.service))) {
        throw concurrentChange();
      }
      close(closes);
      windows.push(...open.map((window) => ({ ...window, incidentId })));
      pullImpactStartBack(
        incidentId,
        open.map((window) => window.startedAt),
      );
      timeline.add({ ...entry, incidentId });
      await outbox.enqueue(effects, recordedAt);
      return true;
    },
    resolve: async ({ change, close: closes, record, expectNoWindows, entries, budget }) => {
      const { incidentId } = change;
      const at = change.timeline.occurredAt;
      incidents.checkChange(change);
      const current = windowsOf(incidentId);
      const openIds = current.filter((window) => window.endedAt === null).map((window) => window.id);
      if (
        (expectNoWindows && current.length > 0) ||
        !sameIds(
          openIds,
          closes.map(({ id }) => id),
        )
      ) {
        throw new AppError('NO_CHANGE', {
          userMessage:
            'The impact recorded for this incident changed since you were asked. Run `/incident resolve` again.',
        });
      }
      incidents.writeChange(change);
      close(closes);
      if (record) {
        windows.push({ ...record, incidentId });
        pullImpactStartBack(incidentId, [record.startedAt]);
      }
      for (const entry of entries) timeline.add({ ...entry, incidentId });
      const spans = windows.filter((window) =>
        budget.scopes.some(
          ({ service, from, to }) =>
            window.service === service &&
            window.startedAt.getTime() < to.getTime() &&
            (window.endedAt === null || window.endedAt.getTime() > from.getTime()),
        ),
      );
      const writes = budget.plan(spans);
      await outbox.enqueue(writes.effects, at);
      for (const { service, periodKey, threshold, effect } of writes.announcements) {
        const key = `${service}:${periodKey}:${threshold}`;
        if (announced.includes(key)) continue;
        announced.push(key);
        await outbox.enqueue([effect], at);
      }
    },
  };
};
