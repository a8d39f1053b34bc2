import type { TEmailConfig } from '../config/environment.ts';
import type { Mailer } from '../domain/email/mailer.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { createSmtpMailer } from '../email/smtp-mailer.ts';
import type { Logger } from '../observability/logger.ts';

/**
 * The mail server the status page's subscribers are emailed through, when SMTP_URL (with SMTP_FROM and PUBLIC_URL)
 * is set; otherwise none, said in one line at startup when there is a status page to subscribe to.
 */
export const createEmailDelivery = ({
  email,
  team,
  logger,
}: {
  email: TEmailConfig;
  team: TTeamConfig;
  logger: Logger;
}): Mailer | undefined => {
  if (team.statusPage === undefined) return undefined;
  if (!email.enabled) {
    logger.info(email.reason);
    return undefined;
  }
  logger.info({ from: email.from }, 'email subscriptions to the status page are on');
  return createSmtpMailer(email);
};
