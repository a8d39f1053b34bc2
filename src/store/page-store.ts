import type { PrismaClient } from './generated/client.ts';
import type { TransactionClient } from './generated/internal/prismaNamespace.ts';
import { addTimelineEntry } from './timeline-store.ts';

/** A service paged with a change, and the timeline line that says so (null when the change's own line does). */
export type NewPage = {
  service: string;
  reason: string | null;
  pagedBy: string;
  pagedAt: Date;
  timelineText: string | null;
};

/** Pages written with a change: services paged, or (resolving the incident) the services whose pages it resolves. */
export type PageWrite = { trigger: NewPage[] } | { resolve: string[]; at: Date };

/**
 * Records pages in the caller's transaction. False when the pages are not as the change read them: a service paged
 * meanwhile (its page is open already), or, when resolving, a page that is not among those listed.
 */
export const writePages = async (tx: TransactionClient, incidentId: string, pages: PageWrite): Promise<boolean> => {
  if ('resolve' in pages) {
    const { count } = await tx.incidentPage.updateMany({
      where: { incidentId, service: { in: pages.resolve }, resolvedAt: null },
      data: { resolvedAt: pages.at },
    });
    const stillOpen = await tx.incidentPage.count({ where: { incidentId, resolvedAt: null } });
    return count === pages.resolve.length && stillOpen === 0;
  }
  for (const page of pages.trigger) {
    // A page resolved with the incident (since reopened) is paged again; an open one is left as it is.
    const written = await tx.$executeRaw`
      INSERT INTO "IncidentPage" ("incidentId", service, reason, "pagedBy", "pagedAt")
      VALUES (${incidentId}::uuid, ${page.service}, ${page.reason}, ${page.pagedBy}, ${page.pagedAt})
      ON CONFLICT ("incidentId", service) DO UPDATE
        SET reason = EXCLUDED.reason, "pagedBy" = EXCLUDED."pagedBy", "pagedAt" = EXCLUDED."pagedAt", "resolvedAt" = NULL
        WHERE "IncidentPage"."resolvedAt" IS NOT NULL`;
    if (written === 0) return false;
    if (page.timelineText === null) continue;
    await addTimelineEntry(tx, {
      incidentId,
      naturalKey: `page:${page.service}:${page.pagedAt.getTime()}`,
      source: 'lifecycle',
      occurredAt: page.pagedAt,
      actorId: page.pagedBy,
      text: page.timelineText,
    });
  }
  return true;
};

/** The services whose pages for the incident are open (not resolved with it), by name. */
export const listOpenPages = async (prisma: Pick<PrismaClient, 'incidentPage'>, incidentId: string) =>
  (
    await prisma.incidentPage.findMany({
      where: { incidentId, resolvedAt: null },
      select: { service: true },
      orderBy: { service: 'asc' },
    })
  ).map((page) => page.service);
