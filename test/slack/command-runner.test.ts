import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/observability/logger.ts';
import { type CommandForm, type CommandJournal, createCommandRunner } from '../../src/slack/command-runner.ts';
import { until } from '../support/until.ts';

type Row = { id: string; body: unknown; receivedAt: Date; leaseUntil: Date; attempts: number };

/** The journal as the database keeps it, in memory: what the runner writes, and a way to see and seed it. */
const createMemoryJournal = () => {
  const rows = new Map<string, Row>();
  let failRecords = false;
  const journal: CommandJournal = {
    record: async ({ id, body, receivedAt, leaseUntil }) => {
      if (failRecords) throw new Error('database unavailable');
      rows.set(id, { id, body, receivedAt, leaseUntil, attempts: 1 });
    },
    claimLapsed: async ({ now, leaseUntil, limit }) => {
      const lapsed = [...rows.values()]
        .filter((row) => row.leaseUntil <= now)
        .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
        .slice(0, limit);
      for (const row of lapsed) Object.assign(row, { leaseUntil, attempts: row.attempts + 1 });
      return lapsed.map(({ id, body, receivedAt, attempts }) => ({ id, body, receivedAt, attempts }));
    },
    renew: async (ids, leaseUntil) => {
      for (const id of ids) {
        const row = rows.get(id);
        if (row) row.leaseUntil = leaseUntil;
      }
    },
    release: async (ids, now) => {
      for (const id of ids) {
        const row = rows.get(id);
        if (row) row.leaseUntil = now;
      }
    },
    finish: async (id) => {
      rows.delete(id);
    },
  };
  return {
    journal,
    rows,
    failRecords: (fail: boolean) => {
      failRecords = fail;
    },
  };
};

/** Commands that run until the test lets them finish, and what each was run with. */
const createGatedRun = () => {
  const started: { text: string; late: boolean }[] = [];
  const gates: (() => void)[] = [];
  const run = async ({ body, late }: { body: CommandForm; late: boolean }) => {
    started.push({ text: String(body.text), late });
    await new Promise<void>((resolve) => gates.push(resolve));
  };
  const releaseAll = () => {
    for (const open of gates.splice(0)) open();
  };
  return { run, started, releaseAll };
};

const logger = createLogger({ level: 'silent' });
const form = (text: string): CommandForm => ({ command: '/incident', text, user_id: 'U1' });
const MINUTE = 60_000;

