import { STATUS_LABELS } from '../incident/incident.ts';
import { describeDuration } from '../text/describe-duration.ts';
import type {
  PostmortemImpact,
  PostmortemIncident,
  PostmortemKeyTimes,
  PostmortemMoment,
} from './postmortem-sections.ts';
import { labelNearImpact, latestSuspects, type Signals } from './postmortem-signals.ts';

type SummaryOptions = {
  signals: Signals;
  /** The sections of the draft the summary retells. */
  model: {
    incident: PostmortemIncident;
    impact: PostmortemImpact;
    keyTimes: PostmortemKeyTimes;
    timeZone: string;
    generatedAt: PostmortemMoment;
  };
};

/**
 * The summary paragraph of the draft: what was affected, when the impact started and the incident was declared,
 * mitigated and resolved (or its status now), how long each service was down, the SLA budgets exceeded and the
 * deploys that reached production before the impact.
 */
export const describeSummary = ({ signals, model }: SummaryOptions): string => {
  const { incident } = signals;
  const services = incident.services.length === 0 ? 'no recorded service' : model.incident.servicesText;
  const parts = [
    `${model.incident.title}: incident ${incident.number} (${model.incident.severity}) affected ${services}.`,
  ];
  if (incident.impactStartedAt === null) {
    parts.push(
      `It was declared on ${model.keyTimes.declared.text} (${model.timeZone}) by ${model.incident.declaredBy}; when the impact started is not recorded.`,
    );
  } else {
    const gap = incident.declaredAt.getTime() - incident.impactStartedAt.getTime();
    parts.push(
      `Impact started on ${model.keyTimes.impactStart.text} (${model.timeZone}) and ${model.incident.declaredBy} declared the incident ${describeDuration(gap)} later, at ${labelNearImpact(signals, incident.declaredAt)}.`,
    );
  }
  if (incident.mitigatedAt !== null && incident.mitigatedAt.getTime() !== incident.resolvedAt?.getTime()) {
    parts.push(`It was mitigated at ${labelNearImpact(signals, incident.mitigatedAt)}.`);
  }
  parts.push(
    incident.resolvedAt === null
      ? `It is still ${STATUS_LABELS[incident.status].toLowerCase()} as of ${model.generatedAt.text}.`
      : `It was resolved at ${labelNearImpact(signals, incident.resolvedAt)}, ${describeDuration(incident.resolvedAt.getTime() - signals.impactStart.getTime())} after the impact began.`,
  );
  for (const window of model.impact.windows) {
    const state = window.kind === 'outage' ? 'down' : 'degraded';
    parts.push(`${window.service} was ${state} for ${window.duration}${window.ongoing ? ' so far' : ''}.`);
  }
  for (const report of signals.facts.downtime.filter((line) => line.breached)) {
    parts.push(`${report.service} has now exceeded its ${report.period.name} error budget.`);
  }
  for (const deploy of latestSuspects(signals)) {
    const before = describeDuration(signals.impactStart.getTime() - deploy.occurredAt.getTime());
    parts.push(`${deploy.service} ${deploy.version} reached production ${before} before the impact began.`);
  }
  return parts.join(' ');
};
