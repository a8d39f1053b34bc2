import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../src/store/generated/client.ts';

// Writes the rows a report reads straight into the database, with every instant chosen by the test: the flows
// would stamp them with the clock.

export type SeededIncident = {
  services: string[];
  declaredAt: string;
  impactStartedAt?: string;
  mitigatedAt?: string;
  resolvedAt?: string;
  /** Impact windows of the incident; `endedAt` left out for one still open. */
  windows?: { service: string; kind: 'outage' | 'degraded'; startedAt: string; endedAt?: string }[];
};

const instant = (text: string | undefined): Date | null => (text === undefined ? null : new Date(text));

/** An incident with its services and impact windows; returns its id. */
export const seedIncident = async (prisma: PrismaClient, incident: SeededIncident): Promise<string> => {
  const id = randomUUID();
  const declaredAt = new Date(incident.declaredAt);
  await prisma.incident.create({
    data: {
      id,
      title: `Incident declared at ${incident.declaredAt}`,
      severity: 2,
      status: incident.resolvedAt === undefined ? 'investigating' : 'resolved',
      declaredBy: 'U05ALICE01',
      declaredAt,
      impactStartedAt: instant(incident.impactStartedAt),
      mitigatedAt: instant(incident.mitigatedAt),
      resolvedAt: instant(incident.resolvedAt),
      services: { create: incident.services.map((service) => ({ service })) },
      impacts: {
        create: (incident.windows ?? []).map((window) => ({
          id: randomUUID(),
          service: window.service,
          kind: window.kind,
          startedAt: new Date(window.startedAt),
          endedAt: instant(window.endedAt),
          createdBy: 'U05ALICE01',
        })),
      },
    },
  });
  return id;
};

export type SeededDeploy = {
  service: string;
  occurredAt: string;
  environment?: string;
  status?: 'started' | 'succeeded' | 'failed' | 'rolled_back';
};

export const seedDeploys = async (prisma: PrismaClient, deploys: SeededDeploy[]): Promise<void> => {
  await prisma.deployEvent.createMany({
    data: deploys.map((deploy) => ({
      id: randomUUID(),
      source: 'generic',
      deliveryId: randomUUID(),
      service: deploy.service,
      knownService: true,
      environment: deploy.environment ?? 'production',
      version: 'v1',
      layer: 'artifact',
      status: deploy.status ?? 'succeeded',
      occurredAt: new Date(deploy.occurredAt),
    })),
  });
};
