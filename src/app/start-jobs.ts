import type { WebClient } from '@slack/web-api';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { deliverDueEffects } from '../jobs/outbox/deliver-due-effects.ts';
import { judgeOutboxFailure } from '../jobs/outbox/judge-outbox-failure.ts';
import { type OutboxJob, startOutboxJob } from '../jobs/outbox/outbox-job.ts';
import type { PagerDutyDeps } from '../jobs/outbox/pagerduty/run-page-effect.ts';
import { runOutboxEffect } from '../jobs/outbox/run-outbox-effect.ts';
import { createSlackPacer } from '../jobs/outbox/slack/slack-pacer.ts';
import { createWorkspacePause, type WorkspacePause } from '../jobs/outbox/slack/workspace-pause.ts';
import { type ReminderJob, startReminderJob } from '../jobs/reminder-job.ts';
import { type RetentionJob, startRetentionJob } from '../jobs/retention-job.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Flows } from './create-flows.ts';
import type { Stores } from './create-stores.ts';

export type StartJobsOptions = {
  stores: Stores;
  flows: Pick<Flows, 'postmortems' | 'reminders'>;
  /** The outbox's Slack client. */
  client: WebClient;
  team: TTeamConfig;
  now: () => Date;
  logger: Logger;
  /** Longest wait between two tries of a failed effect (tests shorten it). */
  maxRetryBackoffMs: number | undefined;
  /** Between two reminder sweeps (tests shorten it). */
  reminderEveryMs: number | undefined;
  /** Between two `auth.test` probes while Slack refuses the token (tests shorten it). */
  slackAuthProbeMs: number | undefined;
  /** How long an outbox claim lasts without renewal (tests shorten it). */
  outboxLeaseMs: number | undefined;
  metrics: Metrics;
  /** How long finished work is kept before it is pruned. */
  retentionMs: number;
  /** PagerDuty's Events API and each paging service's routing key. */
  pagerDuty: PagerDutyDeps;
};

export type Jobs = { outbox: OutboxJob; slackPause: WorkspacePause; reminders: ReminderJob; retention: RetentionJob };

/**
 * Starts the timers: the outbox job, whose sweeps run the due effects through their handlers (Slack, PagerDuty,
 * postmortem drafting) and retry what failed, the reminder job, and the pruning of finished work.
 */
export const startJobs = ({
  stores,
  flows,
  client,
  team,
  now,
  logger,
  maxRetryBackoffMs,
  reminderEveryMs,
  slackAuthProbeMs,
  outboxLeaseMs,
  metrics,
  retentionMs,
  pagerDuty,
}: StartJobsOptions): Jobs => {
  let kickOutbox = () => {};
  const slackPause = createWorkspacePause({
    probe: async () => (await client.auth.test()).response_metadata?.scopes,
    logger,
    now,
    ...(slackAuthProbeMs === undefined ? {} : { probeEveryMs: slackAuthProbeMs }),
    onChange: (cause) => {
      metrics.slackPaused.reset();
      if (cause) metrics.slackPaused.set({ reason: cause.reason.replace(/^Slack said /, '') }, 1);
      else {
        metrics.slackPaused.set(0);
        kickOutbox();
      }
    },
  });
  const effects = {
    slack: {
      client,
      pacer: createSlackPacer(),
      incidents: stores.incidents,
      actionItems: stores.actionItems,
      deploys: stores.deploys,
      postmortems: stores.postmortems,
      team,
      now,
    },
    drafts: flows.postmortems,
    syncPostmortemActions: async (incidentId: string) => {
      await flows.postmortems.syncActionTable(incidentId);
    },
    pagerDuty,
  };
  const outbox = startOutboxJob({
    logger,
    sweep: () =>
      deliverDueEffects({
        outbox: stores.outbox,
        now,
        run: (effect, delivery) => runOutboxEffect(effects, effect, delivery),
        judge: judgeOutboxFailure,
        pause: slackPause,
        ...(maxRetryBackoffMs !== undefined ? { maxBackoffMs: maxRetryBackoffMs } : {}),
        ...(outboxLeaseMs !== undefined ? { leaseMs: outboxLeaseMs } : {}),
        onHeld: (key, reason) =>
          logger.warn({ effect: key, reason }, 'holding an outbox effect on a long backoff; `sitrep outbox` lists it'),
      }),
  });
  kickOutbox = () => outbox.kick();
  const reminders = startReminderJob({
    logger,
    sweep: flows.reminders.sweep,
    ...(reminderEveryMs === undefined ? {} : { everyMs: reminderEveryMs }),
  });
  const retention = startRetentionJob({ prune: stores.retention.pruneBefore, keepMs: retentionMs, now, logger });
  return { outbox, slackPause, reminders, retention };
};
