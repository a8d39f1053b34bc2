import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { noticeKeyOf, type TEmailNotice } from '../domain/email/email-notice.ts';
import type { OutgoingEmail } from '../domain/email/mailer.ts';
import { keyEffects, type TOutboxEffect } from '../domain/outbox/outbox-effect.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { describeScope, renderConfirmationEmail, renderNoticeEmail } from '../render/email/status-emails.ts';
import type { EmailSubscription, EmailSubscriptionStore } from '../store/email-subscription-store.ts';

export type EmailSubscriptionFlowDeps = {
  subscriptions: EmailSubscriptionStore;
  team: TTeamConfig;
  now: () => Date;
  onEffects: () => void;
  /** Where sitrep is reached from the internet (PUBLIC_URL), for the links in the emails. */
  publicUrl: string;
  /** The host part of every Message-ID sitrep makes. */
  messageIdHost: string;
};

const MINUTE = 60_000;
/** A pending address is mailed a confirmation at most once per this long, however often the form is sent. */
const CONFIRMATION_RESEND_MS = 10 * MINUTE;
/** An unconfirmed link stops working after this long. */
const CONFIRMATION_EXPIRES_MS = 48 * 60 * MINUTE;

/** The address as typed on the form: one address, of a length mail servers take. */
export const ZSubscriberEmail = z
  .string()
  .trim()
  .max(254, 'That email address is too long.')
  .pipe(z.email('That does not look like an email address: it should be like name@example.com.'))
  .transform((email) => email.toLowerCase());

/** A link's token: the subscription's id, a dot, and its secret (32 random bytes, base64url). */
const ZToken = z
  .string()
  .transform((token) => token.split('.'))
  .pipe(z.tuple([z.uuid(), z.string().regex(/^[\w-]{43}$/)]));

const newSecret = (): string => randomBytes(32).toString('base64url');
const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Equal without telling how much of it matched by how long it took to say no. */
const sameSecret = (given: string, stored: string): boolean => timingSafeEqual(sha256(given), sha256(stored));

export type ConfirmationView = { email: string; scopes: string[] };
export type UnsubscribeView = { email: string; scope: string; others: boolean };

/** The status page as its emails name it: public names, title, zone and links. */
const describePage = ({ team, publicUrl, messageIdHost }: EmailSubscriptionFlowDeps) => {
  const listed = team.statusPage?.groups.flatMap((group) => group.services) ?? [];
  const publicNameOf = new Map(listed.map((entry) => [entry.service, entry.name]));
  return {
    publicNameOf,
    serviceOf: new Map(listed.map((entry) => [entry.name, entry.service])),
    pageTitle: team.statusPage?.title ?? 'Status',
    zone: team.team.timeZone,
    statusUrl: `${publicUrl}/status`,
    scopeOf: (service: string): string => describeScope(service === '' ? undefined : publicNameOf.get(service)),
    messageIdOf: (key: string): string =>
      `<sitrep-${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${messageIdHost}>`,
  };
};

type Page = ReturnType<typeof describePage>;

/** What a person does on the page and through the links: subscribe, confirm, unsubscribe. */
const createSubscriberSteps = ({ subscriptions, now, onEffects }: EmailSubscriptionFlowDeps, page: Page) => {
  /** The subscription a link names, when its secret is the one stored (for confirming: the hash of it). */
  const findByToken = async (
    token: string,
    check: (secret: string, row: EmailSubscription) => boolean,
  ): Promise<EmailSubscription | undefined> => {
    const parsed = ZToken.safeParse(token);
    if (!parsed.success) return undefined;
    const [id, secret] = parsed.data;
    const row = await subscriptions.findById(id);
    return row !== undefined && check(secret, row) ? row : undefined;
  };
  const confirmable = (secret: string, row: EmailSubscription): boolean =>
    row.status === 'pending' &&
    row.confirmTokenHash !== null &&
    row.confirmExpiresAt !== null &&
    row.confirmExpiresAt.getTime() > now().getTime() &&
    timingSafeEqual(sha256(secret), Buffer.from(row.confirmTokenHash, 'hex'));
  const unsubscribable = (secret: string, row: EmailSubscription): boolean => sameSecret(secret, row.unsubscribeSecret);

  return {
    /**
     * A person asked for updates about `service` (a public name; '' for all). Says nothing about whether the
     * address was subscribed already; false only for a service the page does not list.
     */
    subscribe: async ({ email, service }: { email: string; service: string }): Promise<boolean> => {
      const internal = service === '' ? '' : page.serviceOf.get(service);
      if (internal === undefined) return false;
      const at = now();
      const secret = newSecret();
      const mailed = await subscriptions.request({
        email,
        service: internal,
        now: at,
        mailedSince: new Date(at.getTime() - CONFIRMATION_RESEND_MS),
        expiresAt: new Date(at.getTime() + CONFIRMATION_EXPIRES_MS),
        secret: {
          hash: sha256(secret).toString('hex'),
          effects: (subscriptionId) =>
            keyEffects(`email.confirm:${subscriptionId}:${at.toISOString()}`, [
              { kind: 'email.confirm', subscriptionId, token: `${subscriptionId}.${secret}` },
            ]),
        },
        unsubscribeSecret: newSecret(),
      });
      if (mailed) onEffects();
      return true;
    },

    /** What a confirmation link would confirm; undefined when it is unknown, used or expired. */
    readConfirmation: async (token: string): Promise<ConfirmationView | undefined> => {
      const row = await findByToken(token, confirmable);
      if (row === undefined) return undefined;
      const pending = await subscriptions.listPending({ email: row.email, now: now() });
      return { email: row.email, scopes: pending.map((subscription) => page.scopeOf(subscription.service)) };
    },

    /** The Confirm button: the address's pending subscriptions become active. Undefined when the link is not valid. */
    confirm: async (token: string): Promise<string[] | undefined> => {
      const row = await findByToken(token, confirmable);
      if (row === undefined || row.confirmTokenHash === null) return undefined;
      const confirmed = await subscriptions.confirm({ id: row.id, tokenHash: row.confirmTokenHash, now: now() });
      return confirmed.length === 0 ? undefined : confirmed.map(page.scopeOf);
    },

    /** What an unsubscribe link stops; undefined when it is not one of ours. */
    readUnsubscribe: async (token: string): Promise<UnsubscribeView | undefined> => {
      const row = await findByToken(token, unsubscribable);
      if (row === undefined) return undefined;
      const subscribed = await subscriptions.listSubscribed(row.email);
      const others = subscribed.some((subscription) => subscription.id !== row.id);
      return { email: row.email, scope: page.scopeOf(row.service), others };
    },

    /** Unsubscribes at once (the one-click POST, or the page's button); `all` stops every subscription of the address. */
    unsubscribe: async (token: string, { all }: { all: boolean }): Promise<boolean> => {
      const row = await findByToken(token, unsubscribable);
      if (row === undefined) return false;
      await subscriptions.unsubscribe({ id: row.id, all, now: now() });
      return true;
    },
  };
};

