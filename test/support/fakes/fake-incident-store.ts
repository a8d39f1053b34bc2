import { AppError } from '../../../src/domain/app-error.ts';
import type { IncidentView } from '../../../src/domain/incident/incident.ts';
import type { IncidentChange, IncidentStore } from '../../../src/store/incident-store.ts';
import { createFakeOutboxStore, type FakeOutboxStore } from '../fake-outbox-store.ts';
import { createFakeTimeline, type FakeTimeline } from './fake-timeline.ts';

export type FakeIncidentStore = IncidentStore & {
  outbox: FakeOutboxStore;
  timeline: FakeTimeline;
  /** The incident as stored now; throws when there is none. */
  get: (id: string) => IncidentView;
  /** Checks a change against what it was read from, as the real store does in its transaction. */
  checkChange: (change: IncidentChange) => void;
  /** Writes a checked change with its timeline entry and effects (another fake store's transaction uses it). */
  writeChange: (change: IncidentChange) => void;
  /** Sets fields the way other stores' writes do (an impact window moving the impact start back). */
  patch: (id: string, fields: Partial<IncidentView>) => void;
};

const concurrentChange = () =>
  new AppError('NO_CHANGE', {
    userMessage: 'Someone changed this incident at the same moment; look at the summary and try again.',
  });

/**
 * Incidents in memory, changed as the real store changes them: a change applies only if what it was read against
 * (status, severity, a role's holder) is still there. Reads hand out copies, so a flow keeps what it read while
 * another write lands.
 */
export const createFakeIncidentStore = ({
  incidents,
  outbox = createFakeOutboxStore(),
  timeline = createFakeTimeline(),
}: {
  incidents: IncidentView[];
  outbox?: FakeOutboxStore;
  timeline?: FakeTimeline;
}): FakeIncidentStore => {
  const stored = new Map(incidents.map((incident) => [incident.id, structuredClone(incident)]));
  // The services with an open page, per incident.
  const paged = new Map<string, Set<string>>();
  const pagedOf = (id: string): Set<string> => paged.get(id) ?? paged.set(id, new Set()).get(id) ?? new Set();
  const get = (id: string): IncidentView => {
    const incident = stored.get(id);
    if (!incident) throw new Error(`no incident ${id}`);
    return incident;
  };
  const copy = (incident: IncidentView | undefined) => (incident ? structuredClone(incident) : undefined);
  const pagesChanged = ({ incidentId, pages }: IncidentChange): boolean => {
    if (!pages) return false;
    const open = pagedOf(incidentId);
    if ('trigger' in pages) return pages.trigger.some((page) => open.has(page.service));
    return pages.resolve.length !== open.size || pages.resolve.some((service) => !open.has(service));
  };
  const checkChange = (change: IncidentChange): void => {
    const { incidentId, expectedStatus, expectedSeverity, role } = change;
    const current = get(incidentId);
    if (
      pagesChanged(change) ||
      (expectedStatus !== undefined && current.status !== expectedStatus) ||
      (expectedSeverity !== undefined && current.severity !== expectedSeverity) ||
      (role !== undefined && (current.roles[role.role] ?? null) !== role.previous)
    ) {
      throw concurrentChange();
    }
  };
  const writeChange = (change: IncidentChange): void => {
    const current = get(change.incidentId);
    const roles = change.role ? { ...current.roles, [change.role.role]: change.role.userId } : current.roles;
    stored.set(change.incidentId, { ...current, ...change.data, roles });
    const { pages } = change;
    if (pages && 'trigger' in pages) {
      for (const page of pages.trigger) pagedOf(change.incidentId).add(page.service);
    }
    if (pages && 'resolve' in pages) pagedOf(change.incidentId).clear();
    timeline.add({ ...change.timeline, incidentId: change.incidentId });
    void outbox.enqueue(change.effects, change.timeline.occurredAt);
  };
  const all = () => [...stored.values()];

  return {
    outbox,
    timeline,
    get,
    checkChange,
    writeChange,
    patch: (id, fields) => stored.set(id, { ...get(id), ...fields }),
    declare: async () => {
      throw new Error('declaring is not faked: the incident flow tests cover it');
    },
    applyChange: async (change) => {
      checkChange(change);
      writeChange(change);
      return structuredClone(get(change.incidentId));
    },
    findById: async (id) => copy(stored.get(id)),
    findByChannel: async (channelId) => copy(all().find((incident) => incident.channelId === channelId)),
    findByNumber: async (number) => copy(all().find((incident) => incident.number === number)),
    listOpen: async () =>
      all()
        .filter((incident) => incident.status !== 'resolved')
        .map((i) => structuredClone(i)),
    listPaged: async (id) => [...pagedOf(id)].sort(),
    setChannel: async ({ id, channelId, channelName }) => {
      if (get(id).channelId !== null) return false;
      stored.set(id, { ...get(id), channelId, channelName });
      return true;
    },
    setSummaryTs: async ({ id, summaryTs }) => {
      stored.set(id, { ...get(id), summaryTs });
    },
    setChannelProblem: async ({ id, problem }) => {
      if (get(id).channelId === null) stored.set(id, { ...get(id), channelProblem: problem });
    },
  };
};
