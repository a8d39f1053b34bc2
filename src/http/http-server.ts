import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.ts';
import { newTraceId, withTrace } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export type Route = { method: 'GET' | 'POST'; path: string; handler: RouteHandler };

export type CreateHttpServerOptions = {
  routes: Route[];
  /** Answers every other path (the web pages), when there is one; else such a path is a 404. */
  fallback?: RouteHandler | undefined;
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

const sendText = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void => {
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};

/**
 * sitrep's one HTTP server: health, metrics, webhooks and Slack's requests, each a route. A path that is none of
 * them is a 404 and a route asked with another method a 405, answered here without a log line: the internet's
 * scanners knock on every door, and that is nobody's error. Every request gets a trace id (the caller's
 * X-Request-Id when it is sane) that appears in each log line written while it runs.
 */
export const createHttpServer = ({ routes, fallback, metrics, logger }: CreateHttpServerOptions): Server =>
  createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requested = req.headers['x-request-id'];
    const traceId = typeof requested === 'string' && TRACE_ID.test(requested) ? requested : newTraceId();
    res.setHeader('x-trace-id', traceId);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const atPath = routes.filter((r) => r.path === path);
    const route = atPath.find((r) => r.method === req.method);
    const label = atPath.length > 0 ? path : fallback === undefined ? 'other' : 'web';
    res.on('finish', () => {
      metrics.httpRequests.inc({ route: label, method: req.method ?? 'GET', status: String(res.statusCode) });
      metrics.httpDuration.observe({ route: label }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    withTrace(traceId, () => {
      if (atPath.length === 0 && fallback === undefined) {
        sendText(res, 404, 'Not found\n');
        return;
      }
      const handler = route?.handler ?? (atPath.length === 0 ? fallback : undefined);
      if (!handler) {
        sendText(res, 405, 'Method not allowed\n', { allow: atPath.map((r) => r.method).join(', ') });
        return;
      }
      handler(req, res).catch((error: unknown) => {
        logger.error({ err: error, path }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error', traceId });
        else res.end();
      });
    });
  });
