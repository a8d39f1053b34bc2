import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type Metrics = {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route'>;
  slackApiCalls: Counter<'method' | 'outcome'>;
  /** 1 while the outbox is paused because Slack refused the token, with Slack's error as `reason`; 0 otherwise. */
  slackPaused: Gauge<'reason'>;
};

export type CreateMetricsOptions = {
  /** Seconds the oldest due piece of scheduled work has waited; read when Prometheus scrapes. */
  readJobLagSeconds: () => Promise<number>;
};

export const createMetrics = ({ readJobLagSeconds }: CreateMetricsOptions): Metrics => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sitrep_' });
  const metrics: Metrics = {
    registry,
    httpRequests: new Counter({
      name: 'sitrep_http_requests_total',
      help: 'HTTP requests served, by route and status.',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'sitrep_http_request_duration_seconds',
      help: 'Time to answer an HTTP request.',
      labelNames: ['route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    slackApiCalls: new Counter({
      name: 'sitrep_slack_api_calls_total',
      help: 'Slack Web API calls, by method and outcome (ok, error, ratelimited, http_error, network_error).',
      labelNames: ['method', 'outcome'],
      registers: [registry],
    }),
    slackPaused: new Gauge({
      name: 'sitrep_slack_paused',
      help: "1 while the outbox waits for the app's token to work again (reason: Slack's error), 0 otherwise.",
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
  metrics.slackPaused.set(0);
  new Gauge({
    name: 'sitrep_job_lag_seconds',
    help: 'How long the oldest due scheduled job (outbox message) has been waiting.',
    registers: [registry],
    async collect() {
      this.set(await readJobLagSeconds());
    },
  });
  return metrics;
};

/**
 * `sitrep_backup_age_seconds`, read when Prometheus scrapes: how old the newest scheduled backup is (+Inf while there
 * is none). Registered only where backups are scheduled.
 */
export const observeBackupAge = (metrics: Metrics, readNewestAgeSeconds: () => Promise<number>): void => {
  new Gauge({
    name: 'sitrep_backup_age_seconds',
    help: 'How old the newest scheduled backup is (+Inf while there is none): alert when it passes backup.every.',
    registers: [metrics.registry],
    async collect() {
      this.set(await readNewestAgeSeconds());
    },
  });
};
