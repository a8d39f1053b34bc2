import type { NewTimelineEntry } from '../../../src/store/timeline-store.ts';

export type FakeTimeline = {
  /** Every entry recorded, in order. */
  entries: NewTimelineEntry[];
  /** Records an entry once per incident and natural key, as the database's unique key does; true when new. */
  add: (entry: NewTimelineEntry) => boolean;
  has: (incidentId: string, naturalKey: string) => boolean;
  /** The texts of an incident's entries, in the order recorded. */
  textsOf: (incidentId: string) => string[];
};

/** The timeline entries the fake stores write, shared between them as the tables are in the database. */
export const createFakeTimeline = (): FakeTimeline => {
  const entries: NewTimelineEntry[] = [];
  const has = (incidentId: string, naturalKey: string) =>
    entries.some((entry) => entry.incidentId === incidentId && entry.naturalKey === naturalKey);
  return {
    entries,
    has,
    add: (entry) => {
      if (has(entry.incidentId, entry.naturalKey)) return false;
      entries.push(entry);
      return true;
    },
    textsOf: (incidentId) => entries.filter((entry) => entry.incidentId === incidentId).map((entry) => entry.text),
  };
};
