import type { SlackParams } from './fake-slack-types.ts';

/** A Web API error: the fake answers `{ ok: false, error: code, ...extra }` with HTTP 200. */
export class SlackMethodError extends Error {
  readonly code: string;
  readonly extra: Record<string, unknown>;

  constructor(code: string, extra: Record<string, unknown> = {}) {
    super(code);
    this.code = code;
    this.extra = extra;
  }
}

export const fail = (code: string, extra: Record<string, unknown> = {}): never => {
  throw new SlackMethodError(code, extra);
};

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Form-encoded calls carry every value as a string; JSON calls keep numbers and booleans. */
export const readString = (params: SlackParams, key: string): string | undefined => {
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
};

export const requireString = (params: SlackParams, key: string, error = 'invalid_arguments'): string => {
  const value = readString(params, key);
  if (value === undefined || value === '') return fail(error, { detail: `missing ${key}` });
  return value;
};

export const readBoolean = (params: SlackParams, key: string): boolean => {
  const value = readString(params, key);
  return value === 'true' || value === '1';
};

export const readNumber = (params: SlackParams, key: string): number | undefined => {
  const value = readString(params, key);
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : fail('invalid_arguments', { detail: `${key} is not a number` });
};

/** `users=U1,U2` or a JSON array. */
export const readList = (params: SlackParams, key: string): string[] => {
  const value = readJson(params, key);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  const text = readString(params, key) ?? '';
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
};

/** Values that are JSON in Slack's API (`view`, `changes`...) may still arrive as strings when called directly. */
export const readJson = (params: SlackParams, key: string): unknown => {
  const value = params[key];
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return fail('invalid_json', { detail: `${key} is not valid JSON` });
  }
};

/** Cursor pagination over an ordered list, the way Slack encodes `next_cursor`. */
export const paginate = <T>(params: SlackParams, items: T[], defaultLimit = 100) => {
  const limit = Math.min(Math.max(readNumber(params, 'limit') ?? defaultLimit, 1), 1000);
  const cursor = readString(params, 'cursor');
  const start = cursor ? Number(Buffer.from(cursor, 'base64').toString('utf8').replace('offset:', '')) : 0;
  if (!Number.isInteger(start) || start < 0) return fail('invalid_cursor');
  const page = items.slice(start, start + limit);
  const hasMore = start + limit < items.length;
  const next_cursor = hasMore ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
  return { page, hasMore, response_metadata: { next_cursor } };
};
