import type { ActionKindName } from '../domain/action-items/action-item-kinds.ts';
import { dueDateFor, readDueDate } from '../domain/action-items/due-date.ts';
import { nextReminderSlot } from '../domain/action-items/reminder-schedule.ts';
import { AppError } from '../domain/app-error.ts';
import type { IncidentView } from '../domain/incident/incident.ts';
import { keyEffects, type TSlackEffect } from '../domain/outbox/slack-effect.ts';
import { checkPostmortemCompletion } from '../domain/postmortem/postmortem-completion.ts';
import {
  describeActionAdded,
  describeActionDone,
  describeActionReassigned,
  describeActionSnoozed,
  describeActionWontDo,
  labelDueDay,
} from '../domain/slack-lines/action-item-lines.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { addBusinessDays, endOfLocalDay, type HolidayCalendar, localDayOf } from '../domain/time/business-days.ts';
import type { ActionStore, ActionView } from '../store/action-item-store.ts';
import type { PostmortemStore } from '../store/postmortem-store.ts';
import type { IncidentTarget } from './incident-flows.ts';

/** Whether a Slack user can own an action: a person whose account is active. */
export type PersonCheck =
  | { kind: 'person'; tz: string }
  | { kind: 'missing' }
  | { kind: 'deactivated' }
  | { kind: 'bot' };

/** What the action flows need to know about people; the Slack layer implements it with users.info. */
export type People = {
  check: (userId: string) => Promise<PersonCheck>;
  /** The person's zone: from Slack, cached, the team's when unknown. */
  zoneOf: (userId: string) => Promise<string>;
};

export type ActionFlowDeps = {
  actions: ActionStore;
  postmortems: Pick<PostmortemStore, 'findFirstDraftedAt' | 'markComplete'>;
  people: People;
  holidays: HolidayCalendar;
  team: TTeamConfig;
  now: () => Date;
  onEffects: () => void;
  findTarget: (target: IncidentTarget) => Promise<IncidentView>;
};

export type NewActionRequest = {
  title: string;
  ownerId?: string;
  due?: { kind: 'date'; date: string } | { kind: 'business_days'; count: number };
  kind?: ActionKindName;
  trackerUrl?: string;
  actorId: string;
  requestKey: string;
  suggestionKey?: string;
};

export type ActionScope = 'mine' | 'overdue' | 'all';

export type ActionList = {
  scope: ActionScope;
  /** The incident the list is about, when it is one incident's. */
  incident: IncidentView | undefined;
  actions: ActionView[];
  now: Date;
};

export type ActionFlows = ReturnType<typeof createActionFlows>;

const LIST_LIMIT = 200;
const MAX_TITLE_LENGTH = 300;
const MAX_REASON_LENGTH = 1000;

/**
 * STAR action items: added with an owner and a due date in business days, listed, closed, handed over and moved.
 * Every change writes its channel line, the owner's App Home refresh and the postmortem's action table in the
 * same transaction as the change, and recomputes when the next reminder is due.
 */
