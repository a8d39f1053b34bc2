import { AppError } from '../domain/app-error.ts';
import { IMPACT_LOOKBACK_DAYS, isBeyondImpactLookback } from '../domain/impact/impact-lookback.ts';
import { type ImpactAction, type ImpactPlan, planImpactChange } from '../domain/impact/impact-window.ts';
import type { IncidentView } from '../domain/incident/incident.ts';
import { keyEffects } from '../domain/outbox/outbox-effect.ts';
import { listRewrittenPeriods } from '../domain/sla/rewritten-periods.ts';
import {
  describeImpactChange,
  describeImpactForAuthor,
  describeLookbackRefusal,
  describeRewrittenReports,
  type RewrittenReport,
} from '../domain/slack-lines/impact-lines.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { readTypedTime } from '../domain/time/note-time.ts';
import { type ImpactStore, newImpactWindowId } from '../store/impact-store.ts';
import type { IncidentTarget } from './incident-flows.ts';

export type ImpactFlowDeps = {
  impacts: ImpactStore;
  team: TTeamConfig;
  now: () => Date;
  onEffects: () => void;
  findTarget: (target: IncidentTarget) => Promise<IncidentView>;
  /** The person's IANA zone, in which the times they type are read. */
  zoneOf: (userId: string) => Promise<string>;
};

export type RecordImpactInput = {
  action: ImpactAction;
  /** As typed (`13:58`, `yesterday 23:50`); now when absent. */
  time?: string;
  services: string[];
  /** The person said a time further back than the lookback is meant. */
  backdate?: boolean;
  actorId: string;
  /** Identifies the request (a command's trigger id), keying its timeline entry. */
  requestKey: string;
};

const ALREADY_RECORDED = 'That impact change was already recorded from this request.';

export type ImpactFlows = ReturnType<typeof createImpactFlows>;

/** The finished SLA reports of the services a plan changes that a change from `plan.at` rewrites. */
const findRewrittenReports = ({ team, plan, now }: { team: TTeamConfig; plan: ImpactPlan; now: Date }) => {
  const changed = new Set([
    ...plan.open.map(({ service }) => service),
    ...plan.close.map(({ window }) => window.service),
  ]);
  return listRewrittenPeriods({
    services: team.services.filter((service) => changed.has(service.name)),
    from: plan.at,
    now,
    zone: team.team.timeZone,
  }).map(({ service, period }): RewrittenReport => ({ service: service.name, period: period.label }));
};

/** The command as typed, with `backdate`: what the refusal offers to run instead. */
const retryWithBackdate = (input: RecordImpactInput & { time: string }, incidentNumber: number): string =>
  ['/incident impact', input.action, input.time, ...input.services, `#${incidentNumber}`, 'backdate'].join(' ');

/** `/incident impact …`: windows of customer impact per service, each change on the timeline and in the channel. */
export const createImpactFlows = ({ impacts, team, now, onEffects, findTarget, zoneOf }: ImpactFlowDeps) => ({
  /** Starts or ends impact windows; returns what to tell the author. */
  record: async (target: IncidentTarget, input: RecordImpactInput): Promise<{ answer: string }> => {
    const incident = await findTarget(target);
    if (incident.status === 'resolved') {
      throw new AppError('INCIDENT_RESOLVED', {
        userMessage: `Incident ${incident.number} is resolved, and its impact windows with it. Use \`/incident reopen <reason>\` to record more.`,
      });
    }
    const naturalKey = `impact:${input.requestKey}`;
    // Before planning: against the windows the first copy opened, a repeat would be refused as a clash with itself.
    if (await impacts.wasApplied(incident.id, naturalKey)) return { answer: ALREADY_RECORDED };
    const zone = await zoneOf(input.actorId);
    const current = now();
    const read = input.time === undefined ? undefined : readTypedTime(input.time, { now: current, zone });
    if (read?.kind === 'refused') throw new AppError('BAD_REQUEST', { userMessage: read.message });
    const at = read?.occurredAt ?? current;
    const planned = planImpactChange({
      action: input.action,
      at,
      named: input.services,
      incident,
      windows: await impacts.listForIncident(incident.id),
      knownServices: team.services.map((service) => service.name),
      zone,
    });
    if (!planned.ok) {
      // A copy of this request that landed since the first check is what the plan clashes with: say so, not the clash.
      if (await impacts.wasApplied(incident.id, naturalKey)) return { answer: ALREADY_RECORDED };
      throw new AppError('BAD_REQUEST', { userMessage: planned.message });
    }
    const { plan } = planned;
    const rewritten = findRewrittenReports({ team, plan, now: current });
    if (input.time !== undefined && input.backdate !== true && isBeyondImpactLookback({ at, now: current })) {
      throw new AppError('BAD_REQUEST', {
        userMessage: describeLookbackRefusal({
          typed: input.time,
          at,
          zone,
          lookbackDays: IMPACT_LOOKBACK_DAYS,
          reports: rewritten,
          retry: retryWithBackdate({ ...input, time: input.time }, incident.number),
        }),
      });
    }
    const { line, entry } = describeImpactChange({ actorId: input.actorId, plan });
    const applied = await impacts.applyImpactChange({
      incidentId: incident.id,
      recordedAt: current,
      close: plan.close.map(({ window, endedAt }) => ({ id: window.id, endedAt })),
      open: plan.open.map(({ service, kind }) => ({
        id: newImpactWindowId(),
        service,
        kind,
        startedAt: at,
        endedAt: null,
        createdBy: input.actorId,
      })),
      timeline: { naturalKey, source: 'impact', occurredAt: at, actorId: input.actorId, text: entry },
      effects: keyEffects(`${incident.id}:${naturalKey}`, [
        { kind: 'incident.post', incidentId: incident.id, text: line },
      ]),
    });
    if (!applied) return { answer: ALREADY_RECORDED };
    onEffects();
    return {
      answer: `${describeImpactForAuthor({ plan, zone, incidentNumber: incident.number })}${describeRewrittenReports(rewritten)}`,
    };
  },
});
