import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../observability/logger.ts';

const toText = (parts: unknown[]): string =>
  parts
    .map((part) => (typeof part === 'string' ? part : part instanceof Error ? part.message : JSON.stringify(part)))
    .join(' ');

/** Bolt's and the Web API client's log lines, as structured lines of ours (and so redacted and traced). */
export const createBoltLogger = (logger: Logger): BoltLogger => {
  let child = logger.child({ component: 'bolt' });
  return {
    debug: (...parts) => child.debug(toText(parts)),
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