/** The emails: a notice fanned out to its subscribers, and each email composed when the outbox sends it. */
const createEmailSteps = ({ subscriptions, now }: EmailSubscriptionFlowDeps, page: Page) => {
  const readNotice = (notice: TEmailNotice) =>
    notice.about === 'update'
      ? subscriptions.readUpdate({ incidentId: notice.incidentId, requestKey: notice.requestKey })
      : subscriptions.readMaintenance({ maintenanceId: notice.maintenanceId, change: notice.change });
  return {
    /**
     * Writes one `email.notify` per address subscribed to a service the notice affects (on the page) or to all,
     * keyed by notice and address, so a fan-out run again adds nothing and an address subscribed twice gets one.
     */
    fanOut: async (notice: TEmailNotice): Promise<void> => {
      const content = await readNotice(notice);
      const services = (content?.services ?? []).filter((service) => page.publicNameOf.has(service));
      if (services.length === 0) return;
      const recipients = await subscriptions.listRecipients(services);
      const byAddress = new Map<string, EmailSubscription>();
      // A subscription to one of the services is preferred to one to all: its unsubscribe link is the narrower.
      for (const row of recipients) if (!byAddress.has(row.email) || row.service !== '') byAddress.set(row.email, row);
      const key = noticeKeyOf(notice);
      const effects = [...byAddress].map(([email, row]) => ({
        dedupeKey: `email.notify:${key}:${sha256(email).toString('hex').slice(0, 32)}`,
        effect: { kind: 'email.notify' as const, subscriptionId: row.id, notice },
      }));
      await subscriptions.enqueue(effects, now());
    },

    /** The confirmation email; undefined when the subscription is gone or no longer waiting for it. */
    composeConfirmation: async (
      effect: Extract<TOutboxEffect, { kind: 'email.confirm' }>,
    ): Promise<OutgoingEmail | undefined> => {
      const row = await subscriptions.findById(effect.subscriptionId);
      if (row === undefined || row.status !== 'pending' || row.confirmExpiresAt === null) return undefined;
      const confirmUrl = `${page.statusUrl}/subscription/confirm?token=${encodeURIComponent(effect.token)}`;
      const pending = await subscriptions.listPending({ email: row.email, now: now() });
      const scopes = (pending.length > 0 ? pending : [row]).map((subscription) => page.scopeOf(subscription.service));
      const { pageTitle, zone } = page;
      return {
        to: row.email,
        ...renderConfirmationEmail({ pageTitle, scopes, confirmUrl, expiresAt: row.confirmExpiresAt, zone }),
        messageId: page.messageIdOf(`confirm:${effect.token}`),
      };
    },

    /** A subscriber's email about a notice; undefined when they unsubscribed since or the notice is gone. */
    composeNotification: async (
      effect: Extract<TOutboxEffect, { kind: 'email.notify' }>,
    ): Promise<OutgoingEmail | undefined> => {
      const [row, content] = await Promise.all([
        subscriptions.findById(effect.subscriptionId),
        readNotice(effect.notice),
      ]);
      if (row === undefined || row.status !== 'active' || content === undefined) return undefined;
      const publicServices = content.services.flatMap((service) => page.publicNameOf.get(service) ?? []);
      const token = encodeURIComponent(`${row.id}.${row.unsubscribeSecret}`);
      const unsubscribeUrl = `${page.statusUrl}/unsubscribe?token=${token}`;
      return {
        to: row.email,
        ...renderNoticeEmail({
          pageTitle: page.pageTitle,
          notice: { ...content, publicServices },
          zone: page.zone,
          pageUrl: page.statusUrl,
          unsubscribeUrl,
          scope: page.scopeOf(row.service),
        }),
        messageId: page.messageIdOf(`notify:${noticeKeyOf(effect.notice)}:${row.email}`),
        unsubscribeUrl,
      };
    },
  };
};

export type EmailSubscriptionFlows = ReturnType<typeof createEmailSubscriptionFlows>;

/**
 * Email subscriptions to the public status page: subscribe (a link is mailed), confirm it (double opt-in),
 * unsubscribe (one click, RFC 8058), and the emails themselves, each written to the outbox and composed when it is
 * sent from the public words only.
 */
export const createEmailSubscriptionFlows = (deps: EmailSubscriptionFlowDeps) => {
  const page = describePage(deps);
  return { ...createSubscriberSteps(deps, page), ...createEmailSteps(deps, page) };
};
