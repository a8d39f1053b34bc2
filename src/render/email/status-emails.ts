import type { NoticeContent } from '../../domain/email/email-notice.ts';
import { STATUS_LABELS } from '../../domain/incident/incident.ts';
import { endOfMaintenance } from '../../domain/maintenance/maintenance-window.ts';
import { listWords } from '../../domain/text/list-words.ts';
import { formatInZone } from '../../domain/time/wall-clock.ts';

export type RenderedEmail = { subject: string; text: string };

/** A notice with its services under their public names, as the subscriber's email says it. */
export type PublicNotice = NoticeContent & { publicServices: string[] };

const when = (instant: Date, zone: string): string => `${formatInZone(instant, zone)} ${zone}`;

// Mail clients wrap text themselves; a subject is one line whatever a person typed.
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** What a subscription covers, in words: one service's public name, or every service on the page. */
export const describeScope = (service: string | undefined): string => service ?? 'all services';

/**
 * The email that asks a person to confirm a subscription (double opt-in): what they asked for, the link that opens
 * the page with the Confirm button, and when it stops working.
 */
export const renderConfirmationEmail = ({
  pageTitle,
  scopes,
  confirmUrl,
  expiresAt,
  zone,
}: {
  pageTitle: string;
  scopes: string[];
  confirmUrl: string;
  expiresAt: Date;
  zone: string;
}): RenderedEmail => ({
  subject: oneLine(`Confirm your subscription to ${pageTitle}`),
  text: [
    `Someone, hopefully you, asked for email updates from ${pageTitle} about ${listWords(scopes)}.`,
    '',
    'To start receiving them, open this link and press Confirm:',
    confirmUrl,
    '',
    `The link works until ${when(expiresAt, zone)}. If you did not ask, ignore this email: nothing will be sent.`,
    '',
  ].join('\n'),
});

const describeMaintenance = (notice: Extract<PublicNotice, { about: 'maintenance' }>, zone: string): string[] => {
  const services = listWords(notice.publicServices);
  const planned = `from ${when(notice.startsAt, zone)} to ${when(notice.endsAt, zone)}`;
  if (notice.change === 'scheduled') return [`Maintenance of ${services} is scheduled ${planned}.`, '', notice.text];
  const ended = endOfMaintenance(notice);
  return ended.getTime() > notice.startsAt.getTime()
    ? [`The maintenance of ${services} planned ${planned} ended early, at ${when(ended, zone)}.`]
    : [`The maintenance of ${services} planned ${planned} is cancelled.`];
};

/**
 * The email a subscriber gets about a public update or a maintenance window: only the words people published, the
 * public service names and times in `zone`, then where the status page is and how to unsubscribe.
 */
export const renderNoticeEmail = ({
  pageTitle,
  notice,
  zone,
  pageUrl,
  unsubscribeUrl,
  scope,
}: {
  pageTitle: string;
  notice: PublicNotice;
  zone: string;
  pageUrl: string;
  unsubscribeUrl: string;
  scope: string;
}): RenderedEmail => {
  const footer = [
    '',
    '--',
    `Status page: ${pageUrl}`,
    `You get this because you subscribed to ${pageTitle} updates about ${scope}.`,
    `Unsubscribe: ${unsubscribeUrl}`,
    '',
  ];
  if (notice.about === 'update') {
    const status = STATUS_LABELS[notice.status];
    return {
      subject: oneLine(`[${pageTitle}] ${status}: ${notice.publicTitle}`),
      text: [
        notice.publicTitle,
        `${status} · ${when(notice.postedAt, zone)}`,
        `Affects ${listWords(notice.publicServices)}.`,
        '',
        notice.text,
        ...footer,
      ].join('\n'),
    };
  }
  const what = notice.change === 'scheduled' ? 'Scheduled maintenance' : 'Maintenance cancelled';
  return {
    subject: oneLine(`[${pageTitle}] ${what}: ${listWords(notice.publicServices)}`),
    text: [...describeMaintenance(notice, zone), ...footer].join('\n'),
  };
};
