import type { IncidentView } from './incident.ts';

/**
 * When an incident started: when customers were first affected if that was recorded, else when it was declared.
 * Durations, suspect deploys, detection time and delivery metrics all count from it.
 *
 * @example findIncidentStart({ impactStartedAt: 13:58, declaredAt: 14:21 }) // => 13:58
 * @example findIncidentStart({ impactStartedAt: null, declaredAt: 14:21 }) // => 14:21
 */
export const findIncidentStart = (incident: Pick<IncidentView, 'impactStartedAt' | 'declaredAt'>): Date =>
  incident.impactStartedAt ?? incident.declaredAt;
