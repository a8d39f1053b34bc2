import { AppError } from '../../../src/domain/app-error.ts';
import type { PostmortemVersion } from '../../../src/domain/postmortem/postmortem-version.ts';
import type { PostmortemStore } from '../../../src/store/postmortem-store.ts';
import { createFakeOutboxStore, type FakeOutboxStore } from '../fake-outbox-store.ts';

export type FakePostmortemStore = PostmortemStore & {
  outbox: FakeOutboxStore;
  /** Every version of every incident, in the order added. */
  versions: PostmortemVersion[];
  /** Who marked which version complete. */
  completions: { id: string; by: string; at: Date }[];
};

/** A stored postmortem version; anything can be overridden. */
export const buildPostmortemVersion = (overrides: Partial<PostmortemVersion> = {}): PostmortemVersion => ({
  id: 'postmortem-1',
  incidentId: 'incident-42',
  version: 1,
  markdown: '# Postmortem',
  generatedAt: new Date('2026-11-23T09:00:00Z'),
  generatedBy: null,
  editedAt: null,
  canvasId: null,
  fileId: null,
  completedAt: null,
  ...overrides,
});

/**
 * Postmortem versions in memory with the real store's rules: versions of an incident are numbered 1, 2, …; a
 * request that added a version (found, as the real store finds it, by its effects in the outbox) adds no other;
 * the newest version is marked complete once, and only then are the effects that announce it written.
 */
export const createFakePostmortemStore = ({
  versions: seed = [],
  outbox = createFakeOutboxStore(),
}: {
  versions?: PostmortemVersion[];
  outbox?: FakeOutboxStore;
} = {}): FakePostmortemStore => {
  const versions = seed.map((version) => ({ ...version }));
  const completions: FakePostmortemStore['completions'] = [];
  const ofIncident = (incidentId: string) =>
    versions.filter((version) => version.incidentId === incidentId).toSorted((a, b) => a.version - b.version);
  const latest = (incidentId: string) => ofIncident(incidentId).at(-1);
  const set = (id: string, fields: Partial<PostmortemVersion>) => {
    const index = versions.findIndex((version) => version.id === id);
    const version = versions[index];
    if (!version) throw new Error(`no postmortem version ${id}`);
    versions[index] = { ...version, ...fields };
  };
  /** The request key of each version added, as the store keeps it next to the version. */
  const requestKeys = new Map<string, string>();
  const addedBefore = (incidentId: string, requestKey: string) =>
    versions.find((version) => version.incidentId === incidentId && requestKeys.get(version.id) === requestKey);

  return {
    outbox,
    versions,
    completions,
    addVersion: async ({ incidentId, markdown, generatedAt, generatedBy, editedAt, basedOn, requestKey, effects }) => {
      const earlier = addedBefore(incidentId, requestKey);
      if (earlier) return { version: { ...earlier }, created: false };
      if (basedOn !== undefined && (latest(incidentId)?.version ?? 0) !== basedOn) {
        throw new AppError('NO_CHANGE', { userMessage: `Version ${latest(incidentId)?.version} was saved meanwhile.` });
      }
      const version = buildPostmortemVersion({
        id: `postmortem-${versions.length + 1}`,
        incidentId,
        version: (latest(incidentId)?.version ?? 0) + 1,
        markdown,
        generatedAt,
        generatedBy,
        editedAt: editedAt ?? null,
      });
      versions.push(version);
      requestKeys.set(version.id, requestKey);
      await outbox.enqueue(effects({ ...version }), generatedAt);
      return { version: { ...version }, created: true };
    },
    findLatest: async (incidentId) => {
      const found = latest(incidentId);
      return found ? { ...found } : undefined;
    },
    listVersions: async (incidentId) => ofIncident(incidentId).map((version) => ({ ...version })),
    findFirstDraftedAt: async (incidentId) => ofIncident(incidentId)[0]?.generatedAt,
    findById: async (id) => {
      const found = versions.find((version) => version.id === id);
      return found ? { ...found } : undefined;
    },
    setCanvasId: async ({ id, canvasId }) => {
      if (versions.find((version) => version.id === id)?.canvasId !== null) return false;
      set(id, { canvasId });
      return true;
    },
    setFileId: async ({ id, fileId }) => {
      if (versions.find((version) => version.id === id)?.fileId !== null) return false;
      set(id, { fileId });
      return true;
    },
    markComplete: async ({ incidentId, by, at, effects }) => {
      const newest = latest(incidentId);
      if (!newest) return { completed: false, version: null };
      if (newest.completedAt !== null) return { completed: false, version: newest.version };
      set(newest.id, { completedAt: at });
      completions.push({ id: newest.id, by, at });
      await outbox.enqueue(effects, at);
      return { completed: true, version: newest.version };
    },
    replaceMarkdown: async ({ id, markdown }) => set(id, { markdown }),
  };
};
