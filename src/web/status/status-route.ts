import type { Context, Hono } from 'hono';
import type { StatusPageView } from '../../domain/status-page/status-page-view.ts';
import type { StatusPageFlows } from '../../flows/status-page-flows.ts';
import { renderStatusBadges } from '../../render/web/status/status-badge.ts';
import { renderStatusFeed } from '../../render/web/status/status-feed.ts';
import { renderStatusPage } from '../../render/web/status/status-page.ts';
import { renderStatusIndicator, renderStatusSummary } from '../../render/web/status/status-summary.ts';
import { createStatusPageCache } from './status-page-cache.ts';

/** A page rendered at most this often, however many people ask during a public incident. */
const STATUS_PAGE_TTL_MS = 5_000;

export type StatusRouteOptions = {
  flows: StatusPageFlows;
  /** Where the HTML page is reached, for the JSON and the feed: absolute when PUBLIC_URL is set, else `/status`. */
  pageUrl: string;
};

const NOT_FOUND = 'Not found\n';

/**
 * `GET /status`, `/status/api/v2/summary.json` and `status.json` (Atlassian Statuspage's shape), `/status/feed.atom`
 * and `/status/badge/<slug>.svg`: the public status page and its machine-readable outputs, with no sign-in, each
 * rendered at most once per 5 s from the same public view and served from memory; a 404 without `statusPage`.
 */
export const registerStatusRoute = (app: Hono, { flows, pageUrl }: StatusRouteOptions): void => {
  // One read of the public view per 5 s for every output, so they agree with each other; each output is rendered
  // once per view.
  const view = createStatusPageCache({
    build: () => flows.readStatusPage(),
    ttlMs: STATUS_PAGE_TTL_MS,
    clock: () => performance.now(),
  });
  const cacheOf = <T>(render: (view: StatusPageView) => T) => {
    let last: { view: StatusPageView; output: T } | undefined;
    return {
      read: async (): Promise<T | undefined> => {
        const current = await view.read();
        if (current === undefined) return undefined;
        if (last?.view !== current) last = { view: current, output: render(current) };
        return last.output;
      },
    };
  };
  const page = cacheOf(renderStatusPage);
  const summary = cacheOf((view) => renderStatusSummary({ view, pageUrl }));
  const indicator = cacheOf((view) => renderStatusIndicator({ view, pageUrl }));
  const feed = cacheOf((view) => renderStatusFeed({ view, pageUrl }));
  const badges = cacheOf(renderStatusBadges);

  // Proxies may keep each briefly too: it is the same for everyone.
  const send = (c: Context, { body, type, maxAge }: { body: string | undefined; type: string; maxAge: number }) => {
    if (body === undefined) return c.text(NOT_FOUND, 404);
    c.header('cache-control', `public, max-age=${maxAge}`);
    c.header('content-type', type);
    return c.body(body);
  };
  const JSON_TYPE = 'application/json; charset=utf-8';
  app.get('/status', async (c) => send(c, { body: await page.read(), type: 'text/html; charset=UTF-8', maxAge: 5 }));
  // Statuspage's JSON is read by widgets on other sites; it is public, so any origin may.
  const sendJson = async (c: Context, output: typeof summary) => {
    c.header('access-control-allow-origin', '*');
    return send(c, { body: await output.read(), type: JSON_TYPE, maxAge: 5 });
  };
  app.get('/status/api/v2/summary.json', (c) => sendJson(c, summary));
  app.get('/status/api/v2/status.json', (c) => sendJson(c, indicator));
  // Feed readers poll on their own schedule; a minute late is no loss.
  app.get('/status/feed.atom', async (c) =>
    send(c, { body: await feed.read(), type: 'application/atom+xml; charset=utf-8', maxAge: 60 }),
  );
  app.get('/status/badge/:file{[a-z0-9-]+\\.svg}', async (c) => {
    const all = await badges.read();
    const badge = all?.get(c.req.param('file').slice(0, -'.svg'.length));
    return send(c, { body: badge, type: 'image/svg+xml; charset=utf-8', maxAge: 5 });
  });
};
