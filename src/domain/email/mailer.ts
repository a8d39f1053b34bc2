import { ServiceError } from '../outbox/service-error.ts';

/**
 * One email as sitrep sends it: plain text, to one address, with the RFC 8058 one-click unsubscribe headers when it
 * is about the status page (a confirmation has no subscription to leave yet). `messageId` is the same on every try of
 * one email, so a mail client folds a copy sent again after a lost answer into the first.
 */
export type OutgoingEmail = {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  unsubscribeUrl?: string;
};

/** Sends one email, throwing an `EmailError` when the mail server did not take it; `close` lets go of connections. */
export type Mailer = { send: (email: OutgoingEmail) => Promise<void>; close: () => void };

/**
 * The mail server did not take an email: `transient` for a 4xx answer, a connection or timeout error (tried again
 * on the outbox's backoff); `recipientRefused` for a 5xx answer about its recipient, which no retry will change, so
 * that email is given up on (and no other waits for it). Anything else (a 5xx to the sender, the content or the
 * login) is the setup's fault, held for a person to see.
 */
export class EmailError extends ServiceError {
  override name = 'EmailError';
  readonly recipientRefused: boolean;
  constructor(message: string, options: { transient: boolean; recipientRefused?: boolean }) {
    super(message, { transient: options.transient });
    this.recipientRefused = options.recipientRefused ?? false;
  }
}
