/**
 * Scheduled maintenance of some services, as `/incident maintenance` wrote it. `publicText` is what the public is
 * told (a status page shows it); `number` is what people cancel it by. A window cancelled before it started never
 * happened; one cancelled while in progress ended then (see `endOfMaintenance`).
 */
export type MaintenanceWindow = {
  id: string;
  number: number;
  services: string[];
  startsAt: Date;
  /** Exclusive. */
  endsAt: Date;
  publicText: string;
  createdBy: string;
  createdAt: Date;
  cancelledAt: Date | null;
};

/** The longest maintenance one command may schedule: a week. */
export const MAX_MAINTENANCE_MINUTES = 7 * 24 * 60;

/** What the SLA needs of a window: its services and when it really ran. */
export type MaintenanceTime = Pick<MaintenanceWindow, 'services' | 'startsAt' | 'endsAt' | 'cancelledAt'>;

/**
 * When a window really ends: at `endsAt`, or at its cancellation when that came first. At or before `startsAt` (no
 * time at all) when it was cancelled before it started.
 */
export const endOfMaintenance = ({ endsAt, cancelledAt }: Pick<MaintenanceTime, 'endsAt' | 'cancelledAt'>): Date =>
  cancelledAt !== null && cancelledAt.getTime() < endsAt.getTime() ? cancelledAt : endsAt;

export type MaintenanceState = 'upcoming' | 'in_progress' | 'over' | 'cancelled';

/**
 * Where a window stands at `now`: `cancelled` when cancelled before it started, otherwise `upcoming` before its
 * start, `in_progress` from its start until its (possibly cancelled) end, then `over`.
 */
export const maintenanceStateAt = ({ window, now }: { window: MaintenanceTime; now: Date }): MaintenanceState => {
  const end = endOfMaintenance(window).getTime();
  if (end <= window.startsAt.getTime()) return 'cancelled';
  if (now.getTime() < window.startsAt.getTime()) return 'upcoming';
  return now.getTime() < end ? 'in_progress' : 'over';
};
