import { Hono } from 'hono';
import { AppError } from '../domain/app-error.ts';
import type { Logger } from '../observability/logger.ts';
import { html } from '../render/web/html.ts';
import type { WebAuth } from './auth/create-web-auth.ts';
import { registerActionItemsRoute } from './pages/action-items-route.ts';
import { registerIncidentRoute } from './pages/incident-route.ts';
import { registerIncidentsRoute } from './pages/incidents-route.ts';
import { registerOverviewRoute } from './pages/overview-route.ts';
import { registerPostmortemRoutes } from './pages/postmortem-route.ts';
import { registerServicesRoutes } from './pages/services-route.ts';
import { registerStatusRoute, type StatusOutputs } from './status/status-route.ts';
import { registerSubscriptionRoutes, type SubscriptionRouteOptions } from './status/subscription-routes.ts';
import { sendPage, type WebDeps, type WebEnv } from './web-context.ts';

export type WebAppOptions = {
  /** The signed-in pages, when Sign in with Slack is set up. */
  pages: (WebDeps & { auth: WebAuth }) | undefined;
  /** The public status page and its feeds, when sitrep.yml has one. */
  status: StatusOutputs | undefined;
  /** Email subscriptions to the status page, when SMTP_URL is set. */
  subscriptions?: SubscriptionRouteOptions | undefined;
  logger: Logger;
};

const STATUS_OF: Partial<Record<AppError['code'], 400 | 404 | 409>> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  NO_CHANGE: 409,
};

/**
 * sitrep's web pages: the public status page, and, signed in with Slack, every other page behind a session and every
 * form behind its CSRF token. A
 * refusal sitrep meant (an AppError) is a page that says why; anything else is logged and answered 500 with no detail.
 */
export const createWebApp = ({ pages: signedIn, status, subscriptions, logger }: WebAppOptions): Hono => {
  const app = new Hono();
  if (status !== undefined) registerStatusRoute(app, status);
  if (subscriptions !== undefined) registerSubscriptionRoutes(app, subscriptions);
  if (signedIn === undefined) return app;
  const { auth, ...deps } = signedIn;
  app.route('/', auth.routes);
  const pages = new Hono<WebEnv>();
  pages.use('*', auth.requireSession, auth.checkCsrf);
  registerOverviewRoute(pages, deps);
  registerIncidentsRoute(pages, deps);
  registerIncidentRoute(pages, deps);
  registerPostmortemRoutes(pages, deps);
  registerServicesRoutes(pages, deps);
  registerActionItemsRoute(pages, deps);
  pages.onError((error, c) => {
    const status = error instanceof AppError ? STATUS_OF[error.code] : undefined;
    if (error instanceof AppError && status !== undefined) {
      return sendPage(c, {
        title: 'Sorry',
        current: null,
        zone: deps.team.team.timeZone,
        status,
        body: html`<h1>Sorry</h1><p role="alert">${error.userMessage}</p>`,
      });
    }
    logger.error({ err: error, path: c.req.path }, 'web page failed');
    return c.text(
      'Something went wrong on our side; it has been logged.',
      error instanceof AppError && error.code === 'DATABASE_UNAVAILABLE' ? 503 : 500,
    );
  });
  app.route('/', pages);
  return app;
};
