/** A service's paging setting in sitrep.yml: the severities whose incidents page its on-call. */
export type PagingService = { name: string; pagerduty?: { severities: number[] } | undefined };

export type PagedAtOptions = {
  /** The incident's services. */
  services: readonly string[];
  /** The team's services, with their paging settings. */
  configured: readonly PagingService[];
  severity: number;
};

/**
 * The incident's services that page at `severity`: those with PagerDuty set up whose `severities` list it. A service
 * sitrep.yml does not know, or without PagerDuty, never pages by itself (`/incident page` says which can).
 *
 * @example servicesPagedAt({ services: ['checkout-api', 'search'], configured, severity: 1 }) // ['checkout-api']
 */
export const servicesPagedAt = ({ services, configured, severity }: PagedAtOptions): string[] =>
  services.filter((name) =>
    configured.some((service) => service.name === name && service.pagerduty?.severities.includes(severity)),
  );

/**
 * The services a severity change pages: those that page at the new severity and did not at the old one. Lowering
 * the severity pages nobody, and neither does moving between two paging severities (the on-call was woken already).
 *
 * @example servicesPagedBySeverityChange({ services: ['checkout-api'], configured, from: 3, to: 1 }) // ['checkout-api']
 */
export const servicesPagedBySeverityChange = ({
  from,
  to,
  ...incident
}: Omit<PagedAtOptions, 'severity'> & { from: number; to: number }): string[] => {
  const before = servicesPagedAt({ ...incident, severity: from });
  return servicesPagedAt({ ...incident, severity: to }).filter((name) => !before.includes(name));
};

/** The services of the team that can be paged at all, for the answer to a page of one that cannot. */
export const pageableServices = (configured: readonly PagingService[]): string[] =>
  configured.filter((service) => service.pagerduty !== undefined).map((service) => service.name);

/** PagerDuty's four severities, from sitrep's levels: 1 critical, 2 error, 3 warning, 4 and beyond info. */
export const pagerDutySeverityOf = (level: number): 'critical' | 'error' | 'warning' | 'info' => {
  if (level <= 1) return 'critical';
  if (level === 2) return 'error';
  if (level === 3) return 'warning';
  return 'info';
};
