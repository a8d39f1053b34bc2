import { randomUUID } from 'node:crypto';
import type { AlertInput, DeployInput } from '../domain/deploys/deploy.ts';
import type { PrismaClient } from './generated/client.ts';

/** A deploy as incidents and `/incident changes` show it. */
export type DeployRow = DeployInput & { knownService: boolean; receivedAt: Date };

export type DeployStore = {
  /**
   * Stores deploys once per sender and delivery id, in one statement; for each, in order, whether it was new (false
   * for a redelivery, and for a second copy of an id within the same call).
   */
  addDeploys: (deploys: (DeployInput & { knownService: boolean })[]) => Promise<boolean[]>;
  /** Deploys of these services (all services when empty) that happened in [from, to], newest first. */
  listDeploys: (options: { services: string[]; from: Date; to: Date; limit: number }) => Promise<DeployRow[]>;
  /** Stores each alert once per fingerprint, status and start; returns the ones that were new. */
  addAlerts: (alerts: AlertInput[]) => Promise<AlertInput[]>;
  /** The first firing alert of these services that started in [from, to]. */
  findFirstAlert: (options: { services: string[]; from: Date; to: Date }) => Promise<AlertInput | undefined>;
};

const toInput = (row: {
  fingerprint: string;
  status: 'firing' | 'resolved';
  service: string | null;
  alertName: string;
  summary: string | null;
  labels: unknown;
  startsAt: Date;
  endsAt: Date | null;
}): AlertInput => ({
  fingerprint: row.fingerprint,
  status: row.status,
  service: row.service,
  alertName: row.alertName,
  summary: row.summary,
  labels:
    typeof row.labels === 'object' && row.labels !== null
      ? Object.fromEntries(Object.entries(row.labels).map(([key, value]) => [key, String(value)]))
      : {},
  startsAt: row.startsAt,
  endsAt: row.endsAt,
});

const deliveryKey = ({ source, deliveryId }: { source: string; deliveryId: string }) => `${source}\u0000${deliveryId}`;

const alertKey = ({ fingerprint, status, startsAt }: { fingerprint: string; status: string; startsAt: Date }) =>
  `${fingerprint}\u0000${status}\u0000${startsAt.toISOString()}`;

export const createDeployStore = (prisma: PrismaClient): DeployStore => ({
  addDeploys: async (deploys) => {
    // One statement whose shape never changes with the batch's size: a column array each, unnested. Prisma's
    // createMany would plan a new query for every batch size and pass each row through its query compiler.
    const column = <K extends keyof (typeof deploys)[number]>(key: K) => deploys.map((deploy) => deploy[key]);
    const created = await prisma.$queryRaw<{ source: string; deliveryId: string }[]>`
      INSERT INTO "DeployEvent" (id, source, "deliveryId", service, "knownService", environment, version, layer,
                                 status, actor, url, description, "occurredAt")
      SELECT * FROM unnest(
        ${deploys.map(() => randomUUID())}::uuid[],
        ${column('source')}::text[]::"DeploySource"[],
        ${column('deliveryId')}::text[],
        ${column('service')}::text[],
        ${column('knownService')}::boolean[],
        ${column('environment')}::text[],
        ${column('version')}::text[],
        ${column('layer')}::text[]::"DeployLayer"[],
        ${column('status')}::text[]::"DeployStatus"[],
        ${column('actor')}::text[],
        ${column('url')}::text[],
        ${column('description')}::text[],
        ${deploys.map((deploy) => deploy.occurredAt.toISOString())}::timestamptz[])
      ON CONFLICT (source, "deliveryId") DO NOTHING
      RETURNING source::text AS source, "deliveryId"`;
    const fresh = new Set(created.map((row) => deliveryKey(row)));
    return deploys.map((deploy) => fresh.delete(deliveryKey(deploy)));
  },
  listDeploys: async ({ services, from, to, limit }) => {
    const rows = await prisma.deployEvent.findMany({
      where: { ...(services.length > 0 ? { service: { in: services } } : {}), occurredAt: { gte: from, lte: to } },
      orderBy: { occurredAt: 'desc' },
      take: limit,
    });
    return rows.map(({ id: _id, ...row }) => row);
  },
  addAlerts: async (alerts) => {
    const created = await prisma.alertEvent.createManyAndReturn({
      data: alerts.map((alert) => ({ id: randomUUID(), ...alert })),
      skipDuplicates: true,
      select: { fingerprint: true, status: true, startsAt: true },
    });
    const fresh = new Set(created.map((row) => alertKey(row)));
    return alerts.filter((alert) => fresh.delete(alertKey(alert)));
  },
  findFirstAlert: async ({ services, from, to }) => {
    if (services.length === 0) return undefined;
    const row = await prisma.alertEvent.findFirst({
      where: { service: { in: services }, status: 'firing', startsAt: { gte: from, lte: to } },
      orderBy: { startsAt: 'asc' },
    });
    return row ? toInput(row) : undefined;
  },
});
