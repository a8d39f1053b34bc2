import { describe, expect, it } from 'vitest';
import { renderConfirmationEmail, renderNoticeEmail } from '../../../src/render/email/status-emails.ts';

const base = {
  pageTitle: 'Acme status',
  zone: 'Europe/Paris',
  pageUrl: 'https://status.acme.example/status',
  unsubscribeUrl: 'https://status.acme.example/status/unsubscribe?token=t',
  scope: 'Checkout',
};

const maintenance = {
  about: 'maintenance' as const,
  services: ['checkout-api'],
  publicServices: ['Checkout'],
  startsAt: new Date('2026-12-10T01:00:00Z'),
  endsAt: new Date('2026-12-10T03:00:00Z'),
  text: 'Upgrading the payment database.',
};

describe('the status page’s emails', () => {
  it('says an update in its public words, times in the page’s zone, and how to unsubscribe', () => {
    const email = renderNoticeEmail({
      ...base,
      notice: {
        about: 'update',
        publicTitle: 'Card payments failing',
        status: 'identified',
        text: 'A bad release; we are rolling it back.',
        postedAt: new Date('2026-12-07T13:05:00Z'),
        services: ['checkout-api', 'search'],
        publicServices: ['Checkout', 'Search'],
      },
    });
    expect(email.subject).toBe('[Acme status] Identified: Card payments failing');
    expect(email.text).toContain('Identified · Mon 7 Dec 2026 14:05 Europe/Paris');
    expect(email.text).toContain('Affects Checkout and Search.');
    expect(email.text).toContain('A bad release; we are rolling it back.');
    expect(email.text).toContain('Unsubscribe: https://status.acme.example/status/unsubscribe?token=t');
    expect(email.text).not.toContain('checkout-api');
  });

  it('keeps a subject on one line whatever the public title holds', () => {
    const email = renderNoticeEmail({
      ...base,
      notice: {
        about: 'update',
        publicTitle: 'Slow\r\nBcc: victim@example.com',
        status: 'investigating',
        text: 'x',
        postedAt: new Date('2026-12-07T13:05:00Z'),
        services: [],
        publicServices: [],
      },
    });
    expect(email.subject).toBe('[Acme status] Investigating: Slow Bcc: victim@example.com');
  });

  it.each([
    [
      'scheduled',
      null,
      '[Acme status] Scheduled maintenance: Checkout',
      'Maintenance of Checkout is scheduled from Thu 10 Dec 2026 02:00 Europe/Paris to Thu 10 Dec 2026 04:00 Europe/Paris.',
    ],
    [
      'cancelled',
      new Date('2026-12-09T12:00:00Z'),
      '[Acme status] Maintenance cancelled: Checkout',
      'The maintenance of Checkout planned from Thu 10 Dec 2026 02:00 Europe/Paris to Thu 10 Dec 2026 04:00 Europe/Paris is cancelled.',
    ],
    [
      'cancelled',
      new Date('2026-12-10T02:00:00Z'),
      '[Acme status] Maintenance cancelled: Checkout',
      'ended early, at Thu 10 Dec 2026 03:00 Europe/Paris.',
    ],
  ] as const)('says maintenance %s (cancelled at %s)', (change, cancelledAt, subject, line) => {
    const email = renderNoticeEmail({ ...base, notice: { ...maintenance, change, cancelledAt } });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(line);
  });

  it('asks to confirm with the link, what it is for and until when it works', () => {
    const email = renderConfirmationEmail({
      pageTitle: 'Acme status',
      scopes: ['all services', 'Checkout'],
      confirmUrl: 'https://status.acme.example/status/subscription/confirm?token=abc',
      expiresAt: new Date('2026-12-09T13:05:00Z'),
      zone: 'UTC',
    });
    expect(email.subject).toBe('Confirm your subscription to Acme status');
    expect(email.text).toContain('about all services and Checkout.');
    expect(email.text).toContain('https://status.acme.example/status/subscription/confirm?token=abc');
    expect(email.text).toContain('works until Wed 9 Dec 2026 13:05 UTC');
  });
});
