import type { Metrics } from '../metrics.ts';

/**
 * The fetch the Web API client uses, counting each Slack call by method and outcome. It looks up
 * `globalThis.fetch` on every call so a test's interceptor is always the one used.
 */
export const createInstrumentedFetch =
  (metrics: Metrics): typeof fetch =>
  async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = new URL(url).pathname.split('/').pop() || 'unknown';
    let response: Response;
    try {
      response = await globalThis.fetch(input, init);
    } catch (error) {
      metrics.slackApiCalls.inc({ method, outcome: 'network_error' });
      throw error;
    }
    if (response.status === 429) metrics.slackApiCalls.inc({ method, outcome: 'ratelimited' });
    else if (!response.ok) metrics.slackApiCalls.inc({ method, outcome: 'http_error' });
    else {
      const body: unknown = await response
        .clone()
        .json()
        .catch(() => undefined);
      const ok = typeof body === 'object' && body !== null && 'ok' in body && body.ok === true;
      metrics.slackApiCalls.inc({ method, outcome: ok ? 'ok' : 'error' });
    }
    return response;
  };
