import type { TOutboxEffect } from '../../domain/outbox/outbox-effect.ts';
import type { StatuspageFlows } from '../../flows/statuspage-flows.ts';
import { type EmailDeps, runEmailEffect } from './email/run-email-effect.ts';
import { type GeneratePostmortemDeps, generatePostmortem } from './generate-postmortem.ts';
import { type PagerDutyDeps, runPageEffect } from './pagerduty/run-page-effect.ts';
import { postIncidentLine } from './slack/incident-channel-messages.ts';
import { SettledError } from './slack/judge-slack-failure.ts';
import { runSlackEffect } from './slack/run-slack-effect.ts';
import { type OutboxDelivery, type SlackEffectDeps, withPacingTicket } from './slack/slack-effect-deps.ts';

export type OutboxEffectDeps = {
  slack: SlackEffectDeps;
  /** Drafts a postmortem version (the `postmortem.generate` effect). */
  drafts: GeneratePostmortemDeps['drafts'];
  /** Brings the newest postmortem version's action table in line with the action items (`postmortem.sync_actions`). */
  syncPostmortemActions: (incidentId: string) => Promise<void>;
  /** Pages through PagerDuty (`page.trigger`, `page.resolve`). */
  pagerDuty: PagerDutyDeps;
  /** Brings an action item's ticket in line with it, opening it first when needed (`tracker.sync`). */
  syncTicket: (actionId: string) => Promise<void>;
  /** Pushes to Atlassian Statuspage (`statuspage.*`); absent when the push is off. */
  statuspage?: Pick<StatuspageFlows, 'pushComponent' | 'pushIncident'> | undefined;
  /** Emails the status page's subscribers (`email.*`), when SMTP_URL is set. */
  email?: EmailDeps;
};

/**
 * Sends an effect to its handler: Slack calls to the Slack adapter, pages to PagerDuty's, postmortem drafting,
 * tickets and Statuspage pushes to their flows. `delivery`
 * names the outbox message, so a post can be recognised in Slack when a retry must know whether it went out.
 */
export const runOutboxEffect = async (
  deps: OutboxEffectDeps,
  effect: TOutboxEffect,
  delivery?: OutboxDelivery,
): Promise<void> => {
  switch (effect.kind) {
    case 'postmortem.generate':
      return generatePostmortem(
        {
          drafts: deps.drafts,
          tell: (line) => postIncidentLine(withPacingTicket(deps.slack, effect), line),
        },
        effect,
      );
    case 'postmortem.sync_actions':
      return deps.syncPostmortemActions(effect.incidentId);
    case 'tracker.sync':
      return deps.syncTicket(effect.actionId);
    case 'statuspage.component':
    case 'statuspage.incident': {
      // Written while the push was on, and sitrep.yml or the key has since turned it off: nothing is kept in line.
      if (deps.statuspage === undefined) throw new SettledError('the Statuspage push is off');
      if (effect.kind === 'statuspage.component') return deps.statuspage.pushComponent(effect.service);
      return deps.statuspage.pushIncident(effect.incidentId, { retried: delivery?.retried ?? false });
    }
    case 'email.confirm':
    case 'email.fanout':
    case 'email.notify':
      return runEmailEffect(deps.email, effect);
    case 'page.trigger':
    case 'page.resolve':
      return runPageEffect(
        {
          pagerDuty: deps.pagerDuty,
          slack: withPacingTicket(delivery ? { ...deps.slack, delivery } : deps.slack, effect),
        },
        effect,
      );
    default:
      return runSlackEffect(delivery ? { ...deps.slack, delivery } : deps.slack, effect);
  }
};
