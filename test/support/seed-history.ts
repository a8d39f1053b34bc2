import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../src/store/generated/client.ts';

export type SeedHistoryOptions = {
  incidents: number;
  /** The first incident is declared then, one every six hours after it. */
  from?: Date;
  /** Rows per createMany: PGlite takes a few thousand rows a statement comfortably. */
  batch?: number;
};

const SERVICES = ['checkout-api', 'payments', 'search'];
const HOUR = 3_600_000;
const ALICE = 'U05ALICE01';

// Text that a backup must carry byte for byte: quotes, backslashes, newlines, tabs, emoji, a NUL-free control char.
const tricky = (n: number) => `Step ${n}: "quoted" \\ back\\slash\nnew line\ttab — café ☕ 🔥 \u0007 <b>&amp;</b>`;

/**
 * A team's months of history written straight through Prisma, for backups and benchmarks: each incident has its
 * service, lead, six timeline entries, an impact window, two postmortem versions and two action items; a third are
 *still open.
 */
export const seedHistory = async (
  prisma: PrismaClient,
  { incidents, from = new Date('2026-06-01T00:00:00Z'), batch = 500 }: SeedHistoryOptions,
): Promise<void> => {
  for (let start = 0; start < incidents; start += batch) {
    const ids = Array.from({ length: Math.min(batch, incidents - start) }, () => randomUUID());
    const at = (i: number, hours: number) => new Date(from.getTime() + ((start + i) * 6 + hours) * HOUR);
    const resolved = (i: number) => (start + i) % 3 !== 0;
    await prisma.incident.createMany({
      data: ids.map((id, i) => ({
        id,
        requestKey: `seed-${id}`,
        title: `Seeded incident ${start + i} — "${SERVICES[(start + i) % 3]}" ✓`,
        description: i % 2 === 0 ? null : tricky(i),
        severity: 1 + ((start + i) % 4),
        status: resolved(i) ? 'resolved' : 'investigating',
        declaredBy: ALICE,
        declaredAt: at(i, 0),
        impactStartedAt: at(i, -0.25),
        mitigatedAt: resolved(i) ? at(i, 1) : null,
        resolvedAt: resolved(i) ? at(i, 2) : null,
      })),
    });
    await prisma.incidentService.createMany({
      data: ids.map((incidentId, i) => ({ incidentId, service: SERVICES[(start + i) % 3] ?? 'search' })),
    });
    await prisma.incidentRole.createMany({
      data: ids.map((incidentId, i) => ({
        incidentId,
        role: 'lead' as const,
        userId: ALICE,
        assignedBy: ALICE,
        assignedAt: at(i, 0),
      })),
    });
    await prisma.timelineEntry.createMany({
      data: ids.flatMap((incidentId, i) =>
        Array.from({ length: 6 }, (_, n) => ({
          id: randomUUID(),
          incidentId,
          naturalKey: n === 0 ? 'declared' : `note:${n}`,
          source: n === 0 ? ('lifecycle' as const) : ('command' as const),
          occurredAt: at(i, n / 4),
          actorId: ALICE,
          text: n === 0 ? `<@${ALICE}> declared the incident` : tricky(n),
          files: n === 3 ? [{ name: 'graph.png', url: 'https://files.example.com/graph.png' }] : undefined,
        })),
      ),
    });
    await prisma.impactWindow.createMany({
      data: ids.map((incidentId, i) => ({
        id: randomUUID(),
        incidentId,
        service: SERVICES[(start + i) % 3] ?? 'search',
        kind: i % 2 === 0 ? ('outage' as const) : ('degraded' as const),
        startedAt: at(i, -0.25),
        endedAt: resolved(i) ? at(i, 1) : null,
        createdBy: ALICE,
      })),
    });
    await prisma.postmortem.createMany({
      data: ids
        .filter((_, i) => resolved(i))
        .flatMap((incidentId, i) =>
          [1, 2].map((version) => ({
            id: randomUUID(),
            incidentId,
            version,
            markdown: `# Postmortem v${version}\n\n${tricky(version)}\n\n| a | b |\n|---|---|\n| 1 | 2 |`,
            generatedAt: at(i, 3 + version),
            generatedBy: ALICE,
          })),
        ),
    });
    await prisma.actionItem.createMany({
      data: ids.flatMap((incidentId, i) =>
        [0, 1].map((n) => ({
          id: randomUUID(),
          incidentId,
          title: `Follow up ${n} on ${start + i}: ${tricky(n)}`,
          kind: n === 0 ? ('fix' as const) : ('alarm' as const),
          status: n === 0 && resolved(i) ? ('done' as const) : ('open' as const),
          ownerId: ALICE,
          dueAt: at(i, 24 * 5),
          createdBy: ALICE,
          ownerTimeZone: 'Europe/Paris',
          nextReminderAt: n === 1 ? at(i, 24 * 4) : null,
        })),
      ),
    });
  }
};
