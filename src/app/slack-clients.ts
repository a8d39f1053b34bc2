import { WebClient } from '@slack/web-api';
import type { TConfig } from '../config/environment.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { createBoltLogger } from '../slack/bolt-logger.ts';
import { createInstrumentedFetch } from '../slack/instrumented-fetch.ts';

export type SlackClients = {
  /** The outbox's: it retries on its own schedule, so the client must not (nor wait out a 429). */
  effects: WebClient;
  /**
   * For reads a person waits on: they give up within seconds, and a 429 fails at once rather than pausing the
   * client. What they read has a fallback (the team's zone), or the person is told to try again.
   */
  reader: WebClient;
  /**
   * For reads an event needs. An event is acknowledged before it is handled, so Slack never sends it again: a read
   * it needs keeps trying through an outage (about half an hour), or the 📌 it stands for is lost.
   */
  eventReader: WebClient;
};

/**
 * How long the outbox, and a read an event needs, wait for Slack's answer. Slack does what it was asked even when the
 * answer comes late, so a try given up on too soon is retried for nothing: at 10 s, Slack answering in 15 s meant no
 * effect ever finished (each retry of a channel's creation answered name_taken, too late again), and no 📌 was ever
 * read. The outbox's claim is renewed while it waits.
 */
const SLOW_ANSWER_TIMEOUT_MS = 30_000;

export type CreateSlackClientsOptions = { slack: TConfig['slack']; metrics: Metrics; logger: Logger };

/** The three Web API clients sitrep calls Slack with, each with the retries and timeout its callers can bear. */
export const createSlackClients = ({ slack, metrics, logger }: CreateSlackClientsOptions): SlackClients => {
  const base = () => ({
    slackApiUrl: slack.apiUrl,
    fetch: createInstrumentedFetch(metrics, slack.apiUrl),
    logger: createBoltLogger(logger),
  });
  return {
    effects: new WebClient(slack.botToken, {
      ...base(),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: SLOW_ANSWER_TIMEOUT_MS,
    }),
    reader: new WebClient(slack.botToken, {
      ...base(),
      retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1_000 },
      rejectRateLimitedCalls: true,
      timeout: 2_000,
    }),
    eventReader: new WebClient(slack.botToken, { ...base(), timeout: SLOW_ANSWER_TIMEOUT_MS }),
  };
};
