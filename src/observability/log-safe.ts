import { scrubSecrets } from './secret-text.ts';

/**
 * Keys under which errors and libraries carry what went over the wire: a request with its headers (axios errors of
 * Slack's WebClient hold `config.headers.Authorization: Bearer xoxb-…`), a response, a body, cookies.
 */
const WIRE_KEYS = new Set([
  'req',
  'res',
  'request',
  'response',
  'config',
  'headers',
  'rawheaders',
  'body',
  'rawbody',
  'data',
  'authorization',
  'cookie',
  'set-cookie',
  'socket',
  'agent',
]);

const MAX_DEPTH = 4;

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** Plain data only: strings scrubbed, errors as errors, and nothing that a library hangs off one from the wire. */
const toLogSafe = (value: unknown, depth: number): unknown => {
  if (typeof value === 'string') return scrubSecrets(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return undefined;
  if (value instanceof Error) return describeError(value, depth);
  if (Array.isArray(value)) return value.map((item) => toLogSafe(item, depth + 1));
  if (!isPlainObject(value)) return undefined;
  return keepSafeFields(value, depth);
};

const keepSafeFields = (value: object, depth: number): Record<string, unknown> => {
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (WIRE_KEYS.has(key.toLowerCase())) continue;
    const safe = toLogSafe(field, depth + 1);
    if (safe !== undefined) kept[key] = safe;
  }
  return kept;
};

const describeError = (error: Error, depth: number): Record<string, unknown> => ({
  type: error.constructor.name,
  message: scrubSecrets(error.message),
  ...(error.stack === undefined ? {} : { stack: scrubSecrets(error.stack) }),
  ...keepSafeFields(error, depth),
  ...(error.cause === undefined ? {} : { cause: toLogSafe(error.cause, depth + 1) }),
});

/**
 * pino's `err` serialiser: the type, message, stack, code and other plain fields of an error and of its causes
 * (`cause`, and `original` as Slack's WebClient names it), never a request, a response, headers or a body.
 */
export const serializeLogError = (error: unknown): unknown =>
  toLogSafe(error, 0) ?? {
    type: typeof error === 'object' && error !== null ? (error.constructor?.name ?? 'object') : typeof error,
  };

/** For a log field that would hold a request, a response, headers or a body: nothing of it is written. */
export const omitFromLog = (): undefined => undefined;
