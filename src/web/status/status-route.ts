import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
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
  /** Whether the page offers email subscriptions (SMTP_URL is set). */
  subscribe?: boolean;
};

/** An answer ready to send: its bytes and its headers, made once per rendering. */
type Served = { body: Buffer; headers: Record<string, string> };

// Proxies may keep each briefly too: it is the same for everyone. Statuspage's JSON is read by widgets on other
// sites; it is public, so any origin may. Feed readers poll on their own schedule; a minute late is no loss.
const answer = ({
  text,
  type,
  maxAge,
  cors = false,
}: {
  text: string;
  type: string;
  maxAge: number;
  cors?: boolean;
}) => {
  const body = Buffer.from(text);
  const headers: Record<string, string> = {
    'content-type': type,
    'content-length': String(body.length),
    'cache-control': `public, max-age=${maxAge}`,
    ...(cors ? { 'access-control-allow-origin': '*' } : {}),
  };
  return { body, headers };
};

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The public status page and its machine-readable outputs, with no sign-in: `/status`, `/status/api/v2/summary.json`
 * and `status.json` (Atlassian Statuspage's shape), `/status/feed.atom` and `/status/badge/<slug>.svg`. One read of
 * the public view per 5 s serves them all, so they agree with each other; each is rendered once per view, to bytes
 * sent as they are.
 */
export const createStatusOutputs = ({ flows, pageUrl, subscribe = false }: StatusRouteOptions) => {
  const view = createStatusPageCache({
    build: () => flows.readStatusPage(),
    ttlMs: STATUS_PAGE_TTL_MS,
    clock: () => performance.now(),
  });
  const cacheOf = <T>(render: (view: StatusPageView) => T) => {
    let last: { view: StatusPageView; output: T } | undefined;
    return async (): Promise<T | undefined> => {
      const current = await view.read();
      if (current === undefined) return undefined;
      if (last?.view !== current) last = { view: current, output: render(current) };
      return last.output;
    };
  };
  const exact = new Map<string, () => Promise<Served | undefined>>([
    [
      '/status',
      cacheOf((v) => answer({ text: renderStatusPage(v, { subscribe }), type: 'text/html; charset=utf-8', maxAge: 5 })),
    ],
    [
      '/status/api/v2/summary.json',
      cacheOf((v) =>
        answer({ text: renderStatusSummary({ view: v, pageUrl }), type: JSON_TYPE, maxAge: 5, cors: true }),
      ),
    ],
    [
      '/status/api/v2/status.json',
      cacheOf((v) =>
        answer({ text: renderStatusIndicator({ view: v, pageUrl }), type: JSON_TYPE, maxAge: 5, cors: true }),
      ),
    ],
    [
      '/status/feed.atom',
      cacheOf((v) =>
        answer({
          text: renderStatusFeed({ view: v, pageUrl }),
          type: 'application/atom+xml; charset=utf-8',
          maxAge: 60,
        }),
      ),
    ],
  ]);
  const badges = cacheOf(renderStatusBadges);
  return {
    exact,
    badge: async (slug: string): Promise<Served | undefined> => {
      const svg = (await badges())?.get(slug);
      return svg === undefined ? undefined : answer({ text: svg, type: 'image/svg+xml; charset=utf-8', maxAge: 5 });
    },
  };
};

export type StatusOutputs = ReturnType<typeof createStatusOutputs>;

/**
 * Answers a GET of one of the exact status paths straight from its bytes, without the web framework: during a public
 * incident this is what thousands ask for. True when it answered; anything else goes on to the web app.
 */
export const serveStatusOutput =
  (outputs: StatusOutputs) =>
  async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET') return false;
    const read = outputs.exact.get((req.url ?? '/').split('?')[0] ?? '/');
    const served = read === undefined ? undefined : await read();
    if (served === undefined) return false;
    res.writeHead(200, served.headers);
    res.end(served.body);
    return true;
  };

/** `GET /status/badge/<slug>.svg`, through the web app: a 404 for a slug no service on the page has. */
export const registerStatusRoute = (app: Hono, outputs: StatusOutputs): void => {
  app.get('/status/badge/:file{[a-z0-9-]+\\.svg}', async (c) => {
    const badge = await outputs.badge(c.req.param('file').slice(0, -'.svg'.length));
    if (badge === undefined) return c.text('Not found\n', 404);
    return c.body(new Uint8Array(badge.body), 200, badge.headers);
  });
};
