import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.ts';
import { newTraceId, withTrace } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export type Route = { method: 'GET' | 'POST'; path: string; handler: RouteHandler };

export type CreateHttpServerOptions = {
  routes: Route[];
  /** Everything else goes to Bolt's receiver, which serves Slack's requests at `path` and 404s the rest. */
  fallback: { path: string; handler: (req: IncomingMessage, res: ServerResponse) => void };
  metrics: Metrics;
  logger: Logger;
};

const TRACE_ID = /^[\w-]{1,64}$/;

/** Sends a JSON body with the right headers. */
export const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};

/**
 * sitrep's one HTTP server: health, metrics and webhooks here, Slack's requests handed to Bolt. Every request gets
 * a trace id (the caller's X-Request-Id when it is sane) that appears in each log line written while it runs.
 */
export const createHttpServer = ({ routes, fallback, metrics, logger }: CreateHttpServerOptions): Server =>
  createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requested = req.headers['x-request-id'];
    const traceId = typeof requested === 'string' && TRACE_ID.test(requested) ? requested : newTraceId();
    res.setHeader('x-trace-id', traceId);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes.find((r) => r.path === path);
    const label = route?.path ?? (path === fallback.path ? path : 'other');
    res.on('finish', () => {
      metrics.httpRequests.inc({ route: label, method: req.method ?? 'GET', status: String(res.statusCode) });
      metrics.httpDuration.observe({ route: label }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    withTrace(traceId, () => {
      if (!route) {
        fallback.handler(req, res);
        return;
      }
      if (req.method !== route.method) {
        res.writeHead(405, { allow: route.method }).end();
        return;
      }
      route.handler(req, res).catch((error: unknown) => {
        logger.error({ err: error, path }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error', traceId });
        else res.end();
      });
    });
  });
