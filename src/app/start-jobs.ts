import type { WebClient } from '@slack/web-api';
import type { TConfig } from '../config/environment.ts';
import type { Mailer } from '../domain/email/mailer.ts';
import type { OutboxLane } from '../domain/outbox/outbox-effect.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { BackupJob } from '../jobs/backup-job.ts';
import { deliverDueEffects } from '../jobs/outbox/deliver-due-effects.ts';
import { judgeOutboxFailure } from '../jobs/outbox/judge-outbox-failure.ts';
import { type OutboxJob, startOutboxJob } from '../jobs/outbox/outbox-job.ts';
import type { PagerDutyDeps } from '../jobs/outbox/pagerduty/run-page-effect.ts';
import { type OutboxEffectDeps, runOutboxEffect } from '../jobs/outbox/run-outbox-effect.ts';
import { createSlackPacer } from '../jobs/outbox/slack/slack-pacer.ts';
import { createWorkspacePause, type WorkspacePause } from '../jobs/outbox/slack/workspace-pause.ts';
import { type ReminderJob, startReminderJob } from '../jobs/reminder-job.ts';
import { type RetentionJob, startRetentionJob } from '../jobs/retention-job.ts';
import type { Logger } from '../observability/logger.ts';
import { type Metrics, observeBackupAge } from '../observability/metrics.ts';
import type { Flows } from './create-flows.ts';
import type { Stores } from './create-stores.ts';
import { startScheduledBackups } from './scheduled-backups.ts';
import { type StatuspageSetup, startStatuspagePush } from './statuspage-push.ts';

/** The jobs' timings that tests shorten; each has its own default. */
export type JobTimings = {
  /** Longest wait between two tries of a failed effect. */
  maxRetryBackoffMs?: number;
  /** Between two reminder sweeps. */
  reminderEveryMs?: number;
  /** Between two `auth.test` probes while Slack refuses the token. */
  slackAuthProbeMs?: number;
  /** How long an outbox claim lasts without renewal. */
  outboxLeaseMs?: number;
  /** Between two looks at whether a scheduled backup is due. */
  backupCheckEveryMs?: number;
  /** Between two looks at whether a Statuspage component's state changed by the clock (maintenance). */
  statuspageEveryMs?: number;
  /** How a call to Statuspage waits for its turn (a timer otherwise); tests move their clock instead. */
  statuspageSleep?: (ms: number) => Promise<void>;
};

export type StartJobsOptions = JobTimings & {
  stores: Stores;
  flows: Pick<Flows, 'postmortems' | 'reminders' | 'trackers' | 'emailSubscriptions'>;
  /** The outbox's Slack client. */
  client: WebClient;
  team: TTeamConfig;
  /** The database, for the scheduled backups of an embedded one. */
  target: TConfig['database'];
  now: () => Date;
  logger: Logger;
  metrics: Metrics;
  /** How long finished work is kept before it is pruned. */
  retentionMs: number;
  /** PagerDuty's Events API and each paging service's routing key. */
  pagerDuty: PagerDutyDeps;
  /** The Atlassian Statuspage push, on or off. */
  statuspage: StatuspageSetup;
  /** The mail server, when SMTP_URL is set. */
  mailer: Mailer | undefined;
};

export type Jobs = {
  outbox: OutboxJob;
  /** A change was written: the outbox sweeps, and the look for Statuspage components to push runs. */
  kick: () => void;
  slackPause: WorkspacePause;
  reminders: ReminderJob;
  retention: RetentionJob;
  /** The scheduled backups `backup.every` asks for, on the embedded database. */
  backups: BackupJob | undefined;
  /**
   * Stops each, in order, at shutdown: the timers that write effects before the outbox that carries them out, so the
   * outbox's last sweep sees everything they wrote.
   */
  stops: (() => Promise<unknown>)[];
};

/** What the outbox's effects are carried out with: Slack, the flows that draft and sync, PagerDuty, Statuspage, email. */
const outboxEffectDeps = ({
  stores,
  flows,
  client,
  team,
  now,
  pagerDuty,
  statuspage,
  mailer,
}: Pick<StartJobsOptions, 'stores' | 'flows' | 'client' | 'team' | 'now' | 'pagerDuty' | 'mailer'> & {
  statuspage: OutboxEffectDeps['statuspage'];
}): OutboxEffectDeps => ({
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
  syncTicket: flows.trackers.syncTicket,
  statuspage,
  email:
    flows.emailSubscriptions === undefined || mailer === undefined
      ? undefined
      : { flows: flows.emailSubscriptions, mailer },
});

