import { AppError, isAppError } from '../domain/app-error.ts';
import { IMPACT_LOOKBACK_DAYS, isBeyondImpactLookback } from '../domain/impact/impact-lookback.ts';
import {
  applyStatusChange,
  assertReopenable,
  type IncidentStatus,
  type IncidentView,
  type RoleKind,
  severityName,
} from '../domain/incident/incident.ts';
import { isEscalationToHighSeverity } from '../domain/incident/severity-escalation.ts';
import { keyEffects, type TOutboxEffect } from '../domain/outbox/outbox-effect.ts';
import { describeChannelAskedFor } from '../domain/slack-lines/channel-problem-lines.ts';
import { describeFormLookbackRefusal } from '../domain/slack-lines/impact-lines.ts';
import {
  describeDeclared,
  describeReopened,
  describeRoleChange,
  describeSeverityChange,
  describeStatusChange,
  ROLE_NAMES,
} from '../domain/slack-lines/incident-lines.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { IncidentStore } from '../store/incident-store.ts';
import { newIncidentId } from '../store/incident-store.ts';
import { createPagingFlows, planDeclarePages, planSeverityPages } from './paging-flows.ts';

export type IncidentFlowDeps = {
  incidents: IncidentStore;
  team: TTeamConfig;
  now: () => Date;
  /** Called after a change wrote Slack effects, so they go out without waiting for the next poll. */
  onEffects: () => void;
  /** When an alert about these services first fired before `at`, if one did. */
  findDetection: (services: string[], at: Date) => Promise<Date | null>;
};

export type DeclareInput = {
  requestKey: string;
  title: string;
  severity: number;
  services: string[];
  description: string | null;
  impactStartedAt: Date | null;
  actorId: string;
  /** Who leads it, when the declare form names someone other than the person declaring. */
  leadId?: string;
};

/** Where a command points: the incident of the channel it was typed in, or the one it names by number. */
export type IncidentTarget = { channelId: string; number?: number };

export type IncidentFlows = ReturnType<typeof createIncidentFlows>;

/** A change read from an incident, as `changeIncident` writes it. */
type IncidentChangeRequest = {
  kind: string;
  actorId: string;
  at: Date;
  text: string;
  expectedStatus?: IncidentStatus;
  expectedSeverity?: number;
  data?: Parameters<IncidentStore['applyChange']>[0]['data'];
  pages?: Parameters<IncidentStore['applyChange']>[0]['pages'];
  role?: { role: RoleKind; userId: string; previous: string | null };
  recheck: (current: IncidentView) => void;
  effects: TOutboxEffect[];
};

const findIncidentTarget =
  ({ incidents }: Pick<IncidentFlowDeps, 'incidents'>) =>
  async ({ channelId, number }: IncidentTarget): Promise<IncidentView> => {
    const incident =
      number !== undefined ? await incidents.findByNumber(number) : await incidents.findByChannel(channelId);
    if (incident) return incident;
    throw new AppError(number !== undefined ? 'NOT_FOUND' : 'NOT_IN_INCIDENT', {
      userMessage:
        number !== undefined
          ? `There is no incident ${number}.`
          : 'This channel is not an incident channel. Run the command in the incident’s channel, or name the incident: `/incident status 42 resolved`.',
    });
  };

/**
 * Writes a change read from `incident`. The store refuses it when another change landed in between; `recheck`
 * then runs the command's own checks on what that change left, so the copy of a request Slack delivered twice at
 * once answers as a repeated request ("already SEV1") rather than as a clash with someone else.
 */
const changeIncident =
  ({ incidents, onEffects }: Pick<IncidentFlowDeps, 'incidents' | 'onEffects'>) =>
  async (incident: IncidentView, options: IncidentChangeRequest): Promise<IncidentView> => {
    const changeKey = `${options.kind}:${options.at.getTime()}:${options.actorId}`;
    try {
      const updated = await incidents.applyChange({
        incidentId: incident.id,
        ...(options.expectedStatus ? { expectedStatus: options.expectedStatus } : {}),
        ...(options.expectedSeverity !== undefined ? { expectedSeverity: options.expectedSeverity } : {}),
        ...(options.data ? { data: options.data } : {}),
        ...(options.pages ? { pages: options.pages } : {}),
        ...(options.role ? { role: { ...options.role, assignedBy: options.actorId, assignedAt: options.at } } : {}),
        timeline: {
          naturalKey: changeKey,
          source: options.role ? 'role' : 'lifecycle',
          occurredAt: options.at,
          actorId: options.actorId,
          text: options.text,
        },
        effects: keyEffects(`${incident.id}:${changeKey}`, options.effects),
      });
      onEffects();
      return updated;
    } catch (error) {
      if (!isAppError(error) || error.code !== 'NO_CHANGE') throw error;
      const current = await incidents.findById(incident.id);
      if (current) options.recheck(current);
      throw error;
    }
  };

