import type { BudgetPeriod, ServiceSla } from './budget-notices.ts';
import { listPeriodsOverlapping } from './sla-period.ts';

export type ListRewrittenPeriodsOptions = {
  /** The services whose impact changes; those without an SLA in sitrep.yml are not among them. */
  services: readonly ServiceSla[];
  /** The earliest instant the change moves (a window's new start or end). */
  from: Date;
  now: Date;
  zone: string;
};

/**
 * The finished SLA periods whose reports an impact change from `from` rewrites, per service, oldest first: the
 * periods of each service's SLA window (in the team's `zone`) that have time in [`from`, `now`) and ended by `now`.
 * The current period is not among them: its report is still being written.
 *
 * @example listRewrittenPeriods({ services: [checkout-api, monthly], from: 2026-09-20T10:00Z,
 *     now: 2026-11-23T10:00Z, zone: 'UTC' })
 *   // => [{ checkout-api, September 2026 }, { checkout-api, October 2026 }]
 */
export const listRewrittenPeriods = ({ services, from, now, zone }: ListRewrittenPeriodsOptions): BudgetPeriod[] =>
  services.flatMap((service) =>
    listPeriodsOverlapping({ from, until: now, window: service.sla.window, zone })
      .filter((period) => period.end.getTime() <= now.getTime())
      .map((period) => ({ service, period })),
  );
