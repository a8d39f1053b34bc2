import { isAppError } from '../domain/app-error.ts';
import type { Logger } from '../observability/logger.ts';
import { currentTraceId } from '../observability/logger.ts';

/**
 * What a person sees when their request fails: our own message for an AppError, otherwise a short apology with
 * the trace id (the error itself goes to the log under that id). A configuration that does not work (a key PagerDuty
 * refuses) is also logged, as whoever can fix it reads the log, not the person's Slack.
 */
export const describeFailure = (error: unknown, logger: Logger): string => {
  if (isAppError(error)) {
    if (error.code === 'CONFIG_INVALID') logger.warn({ err: error }, 'a Slack request found the configuration refused');
    return error.userMessage;
  }
  const traceId = currentTraceId() ?? 'unknown';
  logger.error({ err: error, traceId }, 'a Slack request failed');
  return `Sorry, something went wrong on our side. If it keeps happening, give this id to whoever runs sitrep: \`${traceId}\`.`;
};
