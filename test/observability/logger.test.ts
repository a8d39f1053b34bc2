import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { createLogger, withTrace } from '../../src/observability/logger.ts';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
};

describe('createLogger', () => {
  it('redacts secrets by key, however deep', () => {
    const { lines, logger } = capture();
    logger.info(
      { token: 'xoxb-1', slack: { signingSecret: 's3cr3t' }, req: { headers: { authorization: 'Bearer abc' } } },
      'hello',
    );
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/xoxb-1|s3cr3t|Bearer abc/);
    expect(lines[0]).toMatchObject({ token: '[redacted]', slack: { signingSecret: '[redacted]' } });
  });

  it('scrubs Slack tokens from free text by their shape', () => {
    const { lines, logger } = capture();
    logger.warn('calling with xoxb-123-456-abcdef failed');
    expect(lines[0]?.msg).toBe('calling with [redacted] failed');
  });

  it('adds the trace id of the request being handled to every line', () => {
    const { lines, logger } = capture();
    withTrace('abc123', () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', traceId: 'abc123' });
    expect(lines[1]).not.toHaveProperty('traceId');
  });

  it("logs an error of Slack's WebClient without the answer's headers or body", async () => {
    const slack = createServer((_req, res) => {
      res.writeHead(500, { 'set-cookie': 'session=abc', 'x-slack-req-id': 'r1' }).end('{"secret":"in the body"}');
    });
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
    const { port } = slack.address() as AddressInfo;
    const client = new WebClient('xoxb-real-looking-token', {
      slackApiUrl: `http://127.0.0.1:${port}/api/`,
      retryConfig: { retries: 0 },
    });
    const error = await client.auth.test().catch((failure: unknown) => failure);
    slack.close();
    const { lines, logger } = capture();
    logger.error({ err: error }, 'Slack failed');
    expect(lines[0]?.err).toEqual({
      type: 'WebAPIHTTPError',
      name: 'WebAPIHTTPError',
      message: 'An HTTP protocol error occurred: statusCode = 500',
      attemptNumber: 1,
      retriesLeft: 0,
      stack: expect.any(String),
      code: 'slack_webapi_http_error',
      statusCode: 500,
      statusMessage: 'Internal Server Error',
    });
  });

  it('logs an error that carries a request, a response or its config as its type, message, code and causes', () => {
    const req = new IncomingMessage(new Socket());
    req.headers = { authorization: 'Bearer xoxb-1', cookie: 'session=abc', 'x-slack-signature': 'v0=abc' };
    const axiosError = Object.assign(new Error('Request failed with status code 500'), {
      code: 'ERR_BAD_RESPONSE',
      config: { headers: { Authorization: 'Bearer xoxb-2' }, data: 'token=xoxb-3' },
      request: req,
      response: { status: 500, headers: { 'set-cookie': 'a=b' }, data: { error: 'boom' } },
    });
    const wrapped = Object.assign(new Error('A request error occurred: boom', { cause: new Error('socket hang up') }), {
      code: 'slack_webapi_request_error',
      original: axiosError,
      req,
      meta: { target: ['dedupeKey'], headers: { cookie: 'c=d' } },
    });
    const { lines, logger } = capture();
    logger.error({ err: wrapped, req, headers: req.headers, body: 'token=xoxb-4' }, 'failed');
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/xoxb|authorization|cookie|x-slack-signature|set-cookie|session=abc|token=/i);
    expect(lines[0]).toMatchObject({
      msg: 'failed',
      err: {
        type: 'Error',
        message: 'A request error occurred: boom',
        code: 'slack_webapi_request_error',
        meta: { target: ['dedupeKey'] },
        original: { message: 'Request failed with status code 500', code: 'ERR_BAD_RESPONSE' },
        cause: { message: 'socket hang up' },
      },
    });
    for (const key of ['req', 'headers', 'body']) expect(lines[0]).not.toHaveProperty(key);
  });

  it('names what was thrown when it is neither an error nor plain data', () => {
    class Thrown {
      socket = new Socket();
    }
    const { lines, logger } = capture();
    logger.error({ err: new Thrown() }, 'failed');
    expect(lines[0]?.err).toEqual({ type: 'Thrown' });
  });
});
