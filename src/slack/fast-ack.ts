import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import type { App } from '@slack/bolt';
import type { Logger } from '../observability/logger.ts';
import { createSlackSignatureCheck } from './slack-signature.ts';

export type SlackRequestHandlerOptions = {
  app: App;
  /** Bolt's own handler, for everything but slash commands (its answer to a modal submission carries errors). */
  boltListener: (req: IncomingMessage, res: ServerResponse) => void;
  signingSecret: string;
  logger: Logger;
};

/**
 * Commands handled at once. Enough to keep the database's connections busy (10 to PostgreSQL, 1 to PGlite) and to
 * let a slow one (a report) be overtaken; few enough that a flood waits in order, in this process.
 */
const MAX_RUNNING = 64;

/** Slack's requests are small; this is Bolt's default limit too. */
const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

class BodyTooLargeError extends Error {}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > BODY_LIMIT_BYTES) throw new BodyTooLargeError('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
};

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The handler for /slack/events. A slash command is acknowledged as soon as its signature checks out, with an empty
 * 200, and only then handed to Bolt (on the next turn of the event loop, so other requests waiting to be
 * acknowledged go first): whatever else the process is doing, Slack hears back in milliseconds, and the listener's
 * own `ack()` has nothing left to do. Every other request goes to Bolt's receiver as it came, body already read.
 */
export const createSlackRequestHandler = ({
  app,
  boltListener,
  signingSecret,
  logger,
}: SlackRequestHandlerOptions): ((req: IncomingMessage, res: ServerResponse) => void) => {
  const isSignedBySlack = createSlackSignatureCheck(signingSecret);
  // Commands start one per turn of the event loop, so a burst of them never holds up reading (and acknowledging)
  // the requests that arrive meanwhile; and at most MAX_RUNNING at a time, so that under a flood they wait here, in
  // order and without a deadline, rather than by the tens of thousands in the connection pool's queue, which gives up
  // on each after 5 s and is searched from end to end for every one it gives up on. The queue has a moving head:
  // Array#shift on tens of thousands moves them all each time.
  let waiting: (() => Promise<void>)[] = [];
  let head = 0;
  let running = 0;
  let scheduled = false;
  const schedule = () => {
    if (scheduled || running >= MAX_RUNNING || head === waiting.length) return;
    scheduled = true;
    setImmediate(startNext);
  };
  const take = (): (() => Promise<void>) | undefined => {
    const work = waiting[head];
    head += 1;
    if (head >= waiting.length) {
      waiting = [];
      head = 0;
    } else if (head >= 1024 && head * 2 >= waiting.length) {
      waiting = waiting.slice(head);
      head = 0;
    }
    return work;
  };
  // Only `schedule` calls this, once at a time, with a command waiting and a place free.
  const startNext = () => {
    scheduled = false;
    const work = take();
    if (!work) return;
    running += 1;
    void work().finally(() => {
      running -= 1;
      schedule();
    });
    schedule();
  };
  const startSoon = (work: () => Promise<void>) => {
    waiting.push(work);
    schedule();
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (error) {
      res.writeHead(error instanceof BodyTooLargeError ? 413 : 400).end();
      return;
    }
    const text = raw.toString();
    const body = header(req, 'content-type') === 'application/x-www-form-urlencoded' ? parse(text) : undefined;
    const isCommand = body !== undefined && typeof body.command === 'string' && body.ssl_check === undefined;
    if (!isCommand) {
      boltListener(Object.assign(req, { rawBody: raw }), res);
      return;
    }
    const valid = isSignedBySlack({
      body: text,
      signature: header(req, 'x-slack-signature'),
      timestamp: header(req, 'x-slack-request-timestamp'),
      nowMs: Date.now(),
    });
    if (!valid) {
      logger.warn('refused a slash command with a bad or stale signature');
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200).end();
    const retryNum = Number(header(req, 'x-slack-retry-num'));
    const retryReason = header(req, 'x-slack-retry-reason');
    startSoon(() =>
      app
        .processEvent({
          body,
          ack: async () => {},
          ...(Number.isInteger(retryNum) ? { retryNum } : {}),
          ...(retryReason ? { retryReason } : {}),
          customProperties: {},
        })
        .catch((error: unknown) => logger.error({ err: error }, 'a slash command failed after its acknowledgement')),
    );
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'a Slack request failed before it reached Bolt');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
};
