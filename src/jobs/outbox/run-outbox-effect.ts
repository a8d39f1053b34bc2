import type { TOutboxEffect } from '../../domain/outbox/outbox-effect.ts';
import { type GeneratePostmortemDeps, generatePostmortem } from './generate-postmortem.ts';
import { postIncidentLine } from './slack/incident-channel-messages.ts';
import { runSlackEffect } from './slack/run-slack-effect.ts';
import { type SlackEffectDeps, withPacingTicket } from './slack/slack-effect-deps.ts';

export type OutboxEffectDeps = {
  slack: SlackEffectDeps;
  /** Drafts a postmortem version (the `postmortem.generate` effect). */
  drafts: GeneratePostmortemDeps['drafts'];
  /** Brings the newest postmortem version's action table in line with the action items (`postmortem.sync_actions`). */
  syncPostmortemActions: (incidentId: string) => Promise<void>;
};

/** Sends an effect to its handler: Slack calls to the Slack adapter, postmortem drafting to its flows. */
export const runOutboxEffect = async (deps: OutboxEffectDeps, effect: TOutboxEffect): Promise<void> => {
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
    default:
      return runSlackEffect(deps.slack, effect);
  }
};
