import http from 'node:http';
import https from 'node:https';
import type { Metrics } from '../observability/metrics.ts';

/** Statuses whose response may not carry a body, so a copy must be made without one. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The fetch the Web API client and Bolt's `respond` use, counting each Slack call by method and outcome. A call
 * outside the Web API (`apiUrl`) is a command's or an interaction's response URL, counted as `response_url`: the
 * URL's last segment is a secret token, and a label per token would be a series per command. The body is read once
 * and handed on as a fresh response, so the connection goes back to the pool at once (Bolt's `respond` never reads
 * it) and no clone has to tee the stream. Answers to response URLs go out through node:http (see `postAnswer`), the
 * rest through `globalThis.fetch`, looked up on every call so a test's interceptor is always the one used.
 */
export const createInstrumentedFetch = (metrics: Metrics, apiUrl: string): typeof fetch => {
  const api = new URL(apiUrl).href;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = url.startsWith(api) ? new URL(url).pathname.split('/').pop() || 'unknown' : 'response_url';
    let response: Pick<Response, 'status' | 'statusText' | 'headers' | 'ok'>;
    let text: string;
    try {
      if (method === 'response_url' && typeof input === 'string' && isPlainPost(init)) {
        const answer = await postAnswer(new URL(input), init.body, init.headers);
        response = answer;
        text = answer.text;
      } else {
        const fetched = await globalThis.fetch(input, init);
        response = fetched;
        text = await fetched.text();
      }
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

type PlainPost = RequestInit & { method: 'POST'; body: string; headers?: Record<string, string> };

const isPlainPost = (init: RequestInit | undefined): init is PlainPost =>
  init?.method === 'POST' &&
  typeof init.body === 'string' &&
  (init.headers === undefined ||
    (typeof init.headers === 'object' && !(init.headers instanceof Headers) && !Array.isArray(init.headers)));

const transports = {
  'http:': { client: http, agent: new http.Agent({ keepAlive: true }) },
  'https:': { client: https, agent: new https.Agent({ keepAlive: true }) },
};

/** Slack answers a response URL in well under a second; past this the answer is taken as lost. */
const ANSWER_TIMEOUT_MS = 30_000;

type Answer = Pick<Response, 'status' | 'statusText' | 'headers' | 'ok'> & { text: string };

/** A kept-alive connection the other side closed just as it was reused, before it read the request. */
const isStaleConnection = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  (error.code === 'ECONNRESET' || error.code === 'EPIPE');

class ReusedConnectionError extends Error {}

/**
 * Posts a command's answer to its response URL with node:http rather than fetch: fetch turns even a string body
 * into a web stream and writes it chunk by chunk, and answering cost more CPU than anything else sitrep does for a
 * `/incident list` (a fifth of the process under a flood of commands). The module is looked up on every call, so a
 * test's interceptor is the one used.
 */
const postAnswer = async (url: URL, body: string, headers: Record<string, string> = {}): Promise<Answer> => {
  try {
    return await postAnswerOnce(url, body, headers);
  } catch (error) {
    // Node's documented remedy: a server may close an idle connection at the moment it is reused, and then it is
    // sent again once, on a new connection. A reset on a fresh connection is a real failure.
    if (!(error instanceof ReusedConnectionError)) throw error;
    return postAnswerOnce(url, body, headers);
  }
};

const postAnswerOnce = (url: URL, body: string, headers: Record<string, string>) =>
  new Promise<Answer>((resolve, reject) => {
    const bytes = Buffer.from(body);
    const { client, agent } = url.protocol === 'https:' ? transports['https:'] : transports['http:'];
    const request = client.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(bytes.length) },
        timeout: ANSWER_TIMEOUT_MS,
      },
      (res) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
              answerHeaders.append(name, one);
          }
          resolve({
            status,
            statusText: res.statusMessage ?? '',
            headers: answerHeaders,
            ok: status >= 200 && status < 300,
            text,
          });
        });
        res.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`no answer from the response URL within ${ANSWER_TIMEOUT_MS} ms`)),
    );
    request.on('error', (error) => {
      reject(
        request.reusedSocket && isStaleConnection(error)
          ? new ReusedConnectionError(error.message, { cause: error })
          : error,
      );
    });
    request.end(bytes);
  });

/** Whether a Web API answer says `"ok": true`. */
const saysOk = (text: string): boolean => {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null && 'ok' in body && body.ok === true;
  } catch {
    return false;
  }
};
