import { AppError } from '../domain/app-error.ts';
import { IMPACT_LOOKBACK_DAYS, isBeyondImpactLookback } from '../domain/impact/impact-lookback.ts';
import type { ImpactKind, ImpactWindow, WindowEnd } from '../domain/impact/impact-window.ts';
import { applyStatusChange, type IncidentView, type StatusStamps } from '../domain/incident/incident.ts';
import { keyEffects, type TOutboxEffect } from '../domain/outbox/outbox-effect.ts';
import {
  describeFormLookbackRefusal,
  describeImpactChange,
  describeNoCustomerImpact,
} from '../domain/slack-lines/impact-lines.ts';
import { describeStatusChange, slackTime } from '../domain/slack-lines/incident-lines.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { type ImpactStore, type NewImpactWindow, newImpactWindowId } from '../store/impact-store.ts';
import type { IncidentStore } from '../store/incident-store.ts';
import type { NewTimelineEntry } from '../store/timeline-store.ts';
import type { IncidentTarget } from './incident-flows.ts';
import { versionOpenWindows } from './open-windows-version.ts';
import { planResolutionBudget } from './resolve-budget.ts';

export type ResolveFlowDeps = {
  incidents: IncidentStore;
  impacts: ImpactStore;
  team: TTeamConfig;
  now: () => Date;
  onEffects: () => void;
  findTarget: (target: IncidentTarget) => Promise<IncidentView>;
};

/** What asking to resolve led to: resolved, or a question for the person first. */
export type ResolveStart =
  | { kind: 'resolved'; incident: IncidentView }
  /** Impact windows are still open: close them at the resolve time (or at times the person picks)? */
  | { kind: 'close_windows'; incident: IncidentView; open: ImpactWindow[] }
  /** No impact was ever recorded: was there any? */
  | { kind: 'ask_impact'; incident: IncidentView };

/** A resolution the person confirmed, of the incident they were asked about. */
export type ResolveRequest = { incidentId: string; actorId: string; message?: string };

export type RecordedImpact = { service: string; kind: ImpactKind; startedAt: Date; endedAt: Date };

export type ResolveFlows = ReturnType<typeof createResolveFlows>;

// Clocks of Slack clients and of this server disagree by a few seconds; a minute is generous.
const CLOCK_SKEW_MS = 60_000;

type Entry = Omit<NewTimelineEntry, 'incidentId'>;

/**
 * An incident about to be resolved at `at`, with its windows and the services whose PagerDuty pages are open; `stamps`
 * are what resolving it then sets.
 */
type Resolvable = { incident: IncidentView; windows: ImpactWindow[]; paged: string[]; at: Date; stamps: StatusStamps };

type Finish = Resolvable & {
  request: Omit<ResolveRequest, 'incidentId'>;
  close: WindowEnd[];
  record?: NewImpactWindow;
  expectNoWindows: boolean;
  /** Timeline entries and channel lines that come before the resolution's own. */
  entries: Entry[];
  lines: string[];
};

/** One timeline entry and channel line per end time, so windows closed together read as one change. */
const describeEnds = (actorId: string, ends: WindowEnd[]): { entries: Entry[]; lines: string[] } => {
  const groups = Map.groupBy(ends, (end) => end.endedAt.getTime());
  const described = [...groups.values()].flatMap((close) => {
    const first = close[0];
    if (first === undefined) return [];
    const { line, entry } = describeImpactChange({
      actorId,
      plan: { action: 'end', at: first.endedAt, close, open: [] },
    });
    return [
      {
        line,
        entry: {
          naturalKey: `impact-end:${first.window.id}`,
          source: 'impact' as const,
          occurredAt: first.endedAt,
          actorId,
          text: entry,
        },
      },
    ];
  });
  return { entries: described.map((d) => d.entry), lines: described.map((d) => d.line) };
};

/** The incident, still open, resolved now. */
const loadResolvable =
  ({ incidents, impacts, now }: Pick<ResolveFlowDeps, 'incidents' | 'impacts' | 'now'>) =>
  async (incidentId: string): Promise<Resolvable> => {
    const incident = await incidents.findById(incidentId);
    if (!incident) throw new AppError('NOT_FOUND', { userMessage: 'That incident no longer exists.' });
    const at = now();
    const stamps = applyStatusChange({ incident, to: 'resolved', at });
    return {
      incident,
      at,
      stamps,
      windows: await impacts.listForIncident(incident.id),
      paged: await incidents.listPaged(incident.id),
    };
  };

const changedMeanwhile = (incident: IncidentView) =>
  new AppError('IMPACT_CHANGED', {
    userMessage: `The impact recorded for incident ${incident.number} changed since you were asked. Run \`/incident resolve\` again.`,
  });

