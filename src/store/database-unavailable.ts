import { AppError, isAppError } from '../domain/app-error.ts';

/**
 * SQLSTATEs of a server that is gone or not taking sessions: class 08 (connection exception, but not 08P01, a
 * protocol violation), 57P01-57P03 (shut down by an administrator, crashed, cannot connect now: starting up or
 * shutting down) and 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08\d{3}|57P0[123]|53300)$/;

/** Node's socket errors on the way to the database. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** Prisma's: cannot reach the server (P1001), timed out reaching it (P1002), the server closed the connection (P1017). */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017']);

/** How @prisma/adapter-pg names a lost server in `meta.driverAdapterError.cause.kind`. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** pg's own errors for a lost connection carry no code, only these messages. */
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && key in value ? Reflect.get(value, key) : undefined;

const saysUnavailable = (error: unknown): boolean => {
  if (isAppError(error)) return error.code === 'DATABASE_UNAVAILABLE';
  const code = field(error, 'code');
  const kind = field(error, 'kind');
  const message = field(error, 'message');
  return (
    (typeof code === 'string' &&
      (UNAVAILABLE_SQLSTATE.test(code) || SOCKET_CODES.has(code) || PRISMA_CODES.has(code))) ||
    (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) ||
    (typeof message === 'string' && PG_MESSAGES.test(message))
  );
};

/**
 * Whether a failed request failed because the database could not be reached or dropped the connection, rather than
 * because of what was asked: then the sender should retry later, and nothing it sent is wrong. Looks through the
 * layers an error comes wrapped in: Prisma's error, the driver adapter's (`meta.driverAdapterError`), its `cause`.
 */
export const isDatabaseUnavailable = (error: unknown): boolean => {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined || next === null || seen.has(next)) continue;
    seen.add(next);
    if (saysUnavailable(next)) return true;
    pending.push(field(next, 'cause'), field(field(next, 'meta'), 'driverAdapterError'));
  }
  return false;
};

/**
 * Runs `work`, and throws a failure to reach the database as an `AppError` coded `DATABASE_UNAVAILABLE`, the
 * driver's error as its cause: callers above the store (the webhooks) then tell an outage from a bug by the code
 * alone, whatever other error the outage came wrapped in. Any other failure passes through as it was.
 */
export const translateDatabaseOutage = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if ((isAppError(error) && error.code === 'DATABASE_UNAVAILABLE') || !isDatabaseUnavailable(error)) throw error;
    throw new AppError('DATABASE_UNAVAILABLE', {
      userMessage: 'The database cannot be reached right now; try again in a few seconds.',
      cause: error,
    });
  }
};