describe('the command runner', () => {
  it('journals a command before accepting it, and strikes it once run', async () => {
    const memory = createMemoryJournal();
    const gated = createGatedRun();
    const runner = createCommandRunner({ journal: memory.journal, run: gated.run, logger });
    expect(await runner.accept(form('note one'))).toBe('accepted');
    expect([...memory.rows.values()].map((row) => row.body)).toEqual([form('note one')]);
    await until(() => gated.started.length === 1, 'the command to start');
    expect(memory.rows.size).toBe(1);
    gated.releaseAll();
    await until(() => memory.rows.size === 0, 'the command to leave the journal');
    expect(gated.started).toEqual([{ text: 'note one', late: false }]);
  });

  it('answers "unrecorded", and runs nothing, when the journal cannot be written', async () => {
    const memory = createMemoryJournal();
    const gated = createGatedRun();
    const runner = createCommandRunner({ journal: memory.journal, run: gated.run, logger });
    memory.failRecords(true);
    expect(await runner.accept(form('note one'))).toBe('unrecorded');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gated.started).toEqual([]);
  });

  it('answers "busy" past the bound of waiting commands, counting those still being journaled', async () => {
    const memory = createMemoryJournal();
    const gated = createGatedRun();
    const runner = createCommandRunner({ journal: memory.journal, run: gated.run, logger, maxWaiting: 3 });
    // All arrive in the same instant: the first three take the places while their journal rows are written.
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => runner.accept(form(`note ${i}`))));
    expect(answers).toEqual([...Array(3).fill('accepted'), ...Array(7).fill('busy')]);
    expect(memory.rows.size).toBe(3);
    await until(() => gated.started.length === 3, 'the three to run');
    // Running, they wait no more: there is room again, up to 64 running and 3 waiting.
    const more = await Promise.all(Array.from({ length: 70 }, (_, i) => runner.accept(form(`more ${i}`))));
    expect(more.filter((answer) => answer === 'accepted')).toHaveLength(3);
    await until(() => gated.started.length === 6, 'six to run');
    // One a turn of the event loop, each starts before the next arrives, until 64 run.
    for (let i = 0; i < 61; i += 1) {
      expect(await runner.accept(form(`one by one ${i}`))).toBe('accepted');
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => gated.started.length === 64, '64 to run');
    expect(runner.waitingCount()).toBe(3);
    expect(await runner.accept(form('one more'))).toBe('busy');
    gated.releaseAll();
  });

  it('takes over lapsed commands on start, answering one older than its response URL by direct message', async () => {
    const memory = createMemoryJournal();
    const gated = createGatedRun();
    const now = new Date('2026-12-07T10:00:00Z');
    memory.rows.set('a', {
      id: 'a',
      body: form('recent'),
      receivedAt: new Date(now.getTime() - 5 * MINUTE),
      leaseUntil: now,
      attempts: 1,
    });
    memory.rows.set('b', {
      id: 'b',
      body: form('old'),
      receivedAt: new Date(now.getTime() - 40 * MINUTE),
      leaseUntil: now,
      attempts: 1,
    });
    memory.rows.set('c', {
      id: 'c',
      body: form('held'),
      receivedAt: now,
      leaseUntil: new Date(now.getTime() + MINUTE),
      attempts: 1,
    });
    const runner = createCommandRunner({ journal: memory.journal, run: gated.run, logger, now: () => now });
    await runner.start();
    await until(() => gated.started.length === 2, 'the lapsed commands to run');
    expect(gated.started).toEqual([
      { text: 'old', late: true },
      { text: 'recent', late: false },
    ]);
    gated.releaseAll();
    await until(() => memory.rows.size === 1, 'the lapsed commands to finish');
    expect([...memory.rows.keys()]).toEqual(['c']);
    await runner.stop(0);
  });

  it('gives up a command that was started five times without finishing, and one it cannot read', async () => {
    const memory = createMemoryJournal();
    const gated = createGatedRun();
    const now = new Date('2026-12-07T10:00:00Z');
    memory.rows.set('a', { id: 'a', body: form('poison'), receivedAt: now, leaseUntil: now, attempts: 5 });
    memory.rows.set('b', { id: 'b', body: { text: 42 }, receivedAt: now, leaseUntil: now, attempts: 1 });
    memory.rows.set('c', { id: 'c', body: form('fourth try'), receivedAt: now, leaseUntil: now, attempts: 3 });
    const runner = createCommandRunner({ journal: memory.journal, run: gated.run, logger, now: () => now });
    await runner.start();
    await until(() => gated.started.length === 1, 'the readable command to run');
    expect(gated.started).toEqual([{ text: 'fourth try', late: false }]);
    expect([...memory.rows.keys()]).toEqual(['c']);
    gated.releaseAll();
    await runner.stop(0);
  });

  it('on stop, lets go of waiting commands at once and waits for running ones up to the grace period', async () => {
    const memory = createMemoryJournal();
    const gated = createGatedRun();
    const now = new Date('2026-12-07T10:00:00Z');
    const runner = createCommandRunner({ journal: memory.journal, run: gated.run, logger, now: () => now });
    for (let i = 0; i < 70; i += 1) expect(await runner.accept(form(`note ${i}`))).toBe('accepted');
    await until(() => gated.started.length === 64, '64 commands to run');
    const stopped = runner.stop(5_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The six waiting are free for another process now; the 64 running are still held here.
    const released = [...memory.rows.values()].filter((row) => row.leaseUntil <= now);
    expect(released.map((row) => row.body)).toEqual(Array.from({ length: 6 }, (_, i) => form(`note ${64 + i}`)));
    let done = false;
    void stopped.then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    gated.releaseAll();
    await stopped;
    expect(memory.rows.size).toBe(6);
    // Accepted while stopping: journaled, already let go, not run here.
    expect(await runner.accept(form('late arrival'))).toBe('accepted');
    expect(memory.rows.size).toBe(7);
    expect(gated.started).toHaveLength(64);
  });

  it('stops within the grace period even when a command never finishes, keeping its lease', async () => {
    const memory = createMemoryJournal();
    const gated = createGatedRun();
    const now = new Date('2026-12-07T10:00:00Z');
    const runner = createCommandRunner({ journal: memory.journal, run: gated.run, logger, now: () => now });
    await runner.accept(form('stuck'));
    await until(() => gated.started.length === 1, 'the command to run');
    const started = performance.now();
    await runner.stop(200);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect([...memory.rows.values()].map((row) => row.leaseUntil > now)).toEqual([true]);
    gated.releaseAll();
  });

  it('keeps renewing the lease of a command still running while it waits for it, and stops renewing after', async () => {
    // Timers faked, turns of the event loop not: the queue still starts commands.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const memory = createMemoryJournal();
      const gated = createGatedRun();
      const renewed: string[][] = [];
      const journal: CommandJournal = {
        ...memory.journal,
        renew: async (ids, leaseUntil) => {
          renewed.push([...ids]);
          await memory.journal.renew(ids, leaseUntil);
        },
      };
      const runner = createCommandRunner({ journal, run: gated.run, logger });
      await runner.start();
      await runner.accept(form('slow'));
      while (gated.started.length === 0) await new Promise((resolve) => setImmediate(resolve));
      const [id] = [...memory.rows.keys()];
      const stopped = runner.stop(60_000);
      await vi.advanceTimersByTimeAsync(30_000);
      // 30 s into the grace period, past the 20 s lease: renewed all along, so no other process takes it.
      expect(renewed.filter((ids) => ids.includes(id ?? '')).length).toBeGreaterThanOrEqual(5);
      const row = memory.rows.get(id ?? '');
      expect(row?.leaseUntil.getTime()).toBeGreaterThan(Date.now());
      gated.releaseAll();
      await stopped;
      const renewals = renewed.length;
      await vi.advanceTimersByTimeAsync(30_000);
      expect(renewed).toHaveLength(renewals);
    } finally {
      vi.useRealTimers();
    }
  });
});
