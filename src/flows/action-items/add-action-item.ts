import type { ActionKindName } from '../../domain/action-items/action-item-kinds.ts';
import type { ActionItemView } from '../../domain/action-items/action-item-view.ts';
import { dueDateFor, readDueDate } from '../../domain/action-items/due-date.ts';
import { AppError } from '../../domain/app-error.ts';
import type { IncidentView } from '../../domain/incident/incident.ts';
import { keyEffects } from '../../domain/outbox/outbox-effect.ts';
import { describeActionAdded, labelDueDay } from '../../domain/slack-lines/action-item-lines.ts';
import { readTicketUrl } from '../../domain/trackers/ticket-url.ts';
import { chooseTrackerTarget } from '../../domain/trackers/tracker-target.ts';
import type { IncidentTarget } from '../incident-flows.ts';
import type { ActionItemFlowDeps } from './action-item-deps.ts';
import { planNextReminder } from './action-item-due.ts';
import { buildChangeEffects } from './build-change-effects.ts';
import { requirePerson } from './require-person.ts';

export type NewActionItemRequest = {
  title: string;
  ownerId?: string;
  due?: { kind: 'date'; date: string } | { kind: 'business_days'; count: number };
  kind?: ActionKindName;
  trackerUrl?: string;
  actorId: string;
  requestKey: string;
  suggestionKey?: string;
};

const MAX_TITLE_LENGTH = 300;

const readTitle = (typed: string): string => {
  const title = typed.trim();
  if (title === '' || title.length > MAX_TITLE_LENGTH) {
    throw new AppError('BAD_REQUEST', {
      userMessage: `An action's title must be 1 to ${MAX_TITLE_LENGTH} characters: say what will be done.`,
    });
  }
  return title;
};

/** The owner's zone: the named owner must be an active person; the lead's (or the team's) is taken as it is. */
const decideZone = async ({
  deps: { people, team },
  request,
  ownerId,
}: {
  deps: Pick<ActionItemFlowDeps, 'people' | 'team'>;
  request: NewActionItemRequest;
  ownerId: string | null;
}): Promise<string> => {
  if (request.ownerId !== undefined) return requirePerson({ people, userId: request.ownerId });
  return ownerId === null ? team.team.timeZone : people.zoneOf(ownerId);
};

/** The due date of a new action: typed, in business days from now, or the house rule from the first draft. */
const decideDue = async ({
  deps: { postmortems, holidays, team },
  incident,
  due,
  zone,
  at,
}: {
  deps: Pick<ActionItemFlowDeps, 'postmortems' | 'holidays' | 'team'>;
  incident: IncidentView;
  due: NewActionItemRequest['due'];
  zone: string;
  at: Date;
}): Promise<Date> => {
  if (due?.kind === 'date') {
    const read = readDueDate({ text: due.date, now: at, zone, holidays });
    if (!read.ok) throw new AppError('BAD_REQUEST', { userMessage: read.message });
    return read.dueAt;
  }
  if (due?.kind === 'business_days') return dueDateFor({ from: at, businessDays: due.count, zone, holidays }).dueAt;
  const businessDays = team.reminders.actionBusinessDays;
  const drafted = await postmortems.findFirstDraftedAt(incident.id);
  const fromDraft = dueDateFor({ from: drafted ?? at, businessDays, zone, holidays });
  // An action added after the draft's five days gets five of its own rather than being born overdue.
  return fromDraft.dueAt.getTime() >= at.getTime()
    ? fromDraft.dueAt
    : dueDateFor({ from: at, businessDays, zone, holidays }).dueAt;
};

/**
 * `/incident action <what> [@owner] [due]`: adds an open action item to the incident, owned by the person named or
 * else the lead, with its line, the owner's DM and App Home, and the postmortem's table. A repeated request adds
 * nothing (`created` false).
 */
export const addActionItem =
  (deps: ActionItemFlowDeps) =>
  async (
    target: IncidentTarget,
    request: NewActionItemRequest,
  ): Promise<{ action: ActionItemView; created: boolean }> => {
    const incident = await deps.findTarget(target);
    const title = readTitle(request.title);
    const at = deps.now();
    const ownerId = request.ownerId ?? incident.roles.lead ?? null;
    const zone = await decideZone({ deps, request, ownerId });
    const dueAt = await decideDue({ deps, incident, due: request.due, zone, at });
    const kind = request.kind ?? null;
    const { trackers, services } = deps.team;
    // A link to a ticket of a tracker sitrep reaches is kept in step; without a link, the incident's tracker opens one.
    const ticket = request.trackerUrl === undefined ? null : readTicketUrl({ url: request.trackerUrl, trackers });
    const opensTicket =
      request.trackerUrl === undefined &&
      chooseTrackerTarget({ trackers, services, incidentServices: incident.services }) !== null;
    const line = describeActionAdded({
      actorId: request.actorId,
      title,
      kind,
      ownerId,
      dueLabel: labelDueDay({ dueAt, zone }),
    });
    const result = await deps.actions.create({
      incidentId: incident.id,
      title,
      kind,
      ownerId,
      ownerTimeZone: zone,
      dueAt,
      trackerUrl: request.trackerUrl ?? null,
      ticket,
      createdBy: request.actorId,
      createdAt: at,
      nextReminderAt: planNextReminder({ ...deps, dueAt, zone, after: at }),
      requestKey: request.requestKey,
      ...(request.suggestionKey === undefined ? {} : { suggestionKey: request.suggestionKey }),
      timeline: {
        naturalKey: `action:${request.requestKey}`,
        source: 'command',
        occurredAt: at,
        actorId: request.actorId,
        text: line,
      },
      effects: (action) =>
        keyEffects(
          `action:${action.id}:added`,
          buildChangeEffects({
            action,
            line,
            homes: [ownerId],
            extra: [
              ...(ownerId !== null && ownerId !== request.actorId
                ? [{ kind: 'action.assigned', actionId: action.id, ownerId } as const]
                : []),
              ...(opensTicket ? [{ kind: 'tracker.sync', actionId: action.id } as const] : []),
            ],
          }),
        ),
    });
    if (result.created) deps.onEffects();
    return result;
  };
