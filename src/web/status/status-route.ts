import type { Hono } from 'hono';
import type { StatusPageFlows } from '../../flows/status-page-flows.ts';
import { renderStatusPage } from '../../render/web/status/status-page.ts';
import { createStatusPageCache } from './status-page-cache.ts';

/** A page rendered at most this often, however many people ask during a public incident. */
const STATUS_PAGE_TTL_MS = 5_000;

/** `GET /status`: the public status page, with no sign-in, served from memory; a 404 without `statusPage`. */
export const registerStatusRoute = (app: Hono, flows: StatusPageFlows): void => {
  const cache = createStatusPageCache({
    build: async () => {
      const view = await flows.readStatusPage();
      return view === undefined ? undefined : renderStatusPage(view);
    },
    ttlMs: STATUS_PAGE_TTL_MS,
    clock: () => performance.now(),
  });
  app.get('/status', async (c) => {
    const page = await cache.read();
    if (page === undefined) return c.text('Not found\n', 404);
    // Proxies may keep it briefly too: the page is the same for everyone.
    c.header('cache-control', 'public, max-age=5');
    return c.html(page);
  });
};
