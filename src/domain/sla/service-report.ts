import type { DeliveryMetrics } from '../deploys/delivery-metrics.ts';
import type { DowntimeReport } from './downtime.ts';
import type { SlaPeriod } from './sla-period.ts';

/** One service over one period: its downtime against the SLA and its delivery metrics. */
export type ServiceReport = { service: string; period: SlaPeriod; downtime: DowntimeReport; metrics: DeliveryMetrics };
