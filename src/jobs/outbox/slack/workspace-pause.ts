import type { Logger } from '../../../observability/logger.ts';
import type { PauseSwitch } from '../deliver-due-effects.ts';

/** Why the outbox stopped calling Slack, what a person does about it, and the scopes that were missing. */
export type PauseCause = { reason: string; fix: string; since: Date; needed?: string[] };

export type WorkspacePause = PauseSwitch & {
  /** The cause while paused; undefined while Slack takes the token. */
  current: () => PauseCause | undefined;
  stop: () => void;
};

export type CreateWorkspacePauseOptions = {
  /**
   * Asks Slack whether the token works (`auth.test`); throws when it does not. Returns the token's scopes when Slack
   * tells them (its `x-oauth-scopes` header), since a token that works may still lack the scope that was missing.
   */
  probe: () => Promise<string[] | undefined>;
  logger: Logger;
  now: () => Date;
  /** Between two probes while paused. */
  probeEveryMs?: number;
  /** Told on every change: paused (with the cause) or resumed (undefined). */
  onChange?: (cause: PauseCause | undefined) => void;
};

/**
 * The outbox's pause for the whole workspace: an auth or scope error is the token's, not one message's, so every
 * message waits (none is charged an attempt) and the cause is logged once. While paused, Slack is asked every
 * `probeEveryMs` whether the token works again; once it does, delivery resumes by itself. A restart with a new token
 * starts unpaused.
 */
export const createWorkspacePause = ({
  probe,
  logger,
  now,
  probeEveryMs = 30_000,
  onChange,
}: CreateWorkspacePauseOptions): WorkspacePause => {
  let cause: PauseCause | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const probeLater = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      let granted: string[] | undefined;
      try {
        granted = await probe();
      } catch {
        // Still refused, or Slack unreachable: either way, ask again later. The cause was logged when it began.
        probeLater();
        return;
      }
      if (granted && cause?.needed?.some((scope) => !granted.includes(scope))) {
        probeLater();
        return;
      }
      logger.info({ pausedSince: cause?.since }, 'Slack accepts the token again; the outbox resumes');
      cause = undefined;
      onChange?.(undefined);
    }, probeEveryMs);
  };

  return {
    isPaused: () => cause !== undefined,
    current: () => cause,
    pause: ({ reason, fix, needed }) => {
      if (cause || stopped) return;
      cause = { reason, fix, since: now(), ...(needed ? { needed } : {}) };
      logger.error({ reason, fix }, `Slack refused the app's token (${reason}): the outbox is paused; to fix: ${fix}`);
      onChange?.(cause);
      probeLater();
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
};
