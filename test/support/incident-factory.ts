import type { IncidentView, Severity } from '../../src/domain/incident/incident.ts';

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
