import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../observability/logger.ts';

/**
 * Debug lines of Slack's clients that dump what went over the wire: the WebClient's headers (the bot token's, if
 * redacted, and whoever else's), arguments and answers, messages people wrote included; Socket Mode's envelopes.
 * None of them is logged.
 */
const WIRE_DUMPS = [
  'http request headers:',
  'http request body:',
  'http request result:',
  'Received a message on the WebSocket:',
  'Unable to parse an incoming WebSocket message',
  'Calling ack()',
];

/** An object Bolt logs, as text: never its fields, which may be a request, a response or a body. */
const describeObject = (part: object): string => `[${part.constructor?.name ?? 'object'}]`;

const toText = (parts: unknown[]): string =>
  parts
    .map((part) =>
      typeof part === 'string'
        ? part
        : part instanceof Error
          ? part.message
          : typeof part === 'object' && part !== null
            ? describeObject(part)
            : String(part),
    )
    .join(' ');

/** Bolt's and the Web API client's log lines, as structured lines of ours (and so redacted and traced). */
export const createBoltLogger = (logger: Logger): BoltLogger => {
  let child = logger.child({ component: 'bolt' });
  const debug = (...parts: unknown[]) => {
    const [first] = parts;
    if (typeof first === 'string' && WIRE_DUMPS.some((dump) => first.startsWith(dump))) return;
    child.debug(toText(parts));
  };
  return {
    debug,
    info: (...parts) => child.info(toText(parts)),
    warn: (...parts) => child.warn(toText(parts)),
    error: (...parts) => child.error(toText(parts)),
    // sitrep's LOG_LEVEL governs; Bolt asking for another level does not change ours.
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: (name) => {
      child = logger.child({ component: name });
    },
  };
};
