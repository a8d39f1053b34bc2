import { type IncidentView, severityName } from '../../../domain/incident/incident.ts';
import type { TOutboxEffect } from '../../../domain/outbox/outbox-effect.ts';
import { pagerDutySeverityOf } from '../../../domain/paging/paging-rule.ts';
import { describePaged } from '../../../domain/slack-lines/paging-lines.ts';
import { postOnce } from '../slack/post-once.ts';
import { channelOf, loadIncident, type PacedDeps } from '../slack/slack-effect-deps.ts';
import { PagerDutyError, type PagerDutyEvent, sendPagerDutyEvent } from './pagerduty-events.ts';

export type PageEffect = Extract<TOutboxEffect, { kind: 'page.trigger' | 'page.resolve' }>;

/** Where PagerDuty's Events API is, and the routing key of each service that pages (read at startup). */
export type PagerDutyDeps = { eventsUrl: string; routingKeys: ReadonlyMap<string, string> };

// PagerDuty cuts a longer summary; cutting it here keeps the end of a long title from being refused.
const SUMMARY_MAX = 1024;

/** One alert per incident and service: every trigger of it is the same alert, and its resolve resolves that alert. */
const dedupKeyOf = ({ incidentId, service }: PageEffect): string => `sitrep-${incidentId}-${service}`;

const buildTrigger = ({
  effect,
  incident,
  routingKey,
  severity,
}: {
  effect: Extract<PageEffect, { kind: 'page.trigger' }>;
  incident: IncidentView;
  routingKey: string;
  severity: string;
}): PagerDutyEvent => ({
  routing_key: routingKey,
  event_action: 'trigger',
  dedup_key: dedupKeyOf(effect),
  payload: {
    summary: `[${severity}] Incident ${incident.number}: ${incident.title}`.slice(0, SUMMARY_MAX),
    source: 'sitrep',
    severity: pagerDutySeverityOf(incident.severity),
    component: effect.service,
    custom_details: {
      incident: incident.number,
      title: incident.title,
      severity,
      status: incident.status,
      services: incident.services.join(', '),
      ...(effect.reason ? { reason: effect.reason } : {}),
      ...(incident.channelName ? { channel: `#${incident.channelName}` } : {}),
    },
  },
  client: 'sitrep',
  links: incident.channelId
    ? [
        {
          href: `https://slack.com/app_redirect?channel=${incident.channelId}`,
          text: `Incident channel #${incident.channelName ?? incident.channelId}`,
        },
      ]
    : [],
});

/**
 * Triggers or resolves the service's PagerDuty alert for the incident. Once PagerDuty took a trigger, the incident
 * channel is told, once (`postOnce`); a try that must wait for the channel sends the trigger again when it comes
 * back, which PagerDuty folds into the same alert (same dedup_key), so the page is never held up by Slack.
 */
export const runPageEffect = async (
  { pagerDuty, slack }: { pagerDuty: PagerDutyDeps; slack: PacedDeps },
  effect: PageEffect,
): Promise<void> => {
  const routingKey = pagerDuty.routingKeys.get(effect.service);
  if (routingKey === undefined) {
    throw new PagerDutyError(`${effect.service} has no PagerDuty routing key: sitrep.yml sets no pagerduty for it`, {
      transient: false,
    });
  }
  const send = (event: PagerDutyEvent) => sendPagerDutyEvent({ eventsUrl: pagerDuty.eventsUrl, event, now: slack.now });
  if (effect.kind === 'page.resolve') {
    return send({ routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKeyOf(effect) });
  }
  const incident = await loadIncident(slack, effect.incidentId);
  const severity = severityName(incident.severity, slack.team.severities);
  await send(buildTrigger({ effect, incident, routingKey, severity }));
  const text = describePaged({ service: effect.service, severity, reason: effect.reason });
  await postOnce(slack, { channel: channelOf(incident), text, part: 'page' });
};
