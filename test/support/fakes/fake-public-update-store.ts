import type { IncidentStatus } from '../../../src/domain/incident/incident.ts';
import type { PublicIncident } from '../../../src/domain/status-page/public-incident.ts';
import type { PublicUpdateStore } from '../../../src/store/public-update-store.ts';
import type { FakeIncidentStore } from './fake-incident-store.ts';

type StoredUpdate = {
  incidentId: string;
  requestKey: string;
  status: IncidentStatus;
  text: string;
  postedBy: string;
  postedAt: Date;
};

export type FakePublicUpdateStore = PublicUpdateStore & {
  updates: StoredUpdate[];
  titles: Map<string, string>;
};

/**
 * Public updates in memory, written as the real store writes them: once per incident and request key, with the
 * title set or defaulted, the timeline entry and the effects in the fake incident store's timeline and outbox.
 */
export const createFakePublicUpdateStore = (incidents: FakeIncidentStore): FakePublicUpdateStore => {
  const updates: StoredUpdate[] = [];
  const titles = new Map<string, string>();
  const find = (incidentId: string): PublicIncident | undefined => {
    const mine = updates
      .filter((update) => update.incidentId === incidentId)
      .toSorted((a, b) => b.postedAt.getTime() - a.postedAt.getTime());
    const [latest] = mine;
    if (latest === undefined) return undefined;
    return {
      id: incidentId,
      publicTitle: titles.get(incidentId) ?? '',
      services: incidents.get(incidentId).services,
      status: latest.status,
      ongoing: incidents.get(incidentId).status !== 'resolved',
      updates: mine.map(({ status, text, postedAt }) => ({ status, text, postedAt })),
    };
  };
  return {
    updates,
    titles,
    publish: async ({ title, timeline, effects, ...update }) => {
      const existing = updates.find((u) => u.incidentId === update.incidentId && u.requestKey === update.requestKey);
      if (!existing) {
        updates.push(update);
        if ('set' in title) titles.set(update.incidentId, title.set);
        else if (!titles.has(update.incidentId)) titles.set(update.incidentId, title.default);
        incidents.timeline.add({ ...timeline, incidentId: update.incidentId });
        await incidents.outbox.enqueue(effects, update.postedAt);
      }
      const { status, text, postedAt } = existing ?? update;
      return { created: !existing, publicTitle: titles.get(update.incidentId) ?? '', status, text, postedAt };
    },
    countForIncident: async (incidentId) => updates.filter((u) => u.incidentId === incidentId).length,
    listPublicIncidents: async ({ since }) =>
      [...new Set(updates.filter((u) => u.postedAt >= since).map((u) => u.incidentId))].flatMap((id) => find(id) ?? []),
    findPublicIncident: async (incidentId) => find(incidentId),
  };
};
