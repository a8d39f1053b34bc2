import { createTransport } from 'nodemailer';
import { EmailError, type Mailer, type OutgoingEmail } from '../domain/email/mailer.ts';

export type SmtpMailerOptions = {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`; nodemailer reads it as it is. */
  smtpUrl: string;
  /** The From of every email, `Name <address>` or an address. */
  from: string;
};

// A mail server answers within seconds; a hung one must not hold the outbox's claim for long.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

// Errors that say the setup is wrong (the login, TLS the server does not offer): no retry soon will cure them.
const SETUP_CODES = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'EREQUIRETLS', 'EOAUTH2']);

const readNumber = (error: object, field: string): number | undefined => {
  const value: unknown = Reflect.get(error, field);
  return typeof value === 'number' ? value : undefined;
};

const readText = (error: object, field: string): string | undefined => {
  const value: unknown = Reflect.get(error, field);
  return typeof value === 'string' ? value : undefined;
};

/**
 * Reads a nodemailer failure as the outbox judges it: a 4xx answer, a lost connection or a timeout is transient; a 5xx
 * answer to the recipient (RCPT TO) is that email's end; any other 5xx (the sender refused at MAIL FROM, relaying
 * denied, a daily quota, the content refused at DATA) and a refused login or TLS setup are for a person to fix: they
 * would refuse every email alike, and settling them would lose every subscriber's.
 */
export const toEmailError = (error: unknown): EmailError => {
  if (!(error instanceof Error)) return new EmailError(`The mail server failed: ${String(error)}`, { transient: true });
  const responseCode = readNumber(error, 'responseCode');
  const code = readText(error, 'code') ?? '';
  const message = `The mail server ${responseCode === undefined ? 'failed' : `answered ${responseCode}`}: ${error.message}`;
  if (SETUP_CODES.has(code)) return new EmailError(message, { transient: false });
  if (responseCode !== undefined && responseCode >= 500) {
    return new EmailError(message, { transient: false, recipientRefused: readText(error, 'command') === 'RCPT TO' });
  }
  return new EmailError(message, { transient: true });
};

/**
 * Sends sitrep's emails over SMTP with nodemailer, on one connection kept open between emails: a fan-out to 500
 * subscribers took 60 s opening a connection per email and 8.5 s on one kept open (the tests' SMTP server on this
 * machine, PGlite). The outbox sends one email at a time, so one connection is all it can use.
 */
export const createSmtpMailer = ({ smtpUrl, from }: SmtpMailerOptions): Mailer => {
  // Settings the URL gives (in its query) win over these.
  const transport = createTransport({ url: smtpUrl, pool: true, maxConnections: 1, ...TIMEOUTS }, { from });
  return {
    send: async ({ to, subject, text, messageId, unsubscribeUrl }: OutgoingEmail) => {
      try {
        await transport.sendMail({
          to,
          subject,
          text,
          messageId,
          ...(unsubscribeUrl === undefined
            ? {}
            : {
                // RFC 8058: a mail client may offer an Unsubscribe button that POSTs to the link with no person there.
                headers: {
                  'List-Unsubscribe': `<${unsubscribeUrl}>`,
                  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
                },
              }),
        });
      } catch (error) {
        throw toEmailError(error);
      }
    },
    close: () => transport.close(),
  };
};
