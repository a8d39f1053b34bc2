/**
 * The one error type sitrep throws on purpose. `code` is for logs and tests; `userMessage` is safe to show a
 * person in Slack or on the command line, and says what to do next. Anything else that escapes is a bug: it is
 * logged with its cause and a trace id, and the person sees a short apology with that id.
 */
export type AppErrorCode =
  | 'CONFIG_INVALID'
  | 'DATABASE_LOCKED'
  | 'DATABASE_UNAVAILABLE'
  | 'MIGRATION_FAILED'
  | 'MIGRATION_CHANGED'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'INCIDENT_RESOLVED'
  | 'NO_CHANGE'
  /** A service sitrep needed for an answer (Slack, a tracker) did not answer: worth trying again. */
  | 'SERVICE_UNAVAILABLE'
  /** A tracker's webhook delivery already acted on (redelivered, or delivered twice at once). */
  | 'DUPLICATE_DELIVERY'
  /** Impact windows opened or closed between a question about them and its answer. */
  | 'IMPACT_CHANGED'
  | 'NOT_IN_INCIDENT'
  | 'POSTMORTEM_TEMPLATE_INVALID'
  | 'SLACK_UNAVAILABLE'
  /** A backup file that is truncated, corrupt, or not a sitrep backup at all. */
  | 'BACKUP_DAMAGED'
  /** A backup written by a newer sitrep, at a migration this one does not know. */
  | 'BACKUP_NEWER'
  /** A restore into a database that already holds data, or a newer schema. */
  | 'RESTORE_TARGET_NOT_EMPTY'
  /** Rows read back after a restore's inserts differ from the backup's: the restore is rolled back. */
  | 'RESTORE_MISMATCH'
  /** Every row restored and committed, but a migration after the backup's failed: `sitrep migrate` finishes it. */
  | 'RESTORE_UNFINISHED';

export type AppErrorOptions = {
  userMessage: string;
  cause?: unknown;
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;

  constructor(code: AppErrorCode, { userMessage, cause }: AppErrorOptions) {
    super(`${code}: ${userMessage}`, cause === undefined ? undefined : { cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = userMessage;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
