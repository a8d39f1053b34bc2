import type { ActionItemView } from '../../../src/domain/action-items/action-item-view.ts';
import { AppError } from '../../../src/domain/app-error.ts';
import type { IncidentView } from '../../../src/domain/incident/incident.ts';
import type { ActionItemStore, NewActionItem, OpenActionCount } from '../../../src/store/action-item-store.ts';
import { createFakeOutboxStore, type FakeOutboxStore } from '../fake-outbox-store.ts';
import { createFakeTimeline, type FakeTimeline } from './fake-timeline.ts';

export type FakeActionItemStore = ActionItemStore & {
  outbox: FakeOutboxStore;
  timeline: FakeTimeline;
  /** Every action item, in the order added. */
  items: ActionItemView[];
  /** The action item as stored now; throws when there is none. */
  get: (id: string) => ActionItemView;
};

/** Soonest due first, those without a date last, then oldest first: the real store's order. */
const byDueThenCreated = (a: ActionItemView, b: ActionItemView): number =>
  (a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) ||
  a.createdAt.getTime() - b.createdAt.getTime();

/** An open action item of incident 42, owned by `ownerId`, due at `dueAt`; anything can be overridden. */
export const buildActionItem = (overrides: Partial<ActionItemView> = {}): ActionItemView => ({
  id: 'action-1',
  incidentId: 'incident-42',
  incidentNumber: 42,
  incidentTitle: 'Checkout is down',
  incidentChannelId: 'C42',
  incidentLeadId: null,
  services: [],
  title: 'Add an alert on 5xx',
  kind: null,
  status: 'open',
  ownerId: null,
  ownerTimeZone: null,
  dueAt: null,
  trackerUrl: null,
  ticket: null,
  createdBy: 'U_CREATOR',
  createdAt: new Date('2026-11-23T09:00:00Z'),
  updatedAt: new Date('2026-11-23T09:00:00Z'),
  doneAt: null,
  closedBy: null,
  wontDoReason: null,
  nextReminderAt: null,
  escalatedAt: null,
  ...overrides,
});

/**
 * Action items in memory with the real store's rules: a request (or a postmortem suggestion) adds one action once, a
 * change applies only from the statuses it allows, and the effects of each write go to the outbox under their keys.
 */
