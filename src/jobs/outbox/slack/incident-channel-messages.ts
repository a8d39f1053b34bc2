import { isProductionEnvironment } from '../../../domain/deploys/deploy.ts';
import { findSuspectLookbackStart } from '../../../domain/deploys/suspect-lookback.ts';
import type { IncidentView } from '../../../domain/incident/incident.ts';
import { findIncidentStart } from '../../../domain/incident/incident-start.ts';
import { describeActionLine } from '../../../slack/blocks/action-item-list.ts';
import { buildIncidentSummary, type SummarySuspect } from '../../../slack/blocks/incident-summary.ts';
import { buildIncidentTopic } from '../../../slack/blocks/incident-topic.ts';
import { platformError } from './judge-slack-failure.ts';
import { postOnce } from './post-once.ts';
import { canvasLink } from './postmortem-delivery-effects.ts';
import { channelOf, loadIncident, type PacedDeps, type SlackEffectDeps } from './slack-effect-deps.ts';

type InChannel = { incident: IncidentView; channel: string };

/** Production deploys of the incident's services in the lookback before it started: the first suspects. */
const findSuspects = async (deps: SlackEffectDeps, incident: IncidentView): Promise<SummarySuspect[]> => {
  if (incident.services.length === 0) return [];
  const deploys = await deps.deploys.listDeploys({
    services: incident.services,
    from: findSuspectLookbackStart({
      start: findIncidentStart(incident),
      lookbackMinutes: deps.team.deploys.suspectLookbackMinutes,
    }),
    to: incident.declaredAt,
    limit: 50,
  });
  return deploys.filter((deploy) => isProductionEnvironment(deploy.environment));
};

/** The link to the canvas of the newest postmortem version, once it has one. */
const findPostmortemUrl = async (deps: SlackEffectDeps, incident: IncidentView): Promise<string | undefined> => {
  const latest = await deps.postmortems.findLatest(incident.id);
  return latest?.canvasId ? canvasLink(deps.client, latest.canvasId) : undefined;
};

/** One line per action item of the incident, as the summary lists them. */
const describeActionItems = async (deps: SlackEffectDeps, incident: IncidentView): Promise<string[]> => {
  const actions = await deps.actionItems.listForIncident(incident.id);
  const now = deps.now();
  return actions
    .filter((action) => action.status !== 'suggested')
    .map((action) => `• ${describeActionLine({ action, now, withIncident: false }).replace('\n', ' — ')}`);
};

/** Pins the summary. Slack's `already_pinned` is an earlier try that got through: success for us. */
export const pinSummary = async (
  deps: SlackEffectDeps,
  { channel, summaryTs }: { channel: string; summaryTs: string },
): Promise<void> => {
  try {
    await deps.client.pins.add({ channel, timestamp: summaryTs });
  } catch (error) {
    if (platformError(error) !== 'already_pinned') throw error;
  }
};

/** Edits the pinned summary to show the incident as it is now; posts and pins it the first time. */
export const refreshSummary = async (deps: PacedDeps, { incident, channel }: InChannel): Promise<void> => {
  const postmortemUrl = await findPostmortemUrl(deps, incident);
  const actionItems = await describeActionItems(deps, incident);
  const summary = buildIncidentSummary({
    incident,
    severities: deps.team.severities,
    teamTimeZone: deps.team.team.timeZone,
    now: deps.now(),
    links: postmortemUrl === undefined ? {} : { postmortemUrl },
    suspects: {
      deploys: await findSuspects(deps, incident),
      lookbackMinutes: deps.team.deploys.suspectLookbackMinutes,
    },
    actionItems,
  });
  if (incident.summaryTs) {
    await deps.client.chat.update({ channel, ts: incident.summaryTs, text: summary.text, blocks: summary.blocks });
    return;
  }
  const summaryTs = await postOnce(deps, { channel, text: summary.text, blocks: summary.blocks, part: 'summary' });
  await deps.incidents.setSummaryTs({ id: incident.id, summaryTs });
  await pinSummary(deps, { channel, summaryTs });
};

/** Sets the topic only when it changed: each change shows as a line in the channel. */
export const refreshTopic = async (deps: SlackEffectDeps, { incident, channel }: InChannel): Promise<void> => {
  const topic = buildIncidentTopic({ incident, severities: deps.team.severities });
  const info = await deps.client.conversations.info({ channel });
  if (info.channel?.topic?.value !== topic) await deps.client.conversations.setTopic({ channel, topic });
};

/** Brings the topic and the pinned summary in line with the incident as it is now. */
export const refreshIncident = async (deps: PacedDeps, incidentId: string): Promise<void> => {
  const incident = await loadIncident(deps, incidentId);
  const channel = channelOf(incident);
  await refreshTopic(deps, { incident, channel });
  await refreshSummary(deps, { incident, channel });
};

/** Posts one line in the incident's channel, paced like every message in it. */
export const postIncidentLine = async (
  deps: PacedDeps,
  { incidentId, text }: { incidentId: string; text: string },
): Promise<void> => {
  const channel = channelOf(await loadIncident(deps, incidentId));
  await postOnce(deps, { channel, text, part: 'line' });
};