/** The effects of the resolution itself, after the lines of what came before it. */
const listResolutionEffects = ({
  incident,
  request,
  changeKey,
  lines,
  text,
  paged,
}: {
  incident: IncidentView;
  request: Finish['request'];
  changeKey: string;
  lines: string[];
  text: string;
  paged: string[];
}): TOutboxEffect[] => [
  ...paged.map((service): TOutboxEffect => ({ kind: 'page.resolve', incidentId: incident.id, service })),
  ...[...lines, text].map((line): TOutboxEffect => ({ kind: 'incident.post', incidentId: incident.id, text: line })),
  { kind: 'incident.refresh', incidentId: incident.id },
  { kind: 'incident.announce', incidentId: incident.id, about: 'resolved' },
  // Drafted after the resolution commits, from the outbox: a crash between the two loses nothing.
  {
    kind: 'postmortem.generate',
    incidentId: incident.id,
    requestKey: `resolve:${changeKey}`,
    actorId: request.actorId,
  },
];

const finishResolution =
  ({ incidents, impacts, team, onEffects }: Pick<ResolveFlowDeps, 'incidents' | 'impacts' | 'team' | 'onEffects'>) =>
  async ({
    incident,
    windows,
    paged,
    at,
    stamps,
    request,
    close,
    record,
    expectNoWindows,
    entries,
    lines,
  }: Finish): Promise<IncidentView> => {
    const text = describeStatusChange({
      from: incident.status,
      to: 'resolved',
      actorId: request.actorId,
      ...(request.message ? { message: request.message } : {}),
    });
    const changeKey = `status-resolved:${at.getTime()}:${request.actorId}`;
    await impacts.resolve({
      change: {
        incidentId: incident.id,
        expectedStatus: incident.status,
        data: { status: 'resolved', ...stamps },
        timeline: { naturalKey: changeKey, source: 'lifecycle', occurredAt: at, actorId: request.actorId, text },
        effects: keyEffects(
          `${incident.id}:${changeKey}`,
          listResolutionEffects({ incident, request, changeKey, lines, text, paged }),
        ),
        // Refused when a service was paged since `paged` was read, so no page is left open.
        pages: { resolve: paged, at },
      },
      close: close.map(({ window, endedAt }) => ({ id: window.id, endedAt })),
      ...(record ? { record } : {}),
      expectNoWindows,
      entries,
      budget: planResolutionBudget({ incident, windows, close, ...(record ? { record } : {}), team, at, changeKey }),
    });
    onEffects();
    const resolved = await incidents.findById(incident.id);
    if (!resolved) throw new AppError('NOT_FOUND', { userMessage: 'That incident no longer exists.' });
    return resolved;
  };

/** A time picked in a form, which cannot say an old time is meant: within the lookback. */
const checkLookback = (picked: Date, at: Date): void => {
  if (isBeyondImpactLookback({ at: picked, now: at })) {
    throw new AppError('BAD_REQUEST', { userMessage: describeFormLookbackRefusal(IMPACT_LOOKBACK_DAYS) });
  }
};

/** An end the person picked: not before the window started, not in the future, not beyond the lookback. */
const checkEnd = ({ window, endedAt }: WindowEnd, at: Date): void => {
  checkLookback(endedAt, at);
  if (endedAt.getTime() < window.startedAt.getTime()) {
    throw new AppError('BAD_REQUEST', {
      userMessage: `The ${window.kind} of ${window.service} started at ${slackTime(window.startedAt)}; it cannot end before that.`,
    });
  }
  if (endedAt.getTime() > at.getTime() + CLOCK_SKEW_MS) {
    throw new AppError('BAD_REQUEST', {
      userMessage: `The ${window.kind} of ${window.service} cannot end in the future.`,
    });
  }
};

/** `/incident resolve` and `/incident status resolved`: resolves when impact is recorded and closed, else asks. */
const startResolution =
  (deps: ResolveFlowDeps) =>
  async (target: IncidentTarget, request: Omit<ResolveRequest, 'incidentId'>): Promise<ResolveStart> => {
    const found = await deps.findTarget(target);
    const resolvable = await loadResolvable(deps)(found.id);
    const { incident, windows } = resolvable;
    const open = windows.filter((window) => window.endedAt === null);
    if (open.length > 0) return { kind: 'close_windows', incident, open };
    if (windows.length === 0) return { kind: 'ask_impact', incident };
    const resolved = await finishResolution(deps)({
      ...resolvable,
      request,
      close: [],
      expectNoWindows: false,
      entries: [],
      lines: [],
    });
    return { kind: 'resolved', incident: resolved };
  };

/** The incident and its open windows, for the form that sets when each ended. */
const findOpenWindows =
  (deps: ResolveFlowDeps) =>
  async (incidentId: string): Promise<{ incident: IncidentView; open: ImpactWindow[] }> => {
    const { incident, windows } = await loadResolvable(deps)(incidentId);
    return { incident, open: windows.filter((window) => window.endedAt === null) };
  };