export const createFakeActionItemStore = ({
  incidents = [],
  items: seed = [],
  outbox = createFakeOutboxStore(),
  timeline = createFakeTimeline(),
}: {
  /** What the views show of each action's incident. */
  incidents?: IncidentView[];
  items?: ActionItemView[];
  outbox?: FakeOutboxStore;
  timeline?: FakeTimeline;
} = {}): FakeActionItemStore => {
  // Copies: the store changes its items in place, never the caller's.
  const items = seed.map((item) => ({ ...item }));
  const requestKeys = new Map<string, string>();
  const suggestionKeys = new Map<string, string>();
  const get = (id: string): ActionItemView => {
    const action = items.find((item) => item.id === id);
    if (!action) throw new Error(`no action item ${id}`);
    return action;
  };
  const copy = (action: ActionItemView): ActionItemView => ({ ...action });
  const findExisting = (action: NewActionItem): ActionItemView | undefined => {
    const id =
      requestKeys.get(action.requestKey) ??
      (action.suggestionKey === undefined
        ? undefined
        : suggestionKeys.get(`${action.incidentId}:${action.suggestionKey}`));
    return id === undefined ? undefined : get(id);
  };
  const toView = ({
    timeline: _entry,
    effects: _effects,
    requestKey: _key,
    suggestionKey: _s,
    ...action
  }: NewActionItem) => {
    const incident = incidents.find((candidate) => candidate.id === action.incidentId);
    if (!incident) throw new Error(`no incident ${action.incidentId}`);
    return buildActionItem({
      ...action,
      id: `action-${items.length + 1}`,
      incidentNumber: incident.number,
      incidentTitle: incident.title,
      incidentChannelId: incident.channelId,
      incidentLeadId: incident.roles.lead ?? null,
      services: incident.services,
      status: 'open',
      updatedAt: action.createdAt,
    });
  };

  return {
    outbox,
    timeline,
    items,
    get,
    create: async (action) => {
      const existing = findExisting(action);
      if (existing) return { action: copy(existing), created: false };
      const view = toView(action);
      items.push(view);
      requestKeys.set(action.requestKey, view.id);
      if (action.suggestionKey !== undefined)
        suggestionKeys.set(`${action.incidentId}:${action.suggestionKey}`, view.id);
      timeline.add({ ...action.timeline, incidentId: action.incidentId });
      await outbox.enqueue(action.effects(copy(view)), action.createdAt);
      return { action: copy(view), created: true };
    },
    countOpen: async (now) => {
      const open = items.filter((item) => item.status === 'open');
      const countBy = (keysOf: (item: ActionItemView) => (string | null)[]): OpenActionCount[] => {
        const counts = new Map<string | null, OpenActionCount>();
        for (const item of open) {
          for (const key of keysOf(item)) {
            const count = counts.get(key) ?? { key, open: 0, overdue: 0 };
            count.open += 1;
            if (item.dueAt !== null && item.dueAt.getTime() < now.getTime()) count.overdue += 1;
            counts.set(key, count);
          }
        }
        return [...counts.values()];
      };
      return {
        byOwner: countBy((item) => [item.ownerId]),
        byService: countBy((item) => (item.services.length === 0 ? [null] : item.services)),
      };
    },
    findById: async (id) => {
      const action = items.find((item) => item.id === id);
      return action ? copy(action) : undefined;
    },
    findByTicket: async ({ kind, key }) => {
      const action = items.find((item) => item.ticket?.kind === kind && item.ticket.key === key);
      return action ? copy(action) : undefined;
    },
    list: async ({ incidentId, ownerId, service, dueBefore, statuses, limit }) =>
      items
        .filter(
          (action) =>
            statuses.includes(action.status) &&
            (incidentId === undefined || action.incidentId === incidentId) &&
            (ownerId === undefined || action.ownerId === ownerId) &&
            (service === undefined || action.services.includes(service)) &&
            (dueBefore === undefined || (action.dueAt !== null && action.dueAt.getTime() < dueBefore.getTime())),
        )
        .toSorted(byDueThenCreated)
        .slice(0, limit)
        .map(copy),
    change: async ({ id, expectedUpdatedAt, fromStatuses, data, at, effects }) => {
      const current = get(id);
      if (
        !fromStatuses.includes(current.status) ||
        (expectedUpdatedAt !== undefined && current.updatedAt.getTime() !== expectedUpdatedAt.getTime())
      ) {
        throw new AppError('NO_CHANGE', {
          userMessage: `Someone changed “${current.title}” just before you (it is ${current.status === 'wont_do' ? "won't do" : current.status} now); look again and retry if still needed.`,
        });
      }
      Object.assign(current, data, { updatedAt: at });
      await outbox.enqueue(effects(copy(current)), at);
      return copy(current);
    },
    listForIncident: async (incidentId) =>
      items
        .filter((action) => action.incidentId === incidentId)
        .toSorted(byDueThenCreated)
        .map(copy),
    listOpenForOwner: async (ownerId, now) =>
      items
        .filter((action) => action.ownerId === ownerId && action.status === 'open')
        .toSorted(byDueThenCreated)
        .slice(0, 50)
        .map((action) => ({
          title: action.title,
          incidentNumber: action.incidentNumber,
          dueAt: action.dueAt,
          overdue: action.dueAt !== null && action.dueAt.getTime() < now.getTime(),
        })),
    claimDueReminders: async ({ now, limit, plan }) => {
      const due = items
        .filter((action) => action.status === 'open' && action.nextReminderAt !== null && action.nextReminderAt <= now)
        .toSorted((a, b) => (a.nextReminderAt?.getTime() ?? 0) - (b.nextReminderAt?.getTime() ?? 0))
        .slice(0, limit);
      const decisions = due.map((action) => ({ action, ...plan(copy(action)) }));
      for (const { action, nextReminderAt, escalatedAt } of decisions) {
        Object.assign(action, { nextReminderAt, escalatedAt: escalatedAt ?? action.escalatedAt });
      }
      await outbox.enqueue(
        decisions.flatMap((decision) => decision.effects),
        now,
      );
      return due.length;
    },
  };
};
