import type { WebClient } from '@slack/web-api';
import type { ActionItemStatus, ActionItemView } from '../../../domain/action-items/action-item-view.ts';
import type { IncidentView } from '../../../domain/incident/incident.ts';
import type { TOutboxEffect } from '../../../domain/outbox/outbox-effect.ts';
import type { PostmortemVersion } from '../../../domain/postmortem/postmortem-version.ts';
import type { TTeamConfig } from '../../../domain/team-config/team-config.ts';
import type { HomeActionItem } from '../../../slack/blocks/app-home.ts';
import type { SummarySuspect } from '../../../slack/blocks/incident-summary.ts';
import { NotReadyError, SettledError } from './judge-slack-failure.ts';
import type { SLACK_PACE_RULES, SlackPacer } from './slack-pacer.ts';

/** What Slack effects read of incidents, and the Slack ids they record on them. */
export type IncidentPort = {
  findById: (id: string) => Promise<IncidentView | undefined>;
  listOpen: () => Promise<IncidentView[]>;
  setChannel: (options: { id: string; channelId: string; channelName: string }) => Promise<unknown>;
  setSummaryTs: (options: { id: string; summaryTs: string }) => Promise<void>;
  setChannelProblem: (options: { id: string; problem: string }) => Promise<void>;
};

/** What Slack effects read of STAR action items. */
export type ActionItemPort = {
  findById: (id: string) => Promise<ActionItemView | undefined>;
  list: (filter: { statuses: ActionItemStatus[]; limit: number }) => Promise<ActionItemView[]>;
  listForIncident: (incidentId: string) => Promise<ActionItemView[]>;
  /** The open action items a person owns, soonest due first. */
  listOpenForOwner: (ownerId: string, now: Date) => Promise<HomeActionItem[]>;
};

/** Deploys of these services that happened in [from, to], newest first: the summary's suspects. */
export type DeployPort = {
  listDeploys: (options: { services: string[]; from: Date; to: Date; limit: number }) => Promise<SummarySuspect[]>;
};

/** What Slack effects read of postmortem versions, and the canvas and file ids they record on them. */
export type PostmortemPort = {
  findLatest: (incidentId: string) => Promise<PostmortemVersion | undefined>;
  findById: (id: string) => Promise<PostmortemVersion | undefined>;
  setCanvasId: (options: { id: string; canvasId: string }) => Promise<unknown>;
  setFileId: (options: { id: string; fileId: string }) => Promise<unknown>;
};

/** What carrying out a Slack effect needs; the composition root passes the stores as the ports. */
export type SlackEffectDeps = {
  client: WebClient;
  pacer: SlackPacer;
  incidents: IncidentPort;
  actionItems: ActionItemPort;
  deploys: DeployPort;
  postmortems: PostmortemPort;
  team: TTeamConfig;
  now: () => Date;
  /**
   * The outbox message being carried out, when the effect is one (its id goes into the message's Slack metadata),
   * and whether an earlier try of it may have reached Slack unseen (a timeout, a crash after sending).
   */
  delivery?: OutboxDelivery;
};

export type OutboxDelivery = { outboxId: string; retried: boolean };

/** The deps of one effect's run: `ticket` names the effect to the pacer, the same on every try. */
export type PacedDeps = SlackEffectDeps & { ticket: string };

/** The outbox stores the effect as parsed JSON, so each try of it serialises the same. */
export const withPacingTicket = (deps: SlackEffectDeps, effect: TOutboxEffect): PacedDeps => ({
  ...deps,
  ticket: JSON.stringify(effect),
});

/** Waits for a turn within Slack's rate tier by handing the effect back to the outbox until its booked turn. */
export const pace = (
  deps: Pick<PacedDeps, 'pacer' | 'now' | 'ticket'>,
  method: keyof typeof SLACK_PACE_RULES,
  scope: string,
): void => {
  const waitMs = deps.pacer.take({ method, scope, now: deps.now(), ticket: deps.ticket });
  if (waitMs > 0) throw new NotReadyError(`pacing ${method} for ${scope}`, waitMs);
};

export const loadIncident = async (deps: Pick<SlackEffectDeps, 'incidents'>, id: string): Promise<IncidentView> => {
  const incident = await deps.incidents.findById(id);
  if (!incident) throw new Error(`incident ${id} does not exist`);
  return incident;
};

/**
 * The incident's channel; an effect for a channel not created yet waits for the effect that creates it. When Slack
 * refused to ever create it, the effect is settled at once with the reason (the plain error is not retried): what
 * it would have posted is in the timeline, and `/incident channel` brings the channel with a fresh summary.
 */
export const channelOf = (incident: IncidentView): string => {
  if (incident.channelId) return incident.channelId;
  if (incident.channelProblem) {
    throw new SettledError(`incident ${incident.number} has no channel: Slack said ${incident.channelProblem}`);
  }
  throw new NotReadyError(`incident ${incident.number} has no channel yet`);
};