const validateSeverity = ({ team, level }: Pick<IncidentFlowDeps, 'team'> & { level: number }): void => {
  if (!team.severities.some((s) => s.level === level)) {
    throw new AppError('BAD_REQUEST', {
      userMessage: `There is no severity ${level}. Use one of ${team.severities.map((s) => s.name).join(', ')}.`,
    });
  }
};

const validateServices = ({ team, services }: Pick<IncidentFlowDeps, 'team'> & { services: string[] }): void => {
  const unknown = services.filter((name) => !team.services.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new AppError('BAD_REQUEST', {
      userMessage: `Unknown service ${unknown.map((n) => `\`${n}\``).join(', ')}.`,
    });
  }
};

const assertNewSeverity = ({
  team,
  incident,
  severity,
}: Pick<IncidentFlowDeps, 'team'> & { incident: IncidentView; severity: number }): void => {
  if (incident.severity === severity) {
    throw new AppError('NO_CHANGE', {
      userMessage: `Incident ${incident.number} is already ${severityName(severity, team.severities)}.`,
    });
  }
};

const assertNewHolder = (incident: IncidentView, { role, userId }: { role: RoleKind; userId: string }): void => {
  if (incident.roles[role] === userId) {
    throw new AppError('NO_CHANGE', { userMessage: `<@${userId}> is already the ${ROLE_NAMES[role]}.` });
  }
};

const declareIncident =
  ({ incidents, team, now, onEffects, findDetection }: IncidentFlowDeps) =>
  async (input: DeclareInput): Promise<{ incident: IncidentView; created: boolean }> => {
    validateSeverity({ team, level: input.severity });
    validateServices({ team, services: input.services });
    const at = now();
    if (input.impactStartedAt && input.impactStartedAt.getTime() > at.getTime()) {
      throw new AppError('BAD_REQUEST', { userMessage: 'Impact cannot start in the future.' });
    }
    if (input.impactStartedAt && isBeyondImpactLookback({ at: input.impactStartedAt, now: at })) {
      throw new AppError('BAD_REQUEST', { userMessage: describeFormLookbackRefusal(IMPACT_LOOKBACK_DAYS) });
    }
    const id = newIncidentId();
    const paging = planDeclarePages({ team, incidentId: id, ...input, at });
    const result = await incidents.declare(
      {
        id,
        requestKey: input.requestKey,
        title: input.title,
        description: input.description,
        severity: input.severity,
        services: input.services,
        declaredBy: input.actorId,
        declaredAt: at,
        impactStartedAt: input.impactStartedAt,
        detectedAt: await findDetection(input.services, at),
        lead: input.leadId ?? input.actorId,
      },
      {
        timeline: {
          naturalKey: 'declared',
          source: 'lifecycle',
          occurredAt: at,
          actorId: input.actorId,
          text: describeDeclared({
            title: input.title,
            severity: severityName(input.severity, team.severities),
            actorId: input.actorId,
          }),
        },
        effects: keyEffects(`${id}:declared`, [
          { kind: 'incident.open_channel', incidentId: id },
          { kind: 'incident.announce', incidentId: id, about: 'declared' },
          ...paging.effects,
        ]),
        pages: paging.pages,
      },
    );
    if (result.created) onEffects();
    return result;
  };

/** A status update short of resolving: resolving asks about impact first (see resolve-flows.ts). */
const changeStatus =
  (deps: IncidentFlowDeps) =>
  async (
    target: IncidentTarget,
    options: { to: Exclude<IncidentStatus, 'resolved'>; message?: string; actorId: string },
  ): Promise<IncidentView> => {
    const incident = await findIncidentTarget(deps)(target);
    const at = deps.now();
    const stamps = applyStatusChange({ incident, to: options.to, at });
    const text = describeStatusChange({
      from: incident.status,
      to: options.to,
      actorId: options.actorId,
      ...(options.message ? { message: options.message } : {}),
    });
    return changeIncident(deps)(incident, {
      kind: `status-${options.to}`,
      actorId: options.actorId,
      at,
      text,
      expectedStatus: incident.status,
      data: { status: options.to, ...stamps },
      recheck: (current) => applyStatusChange({ incident: current, to: options.to, at }),
      effects: [
        { kind: 'incident.post', incidentId: incident.id, text },
        { kind: 'incident.refresh', incidentId: incident.id },
      ],
    });
  };

const reopenIncident =
  (deps: IncidentFlowDeps) =>
  async (target: IncidentTarget, options: { reason: string; actorId: string }): Promise<IncidentView> => {
    const incident = await findIncidentTarget(deps)(target);
    assertReopenable(incident);
    const at = deps.now();
    const text = describeReopened({ reason: options.reason, actorId: options.actorId });
    return changeIncident(deps)(incident, {
      kind: 'reopen',
      actorId: options.actorId,
      at,
      text,
      expectedStatus: 'resolved',
      data: { status: 'investigating', resolvedAt: null },
      recheck: assertReopenable,
      effects: [
        { kind: 'incident.post', incidentId: incident.id, text },
        { kind: 'incident.refresh', incidentId: incident.id },
      ],
    });
  };

const changeSeverity =
  (deps: IncidentFlowDeps) =>
  async (target: IncidentTarget, options: { severity: number; actorId: string }): Promise<IncidentView> => {
    const { team } = deps;
    validateSeverity({ team, level: options.severity });
    const incident = await findIncidentTarget(deps)(target);
    assertNewSeverity({ team, incident, severity: options.severity });
    const at = deps.now();
    const text = describeSeverityChange({
      from: severityName(incident.severity, team.severities),
      to: severityName(options.severity, team.severities),
      actorId: options.actorId,
    });
    const escalated = isEscalationToHighSeverity({
      from: incident.severity,
      to: options.severity,
      severities: team.severities,
    });
    const paging = await planSeverityPages({ ...deps, incident, to: options.severity, actorId: options.actorId, at });
    return changeIncident(deps)(incident, {
      kind: `severity-${options.severity}`,
      actorId: options.actorId,
      at,
      text,
      expectedSeverity: incident.severity,
      data: { severity: options.severity },
      ...(paging.pages.length > 0 ? { pages: { trigger: paging.pages } } : {}),
      recheck: (current) => assertNewSeverity({ team, incident: current, severity: options.severity }),
      effects: [
        { kind: 'incident.post', incidentId: incident.id, text },
        { kind: 'incident.refresh', incidentId: incident.id },
        ...(escalated
          ? [
              {
                kind: 'incident.announce' as const,
                incidentId: incident.id,
                about: 'severity' as const,
                fromSeverity: incident.severity,
                toSeverity: options.severity,
              },
            ]
          : []),
        ...paging.effects,
      ],
    });
  };

const assignRole =
  (deps: IncidentFlowDeps) =>
  async (
    target: IncidentTarget,
    options: { role: RoleKind; userId: string; actorId: string },
  ): Promise<IncidentView> => {
    const incident = await findIncidentTarget(deps)(target);
    assertNewHolder(incident, options);
    const previous = incident.roles[options.role];
    const at = deps.now();
    const text = describeRoleChange({
      role: options.role,
      userId: options.userId,
      actorId: options.actorId,
      ...(previous ? { previous } : {}),
    });
    return changeIncident(deps)(incident, {
      kind: `role-${options.role}`,
      actorId: options.actorId,
      at,
      text,
      role: { role: options.role, userId: options.userId, previous: previous ?? null },
      recheck: (current) => assertNewHolder(current, options),
      effects: [
        { kind: 'incident.invite', incidentId: incident.id, userIds: [options.userId] },
        { kind: 'incident.post', incidentId: incident.id, text },
        { kind: 'incident.refresh', incidentId: incident.id },
      ],
    });
  };

const assertNoChannel = (incident: IncidentView): void => {
  if (incident.channelId) {
    throw new AppError('NO_CHANGE', {
      userMessage: `Incident ${incident.number} already has its channel, <#${incident.channelId}>.`,
    });
  }
};

