import { isAppError } from '../domain/app-error.ts';
import type { Logger } from '../observability/logger.ts';
import { currentTraceId } from '../observability/logger.ts';

/**
 * What a person sees when their request fails: our own message for an AppError, otherwise a short apology with
 * the trace id (the error itself goes to the log under that id).
 */
export const describeFailure = (error: unknown, logger: Logger): string => {
  if (isAppError(error)) return error.userMessage;
  const traceId = currentTraceId() ?? 'unknown';
  logger.error({ err: error, traceId }, 'a Slack request failed');
  return `Sorry, something went wrong on our side. If it keeps happening, give this id to whoever runs sitrep: \`${traceId}\`.`;
};
