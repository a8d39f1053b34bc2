import { EmailError, type Mailer } from '../../../domain/email/mailer.ts';
import type { TOutboxEffect } from '../../../domain/outbox/outbox-effect.ts';
import type { EmailSubscriptionFlows } from '../../../flows/email-subscription-flows.ts';

export type EmailEffect = Extract<TOutboxEffect, { kind: 'email.confirm' | 'email.fanout' | 'email.notify' }>;

/** The subscriptions' flows and the mail server, when SMTP_URL is set; undefined leaves email effects undone. */
export type EmailDeps =
  | { flows: Pick<EmailSubscriptionFlows, 'fanOut' | 'composeConfirmation' | 'composeNotification'>; mailer: Mailer }
  | undefined;

/**
 * Carries out an email effect: a fan-out writes one keyed email per subscriber; a confirmation or a notification is
 * composed from the database as it is now (nothing for a subscriber who left meanwhile) and sent. With email off
 * (SMTP_URL, SMTP_FROM or PUBLIC_URL unset since the effect was written, or on this replica only) it is held for a
 * person to see in `sitrep outbox`, never dropped: setting them again and retrying sends it.
 */
export const runEmailEffect = async (deps: EmailDeps, effect: EmailEffect): Promise<void> => {
  if (deps === undefined) {
    throw new EmailError('Email is off here: set SMTP_URL, SMTP_FROM and PUBLIC_URL (and a statusPage) to send it', {
      transient: false,
    });
  }
  if (effect.kind === 'email.fanout') return deps.flows.fanOut(effect.notice);
  const email =
    effect.kind === 'email.confirm'
      ? await deps.flows.composeConfirmation(effect)
      : await deps.flows.composeNotification(effect);
  if (email !== undefined) await deps.mailer.send(email);
};
