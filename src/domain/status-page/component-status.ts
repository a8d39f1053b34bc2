/** A service's state on the public page, in Atlassian Statuspage's words, from the best to the worst. */
export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;

export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const COMPONENT_STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/** An impact window still open on a service, with the severity of its incident. */
export type OpenImpact = { kind: 'outage' | 'degraded'; severity: number };

export type ComponentStatusOptions = {
  open: readonly OpenImpact[];
  /** Whether scheduled maintenance of the service is under way. */
  inMaintenance: boolean;
  /** The most severe level the team has (1 by default): an outage at it is a major one. */
  topSeverity: number;
};

/**
 * What the public page says of a service now: an open outage is a major outage when its incident is of the team's
 * most severe level and a partial one otherwise; open degraded time is degraded performance; maintenance under way,
 * with no impact open, is maintenance; nothing open is operational. The worst of them wins.
 *
 * @example describeComponentStatus({ open: [{ kind: 'outage', severity: 2 }], inMaintenance: false, topSeverity: 1 })
 *   // => 'partial_outage'
 */
export const describeComponentStatus = ({
  open,
  inMaintenance,
  topSeverity,
}: ComponentStatusOptions): ComponentStatus => {
  const each = open.map((impact): ComponentStatus => {
    if (impact.kind === 'degraded') return 'degraded_performance';
    return impact.severity <= topSeverity ? 'major_outage' : 'partial_outage';
  });
  return worstStatus([inMaintenance ? 'under_maintenance' : 'operational', ...each]);
};

/** The worst of some statuses; operational when there are none. */
export const worstStatus = (statuses: readonly ComponentStatus[]): ComponentStatus =>
  statuses.reduce<ComponentStatus>(
    (worst, status) => (COMPONENT_STATUSES.indexOf(status) > COMPONENT_STATUSES.indexOf(worst) ? status : worst),
    'operational',
  );