/**
 * Confirm (or the Edit form): closes the open windows, when they are still those the person saw (`openWindows`, their
 * version), at the ends they picked or else now, and resolves. Refused when a window opened or closed meanwhile.
 */
const closeWindowsAndResolve =
  (deps: ResolveFlowDeps) =>
  async (
    request: ResolveRequest & { openWindows: string; ends?: ReadonlyMap<string, Date> },
  ): Promise<IncidentView> => {
    const resolvable = await loadResolvable(deps)(request.incidentId);
    const { incident, at, windows } = resolvable;
    const open = windows.filter((window) => window.endedAt === null);
    if (open.length === 0 || versionOpenWindows(open.map((window) => window.id)) !== request.openWindows) {
      throw changedMeanwhile(incident);
    }
    const close = open.map((window) => ({ window, endedAt: request.ends?.get(window.id) ?? at }));
    for (const end of close) checkEnd(end, at);
    const described = describeEnds(request.actorId, close);
    return finishResolution(deps)({ ...resolvable, request, close, expectNoWindows: false, ...described });
  };

/** "No customer impact": resolves an incident that has no impact recorded, saying so on the timeline. */
const resolveWithoutImpact =
  (deps: ResolveFlowDeps) =>
  async (request: ResolveRequest): Promise<IncidentView> => {
    const resolvable = await loadResolvable(deps)(request.incidentId);
    const { incident, at, windows } = resolvable;
    if (windows.length > 0) throw changedMeanwhile(incident);
    const { line, entry } = describeNoCustomerImpact(request.actorId);
    return finishResolution(deps)({
      ...resolvable,
      request,
      close: [],
      expectNoWindows: true,
      entries: [
        {
          naturalKey: `no-impact:${at.getTime()}`,
          source: 'impact',
          occurredAt: at,
          actorId: request.actorId,
          text: entry,
        },
      ],
      lines: [line],
    });
  };

/** The window a person recorded from the form: a service sitrep knows, not starting in the future. */
const readRecordedWindow = ({
  team,
  incident,
  impact,
  actorId,
  at,
}: Pick<ResolveFlowDeps, 'team'> & { incident: IncidentView; impact: RecordedImpact; actorId: string; at: Date }) => {
  if (!team.services.some((service) => service.name === impact.service)) {
    throw new AppError('BAD_REQUEST', {
      userMessage: `There is no service called ${impact.service} in sitrep.yml.`,
    });
  }
  if (impact.startedAt.getTime() > at.getTime() + CLOCK_SKEW_MS) {
    throw new AppError('BAD_REQUEST', { userMessage: 'Impact cannot start in the future.' });
  }
  checkLookback(impact.startedAt, at);
  const record: NewImpactWindow = { id: newImpactWindowId(), ...impact, createdBy: actorId };
  const window: ImpactWindow = { ...record, incidentId: incident.id, endedAt: null };
  checkEnd({ window, endedAt: impact.endedAt }, at);
  return { record, window };
};

/** "Record impact": records one closed window for an incident that had none, and resolves. */
const recordImpactAndResolve =
  (deps: ResolveFlowDeps) =>
  async (request: ResolveRequest & { impact: RecordedImpact }): Promise<IncidentView> => {
    const resolvable = await loadResolvable(deps)(request.incidentId);
    const { incident, at, windows } = resolvable;
    if (windows.length > 0) throw changedMeanwhile(incident);
    const { impact, actorId } = request;
    const { record, window } = readRecordedWindow({ team: deps.team, incident, impact, actorId, at });
    const started = describeImpactChange({
      actorId,
      plan: {
        action: impact.kind,
        at: impact.startedAt,
        close: [],
        open: [{ service: impact.service, kind: impact.kind }],
      },
    });
    const ended = describeEnds(actorId, [{ window, endedAt: impact.endedAt }]);
    return finishResolution(deps)({
      ...resolvable,
      request,
      close: [],
      record,
      expectNoWindows: true,
      entries: [
        {
          naturalKey: `impact-start:${record.id}`,
          source: 'impact',
          occurredAt: impact.startedAt,
          actorId,
          text: started.entry,
        },
        ...ended.entries,
      ],
      lines: [started.line, ...ended.lines],
    });
  };

/**
 * Resolving an incident. An incident with open impact windows, or with none at all, is not resolved at once: the
 * person is asked first. Resolving closes the open windows, then posts in the incident channel how much of each
 * affected service's error budget is used, and tells the announcements channel when this incident pushed a service
 * past 50 % or 100 % of its budget (once per service and SLA period), all in the resolution's transaction; the
 * postmortem draft follows from the outbox.
 */
export const createResolveFlows = (deps: ResolveFlowDeps) => ({
  start: startResolution(deps),
  findOpenWindows: findOpenWindows(deps),
  closeWindowsAndResolve: closeWindowsAndResolve(deps),
  resolveWithoutImpact: resolveWithoutImpact(deps),
  recordImpactAndResolve: recordImpactAndResolve(deps),
});
