import type { TrackerKind } from '../trackers/tracker.ts';
import type { ActionKindName } from './action-item-kinds.ts';

/** As the `ActionStatus` enum spells it; only `open` items are followed up. */
export type ActionItemStatus = 'suggested' | 'open' | 'done' | 'wont_do';

/** A STAR action item with what people need to see of its incident. */
export type ActionItemView = {
  id: string;
  incidentId: string;
  incidentNumber: number;
  incidentTitle: string;
  incidentChannelId: string | null;
  incidentLeadId: string | null;
  services: string[];
  title: string;
  kind: ActionKindName | null;
  status: ActionItemStatus;
  ownerId: string | null;
  ownerTimeZone: string | null;
  dueAt: Date | null;
  trackerUrl: string | null;
  /** The ticket sitrep keeps in step with it (`trackerUrl` is its link); null for none or a plain link. */
  ticket: { kind: TrackerKind; key: string } | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  doneAt: Date | null;
  closedBy: string | null;
  wontDoReason: string | null;
  nextReminderAt: Date | null;
  escalatedAt: Date | null;
};
