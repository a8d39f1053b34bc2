import { AppError } from '../domain/app-error.ts';
import { type MaintenanceWindow, maintenanceStateAt } from '../domain/maintenance/maintenance-window.ts';
import { keyEffects, type TOutboxEffect } from '../domain/outbox/outbox-effect.ts';
import {
  describeMaintenanceCancelled,
  describeMaintenanceForAuthor,
  describeMaintenanceList,
  describeMaintenanceScheduled,
} from '../domain/slack-lines/maintenance-lines.ts';
import { readPlannedTime } from '../domain/time/note-time.ts';
import {
  type ListMaintenanceOptions,
  type MaintenanceRef,
  type MaintenanceStore,
  newMaintenanceId,
} from '../store/maintenance-store.ts';

export type MaintenanceFlowDeps = {
  maintenance: MaintenanceStore;
  now: () => Date;
  onEffects: () => void;
  /** The person's IANA zone, in which the times they type are read. */
  zoneOf: (userId: string) => Promise<string>;
  /** Whether the status page's email subscribers are told of maintenance scheduled and cancelled (SMTP_URL is set). */
  emailSubscribers?: boolean;
};

export type ScheduleMaintenanceInput = {
  services: string[];
  /** As typed (`02:00`, `tomorrow 02:00`, `2026-12-10 02:00`), read in the author's zone. */
  start: string;
  minutes: number;
  publicText: string;
  actorId: string;
  /** The command's trigger id: a repeated command schedules once. */
  requestKey: string;
};

const MINUTE = 60_000;
/** Looking this far ahead lists everything one command can schedule and more. */
const LIST_AHEAD_MS = 366 * 24 * 60 * MINUTE;

export type MaintenanceFlows = ReturnType<typeof createMaintenanceFlows>;

const describeRef = (ref: MaintenanceRef): string => ('id' in ref ? ref.id : String(ref.number));

/** The emails to subscribers about a window, when they are on. */
const emailsAbout = (
  on: boolean,
  maintenanceId: string,
  change: 'scheduled' | 'cancelled',
): Extract<TOutboxEffect, { kind: 'email.fanout' }>[] =>
  on ? [{ kind: 'email.fanout', notice: { about: 'maintenance', maintenanceId, change } }] : [];

/** `/incident maintenance …`: windows of scheduled maintenance, announced in the announcements channel. */
export const createMaintenanceFlows = ({
  maintenance,
  now,
  onEffects,
  zoneOf,
  emailSubscribers = false,
}: MaintenanceFlowDeps) => ({
  /** Schedules a window from its typed start and length; returns what to tell the author. */
  schedule: async (input: ScheduleMaintenanceInput): Promise<{ answer: string; window: MaintenanceWindow }> => {
    const zone = await zoneOf(input.actorId);
    const current = now();
    const start = readPlannedTime(input.start, { now: current, zone });
    if (start.kind === 'refused') throw new AppError('BAD_REQUEST', { userMessage: start.message });
    const startsAt = start.occurredAt;
    const { window, created } = await maintenance.schedule({
      maintenance: {
        id: newMaintenanceId(),
        services: input.services,
        startsAt,
        endsAt: new Date(startsAt.getTime() + input.minutes * MINUTE),
        publicText: input.publicText,
        createdBy: input.actorId,
        createdAt: current,
        requestKey: input.requestKey,
      },
      effects: (written) =>
        keyEffects(`maintenance:${input.requestKey}`, [
          {
            kind: 'announcements.post',
            text: describeMaintenanceScheduled({ window: written, actorId: input.actorId }),
          },
          ...emailsAbout(emailSubscribers, written.id, 'scheduled'),
        ]),
      now: current,
    });
    if (created) onEffects();
    return { answer: describeMaintenanceForAuthor({ window, zone, repeated: !created }), window };
  },

  /** The windows whose time overlaps [from, to), by start (see `MaintenanceStore.listMaintenance`). */
  listMaintenance: (options: ListMaintenanceOptions): Promise<MaintenanceWindow[]> =>
    maintenance.listMaintenance(options),

  /** What `/incident maintenance list` shows a person: upcoming and in progress, in their zone. */
  describeCurrent: async (viewerId: string): Promise<string> => {
    const current = now();
    const [zone, windows] = await Promise.all([
      zoneOf(viewerId),
      maintenance.listMaintenance({ from: current, to: new Date(current.getTime() + LIST_AHEAD_MS) }),
    ]);
    return describeMaintenanceList({ windows, zone, now: current });
  },

  /** Cancels a window not yet over (one in progress ends now), announced; returns what to tell the author. */
  cancel: async ({ ref, actorId }: { ref: MaintenanceRef; actorId: string }): Promise<string> => {
    const window = await maintenance.find(ref);
    if (window === undefined) {
      throw new AppError('NOT_FOUND', {
        userMessage: `There is no maintenance ${describeRef(ref)}. \`/incident maintenance list\` shows them.`,
      });
    }
    const at = now();
    const state = maintenanceStateAt({ window, now: at });
    if (state === 'cancelled' || window.cancelledAt !== null)
      return `Maintenance ${window.number} is already cancelled.`;
    if (state === 'over') {
      throw new AppError('BAD_REQUEST', { userMessage: `Maintenance ${window.number} is over already.` });
    }
    const inProgress = state === 'in_progress';
    const cancelled = await maintenance.cancel({
      ref: { id: window.id },
      at,
      by: actorId,
      effects: (written) =>
        keyEffects(`maintenance-cancel:${written.id}`, [
          { kind: 'announcements.post', text: describeMaintenanceCancelled({ window: written, actorId, inProgress }) },
          ...emailsAbout(emailSubscribers, written.id, 'cancelled'),
        ]),
    });
    if (!cancelled) return `Maintenance ${window.number} is already cancelled.`;
    onEffects();
    return inProgress
      ? `Ended maintenance ${window.number} now; it is announced in the announcements channel.`
      : `Cancelled maintenance ${window.number}; it is announced in the announcements channel.`;
  },
});
