import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import { currentTraceId } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { ProcessedEventStore } from '../store/processed-event-store.ts';
import { createBoltLogger } from './bolt-logger.ts';
import { registerIncidentCommand } from './commands/incident.ts';
import { SLACK_EVENTS_PATH } from './ids.ts';
import { createInstrumentedFetch } from './instrumented-fetch.ts';
import { skipRetriedEvents } from './middleware/skip-retried-events.ts';

export type SlackAppOptions = {
  botToken: string;
  apiUrl: string;
  /** HTTP mode: Slack's requests arrive at /slack/events, signed with this secret. */
  signingSecret: string | undefined;
  /** Socket Mode when set. */
  appToken: string | undefined;
  logger: Logger;
  metrics: Metrics;
  processedEvents: ProcessedEventStore;
};

export type SlackApp =
  | { mode: 'http'; app: App; receiver: HTTPReceiver }
  | { mode: 'socket'; app: App; receiver: SocketModeReceiver };

/** The Bolt app with every sitrep listener registered; the HTTP server or Socket Mode feeds it. */
export const createSlackApp = (options: SlackAppOptions): SlackApp => {
  const boltLogger = createBoltLogger(options.logger);
  const clientOptions = { slackApiUrl: options.apiUrl, fetch: createInstrumentedFetch(options.metrics) };
  const slack: SlackApp = options.appToken
    ? (() => {
        const receiver = new SocketModeReceiver({ appToken: options.appToken, logger: boltLogger });
        return {
          mode: 'socket' as const,
          receiver,
          app: new App({ token: options.botToken, receiver, clientOptions, logger: boltLogger }),
        };
      })()
    : (() => {
        if (!options.signingSecret) throw new Error('HTTP mode needs a signing secret');
        const receiver = new HTTPReceiver({
          signingSecret: options.signingSecret,
          endpoints: SLACK_EVENTS_PATH,
          logger: boltLogger,
        });
        return {
          mode: 'http' as const,
          receiver,
          app: new App({ token: options.botToken, receiver, clientOptions, logger: boltLogger }),
        };
      })();
  const log = options.logger.child({ component: 'slack' });
  slack.app.use(skipRetriedEvents(options.processedEvents));
  registerIncidentCommand(slack.app);
  slack.app.error(async (error) => {
    log.error({ err: error, traceId: currentTraceId() }, 'a Slack listener failed');
  });
  return slack;
};
