import { z } from 'zod';
import type { PrismaClient } from './generated/client.ts';

/** An impact window as the status page needs it: no title, no people, no channel. */
export type StatusImpact = {
  service: string;
  kind: 'outage' | 'degraded';
  startedAt: Date;
  endedAt: Date | null;
  incidentId: string;
  severity: number;
};

export type StatusPageStore = {
  /** The impact windows of these services open at some point since `from` (open ones included), oldest first. */
  readImpacts: (options: { services: string[]; from: Date }) => Promise<StatusImpact[]>;
};

const ZStatusImpacts = z.array(
  z.object({
    service: z.string(),
    kind: z.enum(['outage', 'degraded']),
    startedAt: z.date(),
    endedAt: z.date().nullable(),
    incidentId: z.string(),
    severity: z.number().int(),
  }),
);

export const createStatusPageStore = (prisma: PrismaClient): StatusPageStore => ({
  readImpacts: async ({ services, from }) =>
    ZStatusImpacts.parse(
      await prisma.$queryRaw`
        SELECT w.service, w.kind::text AS kind, w."startedAt", w."endedAt", w."incidentId"::text AS "incidentId",
               i.severity
        FROM "ImpactWindow" w JOIN "Incident" i ON i.id = w."incidentId"
        WHERE w.service = ANY(${services}::text[])
          AND (w."endedAt" IS NULL OR w."endedAt" > ${from.toISOString()}::timestamptz)
        ORDER BY w."startedAt", w.id`,
    ),
});
