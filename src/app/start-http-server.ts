import type { Server } from 'node:http';
import type { TConfig } from '../config/environment.ts';
import { createHttpServer, type Route, type RouteHandler } from '../http/http-server.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { SlackApp } from '../slack/app.ts';
import type { CommandRunner } from '../slack/command-runner.ts';
import { createSlackRequestHandler } from '../slack/fast-ack.ts';
import { SLACK_EVENTS_PATH } from '../slack/ids.ts';

export type StartHttpServerOptions = {
  http: TConfig['http'];
  routes: Route[];
  /** The web pages: every path no route claims. */
  web?: RouteHandler | undefined;
  slack: SlackApp;
  /** Journals and runs slash commands arriving over HTTP. */
  commands: CommandRunner;
  signingSecret: string | undefined;
  metrics: Metrics;
  logger: Logger;
};

export type ListeningServer = { server: Server; url: string };

/**
 * Listens on the configured port: `routes` are served here, Slack's requests (in HTTP mode) are acknowledged at once
 * and handed to Bolt, anything else is a 404 (a 405 at a known path). The URL is the one a client on this host
 * reaches it at.
 */
export const startHttpServer = async ({
  http,
  routes,
  web,
  slack,
  commands,
  signingSecret,
  metrics,
  logger,
}: StartHttpServerOptions): Promise<ListeningServer> => {
  const slackRoutes: Route[] = [];
  if (slack.mode === 'http' && signingSecret) {
    // Only Slack's POSTs reach Bolt: its receiver answers any other request with an error that holds the request.
    const handleSlack = createSlackRequestHandler({
      commands,
      boltListener: slack.receiver.requestListener,
      signingSecret,
      logger,
    });
    slackRoutes.push({ method: 'POST', path: SLACK_EVENTS_PATH, handler: async (req, res) => handleSlack(req, res) });
  }
  const server = createHttpServer({ routes: [...routes, ...slackRoutes], fallback: web, metrics, logger });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(http.port, http.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : http.port;
  return { server, url: `http://${http.host === '0.0.0.0' ? '127.0.0.1' : http.host}:${port}` };
};
