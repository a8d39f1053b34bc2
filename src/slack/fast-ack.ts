import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ParsedUrlQuery, parse } from 'node:querystring';
import type { App } from '@slack/bolt';
import type { Logger } from '../observability/logger.ts';
import type { CommandForm, CommandRunner, RunCommand } from './command-runner.ts';
import { createSlackSignatureCheck } from './slack-signature.ts';

export type SlackRequestHandlerOptions = {
  /** Bolt's own handler, for everything but slash commands (its answer to a modal submission carries errors). */
  boltListener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Journals each slash command and runs it through Bolt. */
  commands: Pick<CommandRunner, 'accept'>;
  signingSecret: string;
  logger: Logger;
};

/** Said at once, instead of an answer that would come too late or never. */
export const REFUSALS = {
  busy: ':hourglass: sitrep has too many commands waiting right now. Nothing was done: please try again in a minute.',
  unrecorded: ":warning: sitrep can't record commands right now, so nothing was done. Please try again in a minute.",
};

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
 * The handler for /slack/events. A slash command is journaled as soon as its signature checks out, then
 * acknowledged with an empty 200 and run afterwards (see command-runner.ts): whatever else the process is doing,
 * Slack hears back in milliseconds, the listener's own `ack()` has nothing left to do, and a command Slack was told
 * was received survives a restart. Every other request goes to Bolt's receiver as it came, body already read.
 */
export const createSlackRequestHandler = ({
  boltListener,
  commands,
  signingSecret,
  logger,
}: SlackRequestHandlerOptions): ((req: IncomingMessage, res: ServerResponse) => void) => {
  const isSignedBySlack = createSlackSignatureCheck(signingSecret);
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
    const acceptance = await commands.accept(withoutUndefined(body));
    if (acceptance === 'accepted') {
      res.writeHead(200).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ response_type: 'ephemeral', text: REFUSALS[acceptance] }));
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'a Slack request failed before it reached Bolt');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
};

/**
 * Hands a journaled command to Bolt, already acknowledged. A late one carries `lateAnswer` in Bolt's context, so
 * the listener answers by direct message instead of at its expired response URL.
 */
export const runThroughBolt =
  (app: App): RunCommand =>
  ({ body, late }) =>
    app.processEvent({ body, ack: async () => {}, customProperties: { lateAnswer: late } });

/**
 * The fields to journal. `node:querystring` types its values as possibly undefined (it never makes one); the legacy
 * verification `token` is left out: nothing reads it (the signature proves the sender), and a journal need not hold it.
 */
const withoutUndefined = (body: ParsedUrlQuery): CommandForm => {
  const form: CommandForm = {};
  for (const [key, value] of Object.entries(body)) if (value !== undefined && key !== 'token') form[key] = value;
  return form;
};
