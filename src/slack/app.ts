import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../observability/logger.ts';
import { currentTraceId } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { registerActionItemDone } from './actions/action-item-done.ts';
import { registerActionItemReassign } from './actions/action-item-reassign.ts';
import { registerActionItemSnooze } from './actions/action-item-snooze.ts';
import { registerActionItemWontDo } from './actions/action-item-wont-do.ts';
import { registerConfirmResolveAction } from './actions/confirm-resolve.ts';
import { registerEditImpactEndsAction } from './actions/edit-impact-ends.ts';
import { registerOpenDeclareModalAction } from './actions/open-declare-modal.ts';
import { registerOpenPublishModalActions } from './actions/open-publish-modal.ts';
import { registerRecordImpactAction } from './actions/record-impact.ts';
import { registerResolveWithoutImpactAction } from './actions/resolve-without-impact.ts';
import { registerSuggestOnCallLead } from './actions/suggest-on-call-lead.ts';
import { createBoltLogger } from './bolt-logger.ts';
import { registerIncidentCommand } from './commands/incident/incident-command.ts';
import type { SlackContext } from './context.ts';
import { registerAppHomeOpened } from './events/app-home-opened.ts';
import { registerMessageChanges } from './events/message-changes.ts';
import { registerPushpinReactions } from './events/pushpin-reactions.ts';
import { SLACK_EVENTS_PATH } from './ids.ts';
import { createInstrumentedFetch } from './instrumented-fetch.ts';
import { type ProcessedEvents, skipRetriedEvents } from './middleware/skip-retried-events.ts';
import { registerAddToTimelineShortcut } from './shortcuts/add-to-timeline.ts';
import { registerDeclareIncidentShortcut } from './shortcuts/declare-incident.ts';
import { registerAddToTimelineView } from './views/add-to-timeline.ts';
import { registerCloseImpactWindowsView } from './views/close-impact-windows.ts';
import { registerDeclareIncidentView } from './views/declare-incident.ts';
import { registerPublishUpdateView } from './views/publish-update.ts';
import { registerReassignActionItemView } from './views/reassign-action-item.ts';
import { registerRecordImpactView } from './views/record-impact.ts';
import { registerWontDoActionItemView } from './views/wont-do-action-item.ts';

export type SlackAppOptions = {
  botToken: string;
  apiUrl: string;
  /** HTTP mode: Slack's requests arrive at /slack/events, signed with this secret. */
  signingSecret: string | undefined;
  /** Socket Mode when set. */
  appToken: string | undefined;
  logger: Logger;
  metrics: Metrics;
  processedEvents: ProcessedEvents;
  context: SlackContext;
};

export type SlackApp =
  | { mode: 'http'; app: App; receiver: HTTPReceiver }
  | { mode: 'socket'; app: App; receiver: SocketModeReceiver };

/** The Bolt app with every sitrep listener registered; the HTTP server or Socket Mode feeds it. */
export const createSlackApp = (options: SlackAppOptions): SlackApp => {
  const boltLogger = createBoltLogger(options.logger);
  const clientOptions = {
    slackApiUrl: options.apiUrl,
    fetch: createInstrumentedFetch(options.metrics, options.apiUrl),
  };
  // sitrep keeps its state in the database, which every replica shares. Bolt's default conversation store keeps it
  // in this process's memory, and looking a conversation up in it builds and throws away an Error on every request.
  const convoStore = false;
  const slack: SlackApp = options.appToken
    ? (() => {
        // apps.connections.open goes where every other Web API call goes (SLACK_API_URL), not always to slack.com.
        const receiver = new SocketModeReceiver({
          appToken: options.appToken,
          logger: boltLogger,
          installerOptions: { clientOptions },
        });
        return {
          mode: 'socket' as const,
          receiver,
          app: new App({ token: options.botToken, receiver, clientOptions, convoStore, logger: boltLogger }),
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
          app: new App({ token: options.botToken, receiver, clientOptions, convoStore, logger: boltLogger }),
        };
      })();
  const log = options.logger.child({ component: 'slack' });
  slack.app.use(skipRetriedEvents(options.processedEvents));
  registerIncidentCommand(slack.app, options.context);
  registerDeclareIncidentView(slack.app, options.context);
  registerDeclareIncidentShortcut(slack.app, options.context);
  registerOpenDeclareModalAction(slack.app, options.context);
  registerSuggestOnCallLead(slack.app, options.context);
  registerAppHomeOpened(slack.app, options.context);
  registerPushpinReactions(slack.app, options.context);
  registerMessageChanges(slack.app, options.context);
  registerAddToTimelineShortcut(slack.app, options.context);
  registerAddToTimelineView(slack.app, options.context);
  registerConfirmResolveAction(slack.app, options.context);
  registerEditImpactEndsAction(slack.app, options.context);
  registerResolveWithoutImpactAction(slack.app, options.context);
  registerRecordImpactAction(slack.app, options.context);
  registerCloseImpactWindowsView(slack.app, options.context);
  registerRecordImpactView(slack.app, options.context);
  registerActionItemDone(slack.app, options.context);
  registerActionItemSnooze(slack.app, options.context);
  registerActionItemReassign(slack.app, options.context);
  registerActionItemWontDo(slack.app, options.context);
  registerReassignActionItemView(slack.app, options.context);
  registerWontDoActionItemView(slack.app, options.context);
  registerOpenPublishModalActions(slack.app, options.context);
  registerPublishUpdateView(slack.app, options.context);
  slack.app.error(async (error) => {
    log.error({ err: error, traceId: currentTraceId() }, 'a Slack listener failed');
  });
  return slack;
};
