import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/http-server.ts';

/** Webhook bodies larger than this are refused with 413: a deploy or an alert batch is a few kilobytes. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export type ReadBodyResult = { kind: 'body'; body: Buffer } | { kind: 'too_large' } | { kind: 'aborted' };

/**
 * Reads a request's raw body (signatures are computed over its exact bytes), up to `limit` bytes. A declared
 * `Content-Length` over the limit is refused before a byte is read; a body that grows past it stops being read
 * there, and nothing past the limit is kept.
 */
export const readBody = (
  req: IncomingMessage,
  { limit = MAX_WEBHOOK_BODY_BYTES }: { limit?: number } = {},
): Promise<ReadBodyResult> => {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too_large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: ReadBodyResult) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        finish({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'body', body: Buffer.concat(chunks, size) });
    const onAbort = () => finish({ kind: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
  });
};

/**
 * The body, or `undefined` once the answer is sent: 413 when it is too large (and the connection is closed, so
 * the rest of the body is never read), nothing when the sender went away.
 */
export const readBodyOrRefuse = async (req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> => {
  const result = await readBody(req);
  if (result.kind === 'body') return result.body;
  if (result.kind === 'too_large') {
    res.setHeader('connection', 'close');
    sendJson(res, 413, { error: 'body too large', limitBytes: MAX_WEBHOOK_BODY_BYTES });
  }
  return undefined;
};
