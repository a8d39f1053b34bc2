import { setTimeout as sleep } from 'node:timers/promises';

export type WaitForQuietOptions = {
  /** sitrep's base URL; its /metrics is read. */
  url: string;
  /** How long nothing must change before the process counts as quiet. */
  quietMs?: number;
  deadlineMs?: number;
};

const POLL_MS = 250;

/** The outbox's lag (0 when no message is due) and the Slack calls made so far, from sitrep's /metrics. */
const readOutbox = async (url: string): Promise<{ lagSeconds: number; slackCalls: number }> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const lagSeconds = Number(text.match(/^sitrep_job_lag_seconds (\S+)/m)?.[1] ?? Number.NaN);
  const slackCalls = [...text.matchAll(/^sitrep_slack_api_calls_total\{[^}]*\} (\d+)/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
  return { lagSeconds, slackCalls };
};

/**
 * Waits until the real process has caught up with its outbox: no message due (`sitrep_job_lag_seconds` 0) and no
 * Slack call made for `quietMs`. Resolves with the time it waited; rejects at the deadline.
 */
export const waitForQuiet = async ({ url, quietMs = 1_000, deadlineMs = 600_000 }: WaitForQuietOptions) => {
  const started = performance.now();
  let last = await readOutbox(url);
  let quietSince = performance.now();
  while (performance.now() - started < deadlineMs) {
    await sleep(POLL_MS);
    const now = await readOutbox(url);
    if (now.lagSeconds !== 0 || now.slackCalls !== last.slackCalls) quietSince = performance.now();
    else if (performance.now() - quietSince >= quietMs) return performance.now() - started;
    last = now;
  }
  throw new Error(`sitrep's outbox was still busy after ${deadlineMs} ms (last: ${JSON.stringify(last)})`);
};
