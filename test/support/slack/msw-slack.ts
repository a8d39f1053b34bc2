import type { AnyHandler } from 'msw';
import { delay, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import type { FakeSlack, FakeSlackOptions } from '../../../demo/fake-slack/fake-slack.ts';
import { createFakeSlack } from '../../../demo/fake-slack/fake-slack.ts';
import {
  answerApiCall,
  answerOidcPage,
  answerResponsePost,
  answerUpload,
  OIDC_PAGE_PATHS,
} from '../../../demo/fake-slack/http-bridge.ts';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
/** Response URLs minted by the fake (by default) live here; any POST under it is recorded. */
export const FAKE_HOOKS_URL = 'https://hooks.slack.test/';

export type SlackHandlersOptions = {
  apiUrl?: string;
  /** How long each Web API call takes to be answered, read at each call (0 by default). */
  latencyMs?: () => number;
};

const isLoopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/** msw handlers answering the Web API, response URLs and file uploads from `fake`. */
export const createSlackHandlers = (
  fake: FakeSlack,
  { apiUrl = DEFAULT_SLACK_API_URL, latencyMs = () => 0 }: SlackHandlersOptions = {},
): AnyHandler[] => {
  const api = async ({ request, params }: { request: Request; params: { method: string } }) => {
    const ms = latencyMs();
    // A slow Slack does what it was asked once it answers, as the real one does from the caller's side.
    if (ms > 0) await delay(ms);
    return answerApiCall({ fake, method: params.method, request });
  };
  return [
    http.post<{ method: string }>(`${apiUrl}:method`, api),
    http.get<{ method: string }>(`${apiUrl}:method`, api),
    http.post(`${FAKE_HOOKS_URL}*`, ({ request }) => answerResponsePost({ fake, request })),
    http.post<{ fileId: string }>(`${fake.urls.uploadUrlBase}:fileId`, ({ request, params }) =>
      answerUpload({ fake, fileId: params.fileId, request }),
    ),
    ...Object.values(OIDC_PAGE_PATHS).map((path) =>
      http.get(`${fake.urls.oidcIssuer}${path}`, ({ request }) => answerOidcPage({ fake, request })),
    ),
  ];
};

export type SetupFakeSlackOptions = SlackHandlersOptions & {
  fake?: FakeSlack;
  fakeOptions?: FakeSlackOptions;
  /**
   * Let requests to 127.0.0.1 / localhost through (true by default): that is the app under test receiving signed
   * requests, not Slack.
   */
  allowLoopback?: boolean;
};

/**
 * A fake Slack behind msw. A request no handler matches fails its fetch, and `close()` throws if there was any, so
 * that a test still fails when the code under test swallowed the error. Listening starts here: build WebClient /
 * App afterwards, since both capture `globalThis.fetch` when constructed.
 */
export const setupFakeSlack = ({
  fake,
  fakeOptions,
  allowLoopback = true,
  ...handlers
}: SetupFakeSlackOptions = {}) => {
  const slack = fake ?? createFakeSlack(fakeOptions);
  const loopback = allowLoopback
    ? [
        http.all(
          ({ request }) => isLoopback(request.url),
          () => passthrough(),
        ),
      ]
    : [];
  let latency = 0;
  const server = setupServer(...createSlackHandlers(slack, { latencyMs: () => latency, ...handlers }), ...loopback);
  /** `METHOD url` of every request that reached no handler; clear it in a test that makes one on purpose. */
  const unhandled: string[] = [];
  server.events.on('request:unhandled', ({ request }) => {
    unhandled.push(`${request.method} ${request.url}`);
  });
  server.listen({ onUnhandledFrame: 'error' });
  const close = () => {
    server.close();
    if (unhandled.length > 0) throw new Error(`fake Slack: requests nobody answered:\n${unhandled.join('\n')}`);
  };
  /** Every Web API call is answered `ms` late from now on (0: at once). */
  const slowDown = (ms: number) => {
    latency = ms;
  };
  return { fake: slack, server, unhandled, close, slowDown };
};