/**
 * `/incident channel`: tries again to create the channel of an incident Slack refused one (a workspace that let
 * only admins create channels, since changed), or whose creation is still being retried.
 */
const openChannelAgain =
  (deps: IncidentFlowDeps) =>
  async (target: IncidentTarget, options: { actorId: string }): Promise<IncidentView> => {
    const incident = await findIncidentTarget(deps)(target);
    assertNoChannel(incident);
    return changeIncident(deps)(incident, {
      kind: 'open-channel',
      actorId: options.actorId,
      at: deps.now(),
      text: describeChannelAskedFor({ actorId: options.actorId }),
      data: { channelProblem: null },
      recheck: assertNoChannel,
      effects: [
        { kind: 'incident.open_channel', incidentId: incident.id, again: true },
        // The announcements channel was told the incident has no channel; it hears when it gets one.
        ...(incident.channelProblem === null
          ? []
          : [{ kind: 'incident.announce' as const, incidentId: incident.id, about: 'channel' as const }]),
      ],
    });
  };

/** The incident lifecycle: declare, status, severity, roles, reopen. Each change is one transaction. */
export const createIncidentFlows = (deps: IncidentFlowDeps) => ({
  findTarget: findIncidentTarget(deps),
  /** The incident whose channel this is, if any. */
  findIncidentOfChannel: (channelId: string) => deps.incidents.findByChannel(channelId),
  listOpen: () => deps.incidents.listOpen(),
  declare: declareIncident(deps),
  changeStatus: changeStatus(deps),
  reopen: reopenIncident(deps),
  changeSeverity: changeSeverity(deps),
  assignRole: assignRole(deps),
  openChannelAgain: openChannelAgain(deps),
  ...createPagingFlows({ ...deps, findTarget: findIncidentTarget(deps) }),
});