/**
 * The outbox's two lanes (`OutboxLane`), each swept on its own, as one job: a kick wakes both, and stopping lets the
 * mail server's connection go once the last sweep that could use it is over.
 */
const startOutboxLanes = ({
  outbox,
  now,
  logger,
  effects,
  slackPause,
  mailer,
  maxRetryBackoffMs,
  outboxLeaseMs,
}: Pick<StartJobsOptions, 'now' | 'logger' | 'mailer' | 'maxRetryBackoffMs' | 'outboxLeaseMs'> & {
  outbox: Stores['outbox'];
  effects: OutboxEffectDeps;
  slackPause: WorkspacePause;
}): OutboxJob => {
  const startLane = (lane: OutboxLane) =>
    startOutboxJob({
      logger,
      sweep: () =>
        deliverDueEffects({
          outbox,
          now,
          run: (effect, delivery) => runOutboxEffect(effects, effect, delivery),
          judge: judgeOutboxFailure,
          lane,
          // A Slack token that stops working pauses Slack's work, not customers' emails or Statuspage.
          ...(lane === 'team' ? { pause: slackPause } : {}),
          ...(maxRetryBackoffMs !== undefined ? { maxBackoffMs: maxRetryBackoffMs } : {}),
          ...(outboxLeaseMs !== undefined ? { leaseMs: outboxLeaseMs } : {}),
          onHeld: (key, reason) =>
            logger.warn(
              { effect: key, reason },
              'holding an outbox effect on a long backoff; `sitrep outbox` lists it',
            ),
        }),
    });
  const lanes = [startLane('team'), startLane('public')];
  return {
    kick: () => {
      for (const lane of lanes) lane.kick();
    },
    stop: async () => {
      await Promise.all(lanes.map((lane) => lane.stop()));
      mailer?.close();
    },
  };
};

/**
 * Starts the timers: the outbox job, whose sweeps run the due effects through their handlers (Slack, PagerDuty,
 * email, postmortem drafting, Statuspage) and retry what failed, the reminder job, the pruning of finished work, the
 * scheduled backups and the look for Statuspage components to push.
 */
export const startJobs = ({
  stores,
  flows,
  client,
  team,
  target,
  now,
  logger,
  maxRetryBackoffMs,
  reminderEveryMs,
  slackAuthProbeMs,
  outboxLeaseMs,
  backupCheckEveryMs,
  metrics,
  retentionMs,
  pagerDuty,
  statuspage: statuspageSetup,
  statuspageEveryMs,
  statuspageSleep,
  mailer,
}: StartJobsOptions): Jobs => {
  let kickOutbox = () => {};
  const statuspage = startStatuspagePush({
    setup: statuspageSetup,
    team,
    stores,
    now,
    onEffects: () => kickOutbox(),
    logger,
    sleep: statuspageSleep,
    everyMs: statuspageEveryMs,
  });
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
  const effects = outboxEffectDeps({
    stores,
    flows,
    client,
    team,
    now,
    pagerDuty,
    statuspage: statuspage?.flows,
    mailer,
  });
  const outbox = startOutboxLanes({
    outbox: stores.outbox,
    now,
    logger,
    effects,
    slackPause,
    mailer,
    maxRetryBackoffMs,
    outboxLeaseMs,
  });
  kickOutbox = () => outbox.kick();
  const reminders = startReminderJob({
    logger,
    sweep: flows.reminders.sweep,
    ...(reminderEveryMs === undefined ? {} : { everyMs: reminderEveryMs }),
  });
  const retention = startRetentionJob({ prune: stores.retention.pruneBefore, keepMs: retentionMs, now, logger });
  const backups = startScheduledBackups({
    target,
    backup: team.backup,
    cwd: process.cwd(),
    now,
    logger,
    ...(backupCheckEveryMs === undefined ? {} : { checkEveryMs: backupCheckEveryMs }),
  });
  if (backups) observeBackupAge(metrics, backups.readNewestAgeSeconds);
  const kick = () => {
    outbox.kick();
    statuspage?.job.kick();
  };
  const stops = [
    async () => backups?.job.stop(),
    () => reminders.stop(),
    () => retention.stop(),
    async () => statuspage?.job.stop(),
    async () => slackPause.stop(),
    () => outbox.stop(),
  ];
  return {
    outbox,
    kick,
    slackPause,
    reminders,
    retention,
    backups: backups?.job,
    stops,
  };
};