export const createActionFlows = ({
  actions,
  postmortems,
  people,
  holidays,
  team,
  now,
  onEffects,
  findTarget,
}: ActionFlowDeps) => {
  const policy = team.reminders;

  const nextReminderAt = ({ dueAt, zone, after }: { dueAt: Date | null; zone: string; after: Date }) =>
    dueAt === null ? null : (nextReminderSlot({ dueAt, zone, policy, holidays, after })?.at ?? null);

  const zoneOfOwner = (action: Pick<ActionView, 'ownerTimeZone'>): string => action.ownerTimeZone ?? team.team.timeZone;

  const dueLabelOf = (action: Pick<ActionView, 'dueAt' | 'ownerTimeZone'>): string | null =>
    action.dueAt === null ? null : labelDueDay({ dueAt: action.dueAt, zone: zoneOfOwner(action) });

  /** Refuses anyone Slack does not know as an active person; returns their zone. */
  const requirePerson = async (userId: string): Promise<string> => {
    const checked = await people.check(userId);
    switch (checked.kind) {
      case 'person':
        return checked.tz;
      case 'missing':
        throw new AppError('BAD_REQUEST', {
          userMessage: `I can't find <@${userId}> in this workspace. Pick the owner from the list Slack shows as you type \`@\`.`,
        });
      case 'deactivated':
        throw new AppError('BAD_REQUEST', {
          userMessage: `<@${userId}> has left this workspace (their account is deactivated); give the action to someone who can do it.`,
        });
      case 'bot':
        throw new AppError('BAD_REQUEST', {
          userMessage: `<@${userId}> is an app; an action needs a person as owner.`,
        });
    }
  };

  /** The effects of any change to an action: its line, the App Homes concerned, the postmortem's table. */
  const changeEffects = ({
    action,
    line,
    homes,
    extra = [],
  }: {
    action: ActionView;
    line: string;
    homes: (string | null)[];
    extra?: TSlackEffect[];
  }): TSlackEffect[] => [
    { kind: 'incident.post', incidentId: action.incidentId, text: line },
    ...extra,
    ...[...new Set(homes)].flatMap((userId): TSlackEffect[] =>
      userId === null ? [] : [{ kind: 'home.refresh', userId }],
    ),
    { kind: 'incident.refresh', incidentId: action.incidentId },
    { kind: 'postmortem.sync_actions', incidentId: action.incidentId },
  ];

  const requireAction = async (id: string): Promise<ActionView> => {
    const action = await actions.findById(id);
    if (!action) throw new AppError('NOT_FOUND', { userMessage: 'That action item no longer exists.' });
    return action;
  };

  const requireOpen = (action: ActionView): void => {
    if (action.status !== 'open') {
      throw new AppError('NO_CHANGE', {
        userMessage: `*${action.title}* is ${action.status === 'wont_do' ? "marked won't do" : action.status} already.`,
      });
    }
  };

  /** The due date of a new action: typed, in business days from now, or the house rule from the first draft. */
  const decideDue = async ({
    incident,
    due,
    zone,
    at,
  }: {
    incident: IncidentView;
    due: NewActionRequest['due'];
    zone: string;
    at: Date;
  }): Promise<Date> => {
    if (due?.kind === 'date') {
      const read = readDueDate({ text: due.date, now: at, zone, holidays });
      if (!read.ok) throw new AppError('BAD_REQUEST', { userMessage: read.message });
      return read.dueAt;
    }
    if (due?.kind === 'business_days') return dueDateFor({ from: at, businessDays: due.count, zone, holidays }).dueAt;
    const drafted = await postmortems.findFirstDraftedAt(incident.id);
    const fromDraft = dueDateFor({ from: drafted ?? at, businessDays: policy.actionBusinessDays, zone, holidays });
    // An action added after the draft's five days gets five of its own rather than being born overdue.
    return fromDraft.dueAt.getTime() >= at.getTime()
      ? fromDraft.dueAt
      : dueDateFor({ from: at, businessDays: policy.actionBusinessDays, zone, holidays }).dueAt;
  };

  const add = async (
    target: IncidentTarget,
    request: NewActionRequest,
  ): Promise<{ action: ActionView; created: boolean }> => {
    const incident = await findTarget(target);
    const title = request.title.trim();
    if (title === '' || title.length > MAX_TITLE_LENGTH) {
      throw new AppError('BAD_REQUEST', {
        userMessage: `An action's title must be 1 to ${MAX_TITLE_LENGTH} characters: say what will be done.`,
      });
    }
    const at = now();
    const ownerId = request.ownerId ?? incident.roles.lead ?? null;
    const zone =
      request.ownerId !== undefined
        ? await requirePerson(request.ownerId)
        : ownerId === null
          ? team.team.timeZone
          : await people.zoneOf(ownerId);
    const dueAt = await decideDue({ incident, due: request.due, zone, at });
    const dueLabel = labelDueDay({ dueAt, zone });
    const line = describeActionAdded({
      actorId: request.actorId,
      title,
      kind: request.kind ?? null,
      ownerId,
      dueLabel,
    });
    const result = await actions.create({
      incidentId: incident.id,
      title,
      kind: request.kind ?? null,
      ownerId,
      ownerTimeZone: zone,
      dueAt,
      trackerUrl: request.trackerUrl ?? null,
      createdBy: request.actorId,
      createdAt: at,
      nextReminderAt: nextReminderAt({ dueAt, zone, after: at }),
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
          changeEffects({
            action,
            line,
            homes: [ownerId],
            extra:
              ownerId !== null && ownerId !== request.actorId
                ? [{ kind: 'action.assigned', actionId: action.id, ownerId }]
                : [],
          }),
        ),
    });
    if (result.created) onEffects();
    return result;
  };

  /** Runs a change of one open action and says why when it cannot. */
  const changeOpen = async ({
    id,
    actorId,
    kind,
    data,
    line,
    homes,
    extra,
  }: {
    id: string;
    actorId: string;
    kind: string;
    data: Parameters<ActionStore['change']>[0]['data'];
    line: (action: ActionView) => string;
    homes: (action: ActionView) => (string | null)[];
    extra?: (action: ActionView) => TSlackEffect[];
  }): Promise<ActionView> => {
    const at = now();
    const changed = await actions.change({
      id,
      fromStatuses: ['open'],
      data,
      at,
      effects: (action) =>
        keyEffects(
          `action:${action.id}:${kind}:${at.getTime()}:${actorId}`,
          changeEffects({ action, line: line(action), homes: homes(action), extra: extra?.(action) ?? [] }),
        ),
    });
    onEffects();
    return changed;
  };

  return {
    add,

    /**
     * `/incident actions [mine|overdue|all]`: without a scope, one incident's actions in its channel (or when named)
     * and the viewer's own elsewhere. `mine` and `overdue` are open actions; `all` also shows closed ones.
     */
    list: async ({
      scope,
      target,
      viewerId,
    }: {
      scope: ActionScope | undefined;
      target: IncidentTarget;
      viewerId: string;
    }): Promise<ActionList> => {
      const at = now();
      const incident =
        target.number !== undefined
          ? await findTarget(target)
          : scope === 'mine'
            ? undefined
            : await findTarget(target).catch((error: unknown) => {
                if (error instanceof AppError && error.code === 'NOT_IN_INCIDENT') return undefined;
                throw error;
              });
      const chosen: ActionScope = scope ?? (incident === undefined ? 'mine' : 'all');
      const listed = await actions.list({
        ...(incident === undefined ? {} : { incidentId: incident.id }),
        ...(chosen === 'mine' ? { ownerId: viewerId } : {}),
        ...(chosen === 'overdue' ? { dueBefore: at } : {}),
        statuses: chosen === 'all' && incident !== undefined ? ['open', 'done', 'wont_do'] : ['open'],
        limit: LIST_LIMIT,
      });
      return { scope: chosen, incident, actions: listed, now: at };
    },

    find: requireAction,

    markDone: async ({ id, actorId }: { id: string; actorId: string }): Promise<ActionView> => {
      requireOpen(await requireAction(id));
      const at = now();
      return changeOpen({
        id,
        actorId,
        kind: 'done',
        data: { status: 'done', doneAt: at, closedBy: actorId, nextReminderAt: null },
        line: (action) => describeActionDone({ title: action.title, actorId }),
        homes: (action) => [action.ownerId],
      });
    },

    wontDo: async ({ id, actorId, reason }: { id: string; actorId: string; reason: string }): Promise<ActionView> => {
      const why = reason.trim();
      if (why === '' || why.length > MAX_REASON_LENGTH) {
        throw new AppError('BAD_REQUEST', {
          userMessage: `Say in 1 to ${MAX_REASON_LENGTH} characters why it won't be done, so the postmortem keeps the decision.`,
        });
      }
      requireOpen(await requireAction(id));
      return changeOpen({
        id,
        actorId,
        kind: 'wont_do',
        data: { status: 'wont_do', closedBy: actorId, wontDoReason: why, nextReminderAt: null },
        line: (action) => describeActionWontDo({ title: action.title, actorId, reason: why }),
        homes: (action) => [action.ownerId],
      });
    },

    /** Moves the due date one business day past the later of the due day and today, in the owner's zone. */
    snooze: async ({ id, actorId }: { id: string; actorId: string }): Promise<ActionView> => {
      const action = await requireAction(id);
      requireOpen(action);
      const at = now();
      const zone = zoneOfOwner(action);
      const today = localDayOf(at, zone);
      const dueDay = action.dueAt === null ? today : localDayOf(action.dueAt, zone);
      const day = addBusinessDays({ day: dueDay > today ? dueDay : today, count: 1, holidays });
      const dueAt = endOfLocalDay(day, zone);
      const dueLabel = labelDueDay({ dueAt, zone });
      return changeOpen({
        id,
        actorId,
        kind: 'snooze',
        data: { dueAt, escalatedAt: null, nextReminderAt: nextReminderAt({ dueAt, zone, after: at }) },
        line: (changed) => describeActionSnoozed({ title: changed.title, actorId, dueLabel }),
        homes: (changed) => [changed.ownerId],
      });
    },

    /** Hands an action to someone else; the due day stays the same calendar day, now in the new owner's zone. */
    reassign: async ({ id, actorId, ownerId }: { id: string; actorId: string; ownerId: string }) => {
      const action = await requireAction(id);
      requireOpen(action);
      if (action.ownerId === ownerId) {
        throw new AppError('NO_CHANGE', { userMessage: `<@${ownerId}> already owns *${action.title}*.` });
      }
      const zone = await requirePerson(ownerId);
      const at = now();
      const dueAt = action.dueAt === null ? null : endOfLocalDay(localDayOf(action.dueAt, zoneOfOwner(action)), zone);
      const dueLabel = dueAt === null ? null : labelDueDay({ dueAt, zone });
      const previousOwner = action.ownerId;
      return changeOpen({
        id,
        actorId,
        kind: 'reassign',
        data: { ownerId, ownerTimeZone: zone, dueAt, nextReminderAt: nextReminderAt({ dueAt, zone, after: at }) },
        line: (changed) => describeActionReassigned({ title: changed.title, actorId, ownerId, dueLabel }),
        homes: () => [previousOwner, ownerId],
        extra: (changed) => (ownerId === actorId ? [] : [{ kind: 'action.assigned', actionId: changed.id, ownerId }]),
      });
    },

    /**
     * `/incident postmortem complete`: needs at least one accepted action (open or done) and every open one with an
     * owner and a due date; otherwise the answer lists what is missing.
     */
    completePostmortem: async (
      target: IncidentTarget,
      { actorId }: { actorId: string },
    ): Promise<{ incident: IncidentView; version: number; completed: boolean }> => {
      const incident = await findTarget(target);
      const all = await actions.listForIncident(incident.id);
      const { accepted, problems } = checkPostmortemCompletion(all);
      if (problems.length > 0) {
        throw new AppError('BAD_REQUEST', {
          userMessage: `The postmortem of incident ${incident.number} can't be marked complete yet:\n${problems.map((problem) => `• ${problem}`).join('\n')}`,
        });
      }
      const at = now();
      const { completed, version } = await postmortems.markComplete({
        incidentId: incident.id,
        by: actorId,
        at,
        effects: keyEffects(`postmortem:${incident.id}:complete:${at.getTime()}`, [
          {
            kind: 'incident.post',
            incidentId: incident.id,
            text: `:white_check_mark: <@${actorId}> marked the postmortem complete, with ${accepted} action item${accepted === 1 ? '' : 's'} to follow up.`,
          },
        ]),
      });
      if (version === null) {
        throw new AppError('BAD_REQUEST', {
          userMessage: `Incident ${incident.number} has no postmortem draft yet: resolve it, or draft one with \`/incident postmortem\`.`,
        });
      }
      if (completed) onEffects();
      return { incident, version, completed };
    },

    dueLabelOf,
  };
};
