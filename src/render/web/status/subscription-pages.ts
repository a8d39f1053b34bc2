import { listWords } from '../../../domain/text/list-words.ts';
import { type Html, html } from '../html.ts';
import { PAGE_STYLE } from '../layout.ts';

/**
 * A page of the status page's email subscriptions: no sign-in, no script, and never indexed (its links carry
 * secrets); it links back to the status page.
 */
const renderFrame = ({ pageTitle, heading, body }: { pageTitle: string; heading: string; body: Html }): string =>
  html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${heading} · ${pageTitle}</title>${PAGE_STYLE}</head>
<body><main id="main"><h1>${heading}</h1>
${body}
<p><a href="/status">Back to ${pageTitle}</a></p></main></body></html>`.text;

/** The subscribe form on the status page: an address, and all services or one of them by its public name. */
export const renderSubscribeForm = (services: string[]): Html => html`<section class="card" aria-labelledby="subscribe">
<h2 id="subscribe">Get updates by email</h2>
<form method="post" action="/status/subscribe" class="filters">
<label>Email address <input type="email" name="email" required autocomplete="email" maxlength="254"></label>
<label>About <select name="service"><option value="">All services</option>${services.map(
  (name) => html`<option value="${name}">${name}</option>`,
)}</select></label>
<button type="submit">Subscribe</button></form>
<p class="muted">We email you a link to confirm first. Every email has a link to unsubscribe.</p></section>`;

/** The answer to the subscribe form, the same whether or not the address was subscribed already. */
export const renderCheckInbox = ({ pageTitle, email }: { pageTitle: string; email: string }): string =>
  renderFrame({
    pageTitle,
    heading: 'Check your inbox',
    body: html`<p role="status">If ${email} can receive updates, a link to confirm is on its way. Open it and press
Confirm to start receiving updates. The link works for 48 hours.</p>`,
  });

/** A form that could not be read: what is wrong, and the way back. */
export const renderSubscribeRefused = ({ pageTitle, problem }: { pageTitle: string; problem: string }): string =>
  renderFrame({ pageTitle, heading: 'That did not work', body: html`<p role="alert">${problem}</p>` });

/** A link that is unknown, already used or expired. */
export const renderLinkInvalid = ({ pageTitle, hint }: { pageTitle: string; hint: string }): string =>
  renderFrame({
    pageTitle,
    heading: 'This link does not work',
    body: html`<p role="alert">It may have expired or been used already. ${hint}</p>`,
  });

/**
 * The page a confirmation link opens: what will be confirmed and the Confirm button. A button, not the link itself,
 * because mail scanners open links on their own.
 */
export const renderConfirmPage = ({
  pageTitle,
  email,
  scopes,
  token,
}: {
  pageTitle: string;
  email: string;
  scopes: string[];
  token: string;
}): string =>
  renderFrame({
    pageTitle,
    heading: 'Confirm your subscription',
    body: html`<p>Send updates about ${listWords(scopes)} to ${email}?</p>
<form method="post" action="/status/subscription/confirm"><input type="hidden" name="token" value="${token}">
<button type="submit">Confirm</button></form>`,
  });

export const renderConfirmed = ({ pageTitle, scopes }: { pageTitle: string; scopes: string[] }): string =>
  renderFrame({
    pageTitle,
    heading: 'You are subscribed',
    body: html`<p role="status">You will get an email about ${listWords(scopes)} when we post an update or schedule
maintenance. Every email has a link to unsubscribe.</p>`,
  });

/** The page an unsubscribe link opens: a button for this subscription, and one for all of the address's. */
export const renderUnsubscribePage = ({
  pageTitle,
  email,
  scope,
  others,
  action,
}: {
  pageTitle: string;
  email: string;
  scope: string;
  others: boolean;
  action: string;
}): string =>
  renderFrame({
    pageTitle,
    heading: 'Unsubscribe',
    body: html`<p>Stop sending ${email} updates about ${scope}?</p>
<form method="post" action="${action}"><button type="submit">Unsubscribe from ${scope}</button></form>${
      others
        ? html`<form method="post" action="${action}"><input type="hidden" name="scope" value="all">
<button type="submit">Unsubscribe from all ${pageTitle} emails</button></form>`
        : ''
    }`,
  });

export const renderUnsubscribed = ({ pageTitle, scope }: { pageTitle: string; scope: string }): string =>
  renderFrame({
    pageTitle,
    heading: 'You are unsubscribed',
    body: html`<p role="status">No more emails about ${scope} will be sent. You can subscribe again on the status
page at any time.</p>`,
  });
