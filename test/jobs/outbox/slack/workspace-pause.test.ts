import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createWorkspacePause, type PauseCause } from '../../../../src/jobs/outbox/slack/workspace-pause.ts';
import { captureLogs } from '../../../support/log-capture.ts';
import { until } from '../../../support/until.ts';

const T0 = new Date('2026-11-23T09:00:00Z');
const CAUSE = { reason: 'Slack said token_revoked', fix: 'reinstall the app in the workspace' };

describe('createWorkspacePause', () => {
  it('pauses once, logs one error naming the fix, probes until the token works, then resumes', async () => {
    const logs = captureLogs('info');
    let tokenWorks = false;
    let probes = 0;
    const changes: (PauseCause | undefined)[] = [];
    const pause = createWorkspacePause({
      probe: async () => {
        probes += 1;
        if (!tokenWorks) throw new Error('invalid_auth');
        return undefined;
      },
      logger: logs.logger,
      now: () => T0,
      probeEveryMs: 20,
      onChange: (cause) => changes.push(cause),
    });
    try {
      expect(pause.isPaused()).toBe(false);
      pause.pause(CAUSE);
      // Every effect that meets the refusal says so; only the first counts.
      pause.pause({ reason: 'Slack said invalid_auth', fix: 'something else' });
      expect(pause.current()).toEqual({ ...CAUSE, since: T0 });
      await sleep(150);
      expect(pause.isPaused()).toBe(true);
      expect(probes).toBeGreaterThan(2);

      tokenWorks = true;
      await until(async () => !pause.isPaused(), 'the pause to end');
      expect(pause.current()).toBeUndefined();
      expect(changes).toEqual([{ ...CAUSE, since: T0 }, undefined]);
      const errors = logs.lines().filter((line) => line.level === 'error');
      expect(errors).toEqual([expect.objectContaining(CAUSE)]);
      expect(String(errors[0]?.msg)).toContain('reinstall the app in the workspace');
      expect(logs.lines().filter((line) => line.level === 'info')).toHaveLength(1);

      // Probing stops with the pause.
      const probesWhenResumed = probes;
      await sleep(100);
      expect(probes).toBe(probesWhenResumed);
    } finally {
      pause.stop();
    }
  });

  it('after missing_scope, resumes only once the token has the scope Slack said was needed', async () => {
    let scopes = ['chat:write'];
    const pause = createWorkspacePause({
      probe: async () => scopes,
      logger: captureLogs('silent').logger,
      now: () => T0,
      probeEveryMs: 20,
    });
    try {
      pause.pause({ reason: 'Slack said missing_scope', fix: 'add the pins:write scope', needed: ['pins:write'] });
      // The token works (auth.test passes) but still lacks the scope: resuming would only fail again.
      await sleep(150);
      expect(pause.isPaused()).toBe(true);
      scopes = ['chat:write', 'pins:write'];
      await until(async () => !pause.isPaused(), 'the pause to end');
    } finally {
      pause.stop();
    }
  });

  it('stops probing when stopped', async () => {
    let probes = 0;
    const pause = createWorkspacePause({
      probe: async () => {
        probes += 1;
        throw new Error('invalid_auth');
      },
      logger: captureLogs('silent').logger,
      now: () => T0,
      probeEveryMs: 20,
    });
    pause.pause(CAUSE);
    pause.stop();
    await sleep(100);
    expect(probes).toBe(0);
  });
});
