import { escapeMrkdwn, escapeTypedText } from '../text/escape-mrkdwn.ts';

/**
 * The line that says a service's on-call was paged through PagerDuty, in the incident channel once PagerDuty took the
 * page and on the timeline when it was asked for: `:pager: Paged the checkout-api on-call through PagerDuty (SEV1):
 * card payments failing`. The reason is what a person typed, so it is escaped.
 */
export const describePaged = ({
  service,
  severity,
  reason,
}: {
  service: string;
  severity: string;
  reason?: string | undefined;
}): string => {
  const line = `:pager: Paged the ${escapeMrkdwn(service)} on-call through PagerDuty (${escapeMrkdwn(severity)})`;
  return reason && reason.trim() !== '' ? `${line}: ${escapeTypedText(reason.trim())}` : `${line}.`;
};
