import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { type EmailSubscriptionFlows, ZSubscriberEmail } from '../../flows/email-subscription-flows.ts';
import {
  renderCheckInbox,
  renderConfirmed,
  renderConfirmPage,
  renderLinkInvalid,
  renderSubscribeRefused,
  renderUnsubscribed,
  renderUnsubscribePage,
} from '../../render/web/status/subscription-pages.ts';

export type SubscriptionRouteOptions = {
  flows: Omit<EmailSubscriptionFlows, 'fanOut' | 'composeConfirmation' | 'composeNotification'>;
  pageTitle: string;
};

// A form of an address and a service name; anything much larger is not one.
const FORM_LIMIT = bodyLimit({ maxSize: 4096, onError: (c) => c.text('Too large\n', 413) });

const ZSubscribeForm = z.object({
  email: ZSubscriberEmail,
  service: z.string().trim().max(200).default(''),
});
const ZToken = z.string().min(1).max(200);
const ZTokenForm = z.object({ token: ZToken });
/** RFC 8058's one-click POST sends `List-Unsubscribe=One-Click`; the page's second button sends `scope=all`. */
const ZUnsubscribeForm = z.looseObject({ scope: z.literal('all').optional() });

// Pages reached by links that carry a secret: kept by no cache, and the secret sent on to no other site.
const PRIVATE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

const send = (c: Context, status: 200 | 400 | 404, page: string) => c.html(page, status, PRIVATE);

/**
 * The status page's email subscriptions, with no sign-in and no script: the subscribe form's POST, the confirmation
 * link's page and its Confirm button, and the unsubscribe link (a page on GET, RFC 8058's one-click on POST).
 */
export const registerSubscriptionRoutes = (app: Hono, { flows, pageTitle }: SubscriptionRouteOptions): void => {
  const invalid = (c: Context, hint: string) => send(c, 404, renderLinkInvalid({ pageTitle, hint }));

  app.post('/status/subscribe', FORM_LIMIT, async (c) => {
    const form = ZSubscribeForm.safeParse(await c.req.parseBody().catch(() => ({})));
    if (!form.success) {
      const problem = form.error.issues[0]?.message ?? 'The form could not be read.';
      return send(c, 400, renderSubscribeRefused({ pageTitle, problem }));
    }
    const { email, service } = form.data;
    if (!(await flows.subscribe({ email, service }))) {
      const problem = `There is no service called “${service}” on this status page.`;
      return send(c, 400, renderSubscribeRefused({ pageTitle, problem }));
    }
    return send(c, 200, renderCheckInbox({ pageTitle, email }));
  });

  app.get('/status/subscription/confirm', async (c) => {
    const token = ZToken.safeParse(c.req.query('token'));
    const view = token.success ? await flows.readConfirmation(token.data) : undefined;
    if (!token.success || view === undefined) return invalid(c, 'Subscribe again on the status page.');
    return send(c, 200, renderConfirmPage({ pageTitle, ...view, token: token.data }));
  });

  app.post('/status/subscription/confirm', FORM_LIMIT, async (c) => {
    const form = ZTokenForm.safeParse(await c.req.parseBody().catch(() => ({})));
    const scopes = form.success ? await flows.confirm(form.data.token) : undefined;
    if (scopes === undefined) return invalid(c, 'If you confirmed already, you are subscribed.');
    return send(c, 200, renderConfirmed({ pageTitle, scopes }));
  });

  app.get('/status/unsubscribe', async (c) => {
    const token = ZToken.safeParse(c.req.query('token'));
    const view = token.success ? await flows.readUnsubscribe(token.data) : undefined;
    if (!token.success || view === undefined) return invalid(c, 'Every email we send has a link that works.');
    const action = `/status/unsubscribe?token=${encodeURIComponent(token.data)}`;
    return send(c, 200, renderUnsubscribePage({ pageTitle, ...view, action }));
  });

  app.post('/status/unsubscribe', FORM_LIMIT, async (c) => {
    const token = ZToken.safeParse(c.req.query('token'));
    const form = ZUnsubscribeForm.safeParse(await c.req.parseBody().catch(() => ({})));
    const all = form.success && form.data.scope === 'all';
    const view = token.success ? await flows.readUnsubscribe(token.data) : undefined;
    if (!token.success || view === undefined || !(await flows.unsubscribe(token.data, { all }))) {
      return invalid(c, 'Every email we send has a link that works.');
    }
    return send(c, 200, renderUnsubscribed({ pageTitle, scope: all ? `anything from ${pageTitle}` : view.scope }));
  });
};
