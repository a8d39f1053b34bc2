import type { Metrics } from '../metrics.ts';

/** Statuses whose response may not carry a body, so a copy must be made without one. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The fetch the Web API client and Bolt's `respond` use, counting each Slack call by method and outcome. A call
 * outside the Web API (`apiUrl`) is a command's or an interaction's response URL, counted as `response_url`: the
 * URL's last segment is a secret token, and a label per token would be a series per command. The body is read once
 * and handed on as a fresh response, so the connection goes back to the pool at once (Bolt's `respond` never reads
 * it) and no clone has to tee the stream. It looks up `globalThis.fetch` on every call so a test's interceptor is
 * always the one used.
 */
export const createInstrumentedFetch = (metrics: Metrics, apiUrl: string): typeof fetch => {
  const api = new URL(apiUrl).href;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = url.startsWith(api) ? new URL(url).pathname.split('/').pop() || 'unknown' : 'response_url';
    let response: Response;
    let text: string;
    try {
      response = await globalThis.fetch(input, init);
      text = await response.text();
    } catch (error) {
      metrics.slackApiCalls.inc({ method, outcome: 'network_error' });
      throw error;
    }
    if (response.status === 429) metrics.slackApiCalls.inc({ method, outcome: 'ratelimited' });
    else if (!response.ok) metrics.slackApiCalls.inc({ method, outcome: 'http_error' });
    else if (method === 'response_url') metrics.slackApiCalls.inc({ method, outcome: 'ok' });
    else metrics.slackApiCalls.inc({ method, outcome: saysOk(text) ? 'ok' : 'error' });
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
};

/** Whether a Web API answer says `"ok": true`. */
const saysOk = (text: string): boolean => {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null && 'ok' in body && body.ok === true;
  } catch {
    return false;
  }
};
