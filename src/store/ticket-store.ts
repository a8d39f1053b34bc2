import type { ActionItemView } from '../domain/action-items/action-item-view.ts';
import { AppError } from '../domain/app-error.ts';
import type { KeyedEffect } from '../domain/outbox/outbox-effect.ts';
import type { TicketRef } from '../domain/trackers/tracker.ts';
import { claimDelivery, include, type TrackerDeliveryKey, toView } from './action-item-store.ts';
import type { PrismaClient } from './generated/client.ts';
import { enqueueEffects } from './outbox-store.ts';

/** The tickets of action items: linking one sitrep opened, and the tracker deliveries already acted on. */
export type TicketStore = {
  /**
   * Links the ticket sitrep opened to its action item, with the effects that tell people, in one transaction; an
   * action linked to that ticket already is left as it is (a retried creation), one linked to another is an error.
   */
  linkTicket: (options: {
    id: string;
    ticket: TicketRef;
    at: Date;
    effects: (action: ActionItemView) => KeyedEffect[];
  }) => Promise<ActionItemView>;
  /** Whether a tracker's delivery was acted on already. */
  hasDelivery: (delivery: TrackerDeliveryKey) => Promise<boolean>;
  /** Records a delivery that changed nothing, so it is not looked at again; false when it was recorded already. */
  recordDelivery: (delivery: TrackerDeliveryKey & { at: Date }) => Promise<boolean>;
};

export const createTicketStore = (prisma: PrismaClient): TicketStore => ({
  linkTicket: ({ id, ticket, at, effects }) =>
    prisma.$transaction(async (tx) => {
      const { count } = await tx.actionItem.updateMany({
        where: { id, trackerKind: null },
        data: { trackerKind: ticket.kind, trackerKey: ticket.key, trackerUrl: ticket.url, updatedAt: at },
      });
      const row = await tx.actionItem.findUnique({ where: { id }, include });
      if (!row) throw new AppError('NOT_FOUND', { userMessage: 'That action item no longer exists.' });
      const view = toView(row);
      if (count === 0) {
        if (view.ticket?.kind === ticket.kind && view.ticket.key === ticket.key) return view;
        throw new AppError('NO_CHANGE', {
          userMessage: `The action item is linked to ${view.ticket?.key ?? 'another ticket'} already, not ${ticket.key}.`,
        });
      }
      await enqueueEffects(tx, effects(view), at);
      return view;
    }),

  hasDelivery: async ({ tracker, deliveryId }) =>
    (await prisma.trackerDelivery.count({ where: { tracker, deliveryId } })) > 0,

  recordDelivery: async ({ tracker, deliveryId, at }) => {
    try {
      await prisma.$transaction((tx) => claimDelivery(tx, { tracker, deliveryId, at }));
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'DUPLICATE_DELIVERY') return false;
      throw error;
    }
  },
});
