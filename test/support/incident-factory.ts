import { randomUUID } from 'node:crypto';
import type { IncidentView, Severity } from '../../src/domain/incident/incident.ts';
import type { KeyedEffect } from '../../src/domain/outbox/outbox-effect.ts';
import type { PrismaClient } from '../../src/store/generated/client.ts';
import { createIncidentStore, type NewIncident } from '../../src/store/incident-store.ts';

// Incidents for tests, three ways: as a value (blocks, flows), declared through the incident store as the declare
// flow does it (stores), or written straight into the tables with every instant chosen by the test (reports, where
// the flows would stamp them with the clock). Each is a SEV2 of checkout-api declared by alice unless told otherwise.

const ALICE = 'U05ALICE01';

/** The three levels of the example team config: level 1 is the most severe. */
export const SEVERITIES: Severity[] = [
  { level: 1, name: 'SEV1', description: 'Critical: customers cannot pay or sign in.' },
  { level: 2, name: 'SEV2', description: 'Major. A feature is broken for many customers.' },
  { level: 3, name: 'SEV3', description: 'Minor: degraded, with a workaround.' },
];

export const DECLARED_AT = new Date('2026-03-10T09:00:00Z');

/** An open SEV2 incident 42 in channel C42, declared by U_DECLARER; anything can be overridden. */
export const buildIncident = (overrides: Partial<IncidentView> = {}): IncidentView => ({
  id: `incident-${overrides.number ?? 42}`,
  number: 42,
  title: 'Checkout is down',
  description: null,
  detectedAt: null,
  severity: 2,
  status: 'investigating',
  channelId: 'C42',
  channelName: 'inc-42-checkout-is-down',
  summaryTs: null,
  channelProblem: null,
  declaredBy: 'U_DECLARER',
  declaredAt: DECLARED_AT,
  impactStartedAt: null,
  identifiedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  services: [],
  roles: {},
  ...overrides,
});

/** What the declare flow hands the incident store: led by whoever declared it, unless `lead` says otherwise. */
export const newIncident = (overrides: Partial<NewIncident> = {}): NewIncident => {
  const id = overrides.id ?? randomUUID();
  const declaredBy = overrides.declaredBy ?? ALICE;
  return {
    id,
    requestKey: `view-${id}`,
    title: 'Checkout is down',
    description: null,
    severity: 2,
    services: ['checkout-api'],
    declaredBy,
    declaredAt: DECLARED_AT,
    impactStartedAt: null,
    detectedAt: null,
    lead: declaredBy,
    ...overrides,
  };
};

export type DeclaredRecordOptions = {
  /** The first line of the timeline (`<@declarer> declared the incident` unless given). */
  text?: string;
  /** The Slack work the declaration asks for: none unless given. */
  effects?: KeyedEffect[];
};

/** What a declaration records with the incident: its first timeline line, and the effects. */
export const declaredRecord = (incident: NewIncident, { text, effects = [] }: DeclaredRecordOptions = {}) => ({
  timeline: {
    naturalKey: 'declared',
    source: 'lifecycle' as const,
    occurredAt: incident.declaredAt,
    actorId: incident.declaredBy,
    text: text ?? `<@${incident.declaredBy}> declared the incident`,
  },
  effects,
});

/** Declares an incident through the incident store, with no Slack work; returns it as the store reads it back. */
export const declareIncident = async (
  prisma: PrismaClient,
  overrides: Partial<NewIncident> & DeclaredRecordOptions = {},
): Promise<IncidentView> => {
  const { text, effects, ...fields } = overrides;
  const incident = newIncident(fields);
  const record = declaredRecord(incident, { ...(text !== undefined ? { text } : {}), ...(effects ? { effects } : {}) });
  return (await createIncidentStore(prisma).declare(incident, record)).incident;
};

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

/** An incident with its services and impact windows written straight into the tables; returns its id. */
export const seedIncident = async (prisma: PrismaClient, incident: SeededIncident): Promise<string> => {
  const id = randomUUID();
  await prisma.incident.create({
    data: {
      id,
      title: `Incident declared at ${incident.declaredAt}`,
      severity: 2,
      status: incident.resolvedAt === undefined ? 'investigating' : 'resolved',
      declaredBy: ALICE,
      declaredAt: new Date(incident.declaredAt),
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
          createdBy: ALICE,
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
  version?: string;
  actor?: string;
  url?: string;
};

/** Deploy events as the generic webhook stores them, of known services. */
export const seedDeploys = async (prisma: PrismaClient, deploys: SeededDeploy[]): Promise<void> => {
  await prisma.deployEvent.createMany({
    data: deploys.map((deploy) => ({
      id: randomUUID(),
      source: 'generic',
      deliveryId: randomUUID(),
      service: deploy.service,
      knownService: true,
      environment: deploy.environment ?? 'production',
      version: deploy.version ?? 'v1',
      layer: 'artifact',
      status: deploy.status ?? 'succeeded',
      actor: deploy.actor ?? null,
      url: deploy.url ?? null,
      occurredAt: new Date(deploy.occurredAt),
    })),
  });
};

/** An incident's details only responders may see, which no public output (page, feed, email, push) may show. */
export type InternalDetails = { title: string; channelId: string; channelName: string; declaredBy?: string };

/**
 * The status page tests' open incident, as of 2026-11-23 12:00 UTC: checkout-api out since 11:00, search degraded
 * since 11:30, with internal details a public output must leave out. Returns its id.
 */
export const seedOpenIncidentWithInternals = async (
  prisma: PrismaClient,
  internals: InternalDetails,
): Promise<string> => {
  const id = await seedIncident(prisma, {
    services: ['checkout-api', 'search'],
    declaredAt: '2026-11-23T11:05:00Z',
    windows: [
      { service: 'checkout-api', kind: 'outage', startedAt: '2026-11-23T11:00:00Z' },
      { service: 'search', kind: 'degraded', startedAt: '2026-11-23T11:30:00Z' },
    ],
  });
  await prisma.incident.update({ where: { id }, data: internals });
  return id;
};
