import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.ts';
import type { KeyedEffect } from '../domain/outbox/outbox-effect.ts';
import type { PostmortemVersion } from '../domain/postmortem/postmortem-version.ts';
import type { PrismaClient } from './generated/client.ts';
import { enqueueEffects } from './outbox-store.ts';

export type NewPostmortemVersion = {
  incidentId: string;
  markdown: string;
  generatedAt: Date;
  generatedBy: string | null;
  /** Set when a person wrote this version (on the web) rather than sitrep drafting it. */
  editedAt?: Date | undefined;
  /**
   * The version the person started from (0 for none): when another was added since, nothing is added and an AppError
   * (`NO_CHANGE`) says so, so that nobody's edit silently replaces another's.
   */
  basedOn?: number | undefined;
  /**
   * Identifies the request that generated it (a resolution, a command's trigger id): the same request never adds a
   * second version, however often it runs. Every effect of `effects` must be keyed under
   * `postmortemRequestKey(incidentId, requestKey)`.
   */
  requestKey: string;
  /** The Slack effects that deliver the version; they get the version to name it. */
  effects: (version: PostmortemVersion) => KeyedEffect[];
};

export type PostmortemStore = {
  /**
   * Adds the next version (1, 2, …) with its delivery effects, in one transaction. Earlier versions are never
   * touched. Returns the version added, or the one this request added before (`created` false).
   */
  addVersion: (version: NewPostmortemVersion) => Promise<{ version: PostmortemVersion; created: boolean }>;
  findLatest: (incidentId: string) => Promise<PostmortemVersion | undefined>;
  /** Every version of the incident's postmortem, the first one first. */
  listVersions: (incidentId: string) => Promise<PostmortemVersion[]>;
  /** When the first draft was generated: action items are due five business days after it. */
  findFirstDraftedAt: (incidentId: string) => Promise<Date | undefined>;
  findById: (id: string) => Promise<PostmortemVersion | undefined>;
  /** Records the canvas Slack created for the version; false when it already had one. */
  setCanvasId: (options: { id: string; canvasId: string }) => Promise<boolean>;
  /** Records the file Slack shared for the version; false when it already had one. */
  setFileId: (options: { id: string; fileId: string }) => Promise<boolean>;
  /**
   * Marks the newest version complete, with the effects that announce it, in one transaction; `completed` is false
   * when it already was (or there is no version yet, `version` null).
   */
  markComplete: (options: {
    incidentId: string;
    by: string;
    at: Date;
    effects: KeyedEffect[];
  }) => Promise<{ completed: boolean; version: number | null }>;
  /** Replaces a version's Markdown (sitrep's own sections, such as the action items table, as they are now). */
  replaceMarkdown: (options: { id: string; markdown: string }) => Promise<void>;
};

const select = {
  id: true,
  incidentId: true,
  version: true,
  markdown: true,
  generatedAt: true,
  generatedBy: true,
  editedAt: true,
  canvasId: true,
  fileId: true,
  completedAt: true,
} as const;

/** Where the outbox keys of one generation request start, so its deliveries are written once. */
export const postmortemRequestKey = (incidentId: string, requestKey: string): string =>
  `postmortem:${incidentId}:${requestKey}`;

export const createPostmortemStore = (prisma: PrismaClient): PostmortemStore => ({
  addVersion: async ({ incidentId, markdown, generatedAt, generatedBy, editedAt, basedOn, requestKey, effects }) =>
    prisma.$transaction(async (tx) => {
      // Locks the incident, so two generations at once number their versions one after the other.
      await tx.$queryRaw`SELECT id FROM "Incident" WHERE id = ${incidentId}::uuid FOR UPDATE`;
      const earlier = await tx.postmortem.findUnique({
        where: { incidentId_requestKey: { incidentId, requestKey } },
        select,
      });
      if (earlier) return { version: earlier, created: false };
      const latest = await tx.postmortem.findFirst({
        where: { incidentId },
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      const newest = latest?.version ?? 0;
      if (basedOn !== undefined && newest !== basedOn) {
        throw new AppError('NO_CHANGE', {
          userMessage: `Version ${newest} was saved after you started from version ${basedOn}. Your text is below: compare it with the newest version, then save again.`,
        });
      }
      const row = await tx.postmortem.create({
        data: {
          id: randomUUID(),
          incidentId,
          version: newest + 1,
          markdown,
          generatedAt,
          generatedBy,
          editedAt: editedAt ?? null,
          requestKey,
        },
        select,
      });
      await enqueueEffects(tx, effects(row), generatedAt);
      return { version: row, created: true };
    }),

  findLatest: async (incidentId) =>
    (await prisma.postmortem.findFirst({ where: { incidentId }, orderBy: { version: 'desc' }, select })) ?? undefined,

  listVersions: (incidentId) =>
    prisma.postmortem.findMany({ where: { incidentId }, orderBy: { version: 'asc' }, select }),

  findFirstDraftedAt: async (incidentId) =>
    (
      await prisma.postmortem.findFirst({
        where: { incidentId },
        orderBy: { version: 'asc' },
        select: { generatedAt: true },
      })
    )?.generatedAt,

  findById: async (id) => (await prisma.postmortem.findUnique({ where: { id }, select })) ?? undefined,

  setCanvasId: async ({ id, canvasId }) =>
    (await prisma.postmortem.updateMany({ where: { id, canvasId: null }, data: { canvasId } })).count === 1,

  setFileId: async ({ id, fileId }) =>
    (await prisma.postmortem.updateMany({ where: { id, fileId: null }, data: { fileId } })).count === 1,

  markComplete: ({ incidentId, by, at, effects }) =>
    prisma.$transaction(async (tx) => {
      const latest = await tx.postmortem.findFirst({ where: { incidentId }, orderBy: { version: 'desc' } });
      if (!latest) return { completed: false, version: null };
      const { count } = await tx.postmortem.updateMany({
        where: { id: latest.id, completedAt: null },
        data: { completedAt: at, completedBy: by },
      });
      if (count === 1) await enqueueEffects(tx, effects, at);
      return { completed: count === 1, version: latest.version };
    }),

  replaceMarkdown: async ({ id, markdown }) => {
    await prisma.postmortem.update({ where: { id }, data: { markdown } });
  },
});
