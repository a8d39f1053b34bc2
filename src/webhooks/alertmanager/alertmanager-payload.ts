import { z } from 'zod';
import type { ParsedAlert } from '../../domain/deploys/deploy.ts';
import { blankToNull, ZInstant } from '../payload-fields.ts';
import { type PayloadResult, toPayloadResult } from '../payload-result.ts';

/** Alertmanager's label values are short; the service label is indexed, and PostgreSQL's index rows are bounded. */
const ZLabels = z.record(z.string(), z.string().max(500));

const ZAlertmanagerAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: ZLabels,
  annotations: z.record(z.string(), z.string()).nullish(),
  startsAt: ZInstant,
  endsAt: ZInstant.nullish(),
  // Alertmanager's are 16 hex digits; the unique index on it refuses rows over about 2.7 KB.
  fingerprint: z.string().min(1).max(200),
});

/** Alertmanager's webhook notification, version 4. */
const ZAlertmanagerWebhook = z.object({
  version: z.literal('4'),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  alerts: z.array(ZAlertmanagerAlert),
});

export type ParseAlertmanagerAlertsOptions = {
  payload: unknown;
  /** `alerts.serviceLabel` in sitrep.yml. */
  serviceLabel: string;
};

/**
 * Reads an Alertmanager notification into its alerts. The service is the value of the team's service label
 * (`alerts.serviceLabel`, `service` by default), or null; the summary is the `summary` annotation, else
 * `description`; an alert without an `alertname` label is named by its fingerprint. A firing alert has not ended:
 * its `endsAt` (Go's zero time `0001-01-01T00:00:00Z`, or the resend horizon Prometheus set) becomes null, and so
 * does the zero time on a resolved one.
 */
export const parseAlertmanagerAlerts = ({
  payload,
  serviceLabel,
}: ParseAlertmanagerAlertsOptions): PayloadResult<ParsedAlert[]> => {
  const parsed = toPayloadResult(ZAlertmanagerWebhook.safeParse(payload));
  if (!parsed.ok) return parsed;
  const alerts = parsed.value.alerts.map((alert): ParsedAlert => {
    const annotations = alert.annotations ?? {};
    const ended = alert.endsAt ?? null;
    return {
      fingerprint: alert.fingerprint,
      status: alert.status,
      service: Object.hasOwn(alert.labels, serviceLabel) ? blankToNull(alert.labels[serviceLabel]) : null,
      alertName: blankToNull(alert.labels.alertname) ?? alert.fingerprint,
      summary: blankToNull(annotations.summary) ?? blankToNull(annotations.description),
      labels: alert.labels,
      startsAt: alert.startsAt,
      endsAt: alert.status === 'firing' || ended === null || ended.getUTCFullYear() <= 1 ? null : ended,
    };
  });
  return { ok: true, value: alerts };
};
