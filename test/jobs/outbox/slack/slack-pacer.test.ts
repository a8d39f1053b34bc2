import { describe, expect, it } from 'vitest';
import { createSlackPacer } from '../../../../src/jobs/outbox/slack/slack-pacer.ts';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms);

describe('createSlackPacer', () => {
  const creates = () => {
    const pacer = createSlackPacer();
    return (ticket: string, ms: number) =>
      pacer.take({ method: 'conversations.create', scope: 'workspace', now: at(ms), ticket });
  };

  it('lets a burst of 20 channels go at once and books the ones after it a turn every 3 s, in order', () => {
    const take = creates();
    const burst = Array.from({ length: 20 }, (_, i) => take(`incident ${i}`, 0));
    expect(burst).toEqual(Array(20).fill(0));
    expect([take('incident 20', 0), take('incident 21', 0), take('incident 22', 10)]).toEqual([3_000, 6_000, 8_990]);
  });

  it('lets a booked effect go when it comes back at its turn, without taking a second turn', () => {
    const take = creates();
    for (let i = 0; i < 20; i += 1) take(`incident ${i}`, 0);
    expect(take('late', 0)).toBe(3_000);
    expect(take('later', 0)).toBe(6_000);
    // Coming back early, it is told the time left of the same turn.
    expect(take('late', 1_000)).toBe(2_000);
    expect(take('late', 3_000)).toBe(0);
    expect(take('later', 6_000)).toBe(0);
    // The next turn after both: a newcomer waits for it, as it would had they gone unbooked.
    expect(take('newcomer', 6_000)).toBe(3_000);
  });

  it('keeps the pace over a backlog: 1,000 channels each tried twice at most, about 20 a minute', () => {
    const take = creates();
    const waiting = new Map<string, number>();
    for (let i = 0; i < 1_000; i += 1) {
      const wait = take(`incident ${i}`, 0);
      if (wait > 0) waiting.set(`incident ${i}`, wait);
    }
    expect(waiting.size).toBe(980);
    let goneAt = 0;
    for (const [ticket, wait] of waiting) {
      expect(take(ticket, wait)).toBe(0);
      goneAt = Math.max(goneAt, wait);
    }
    expect(goneAt).toBe(980 * 3_000);
  });

  it('forgets a turn whose effect never came back, ten minutes after it', () => {
    const take = creates();
    for (let i = 0; i < 20; i += 1) take(`incident ${i}`, 0);
    expect(take('gone elsewhere', 0)).toBe(3_000);
    const later = 3_000 + 10 * 60_000 + 1;
    // The bucket is full again by then; had the booking been kept, this would go on the old turn instead.
    for (let i = 0; i < 20; i += 1) take(`fresh ${i}`, later);
    expect(take('gone elsewhere', later)).toBe(3_000);
  });

  it('paces chat.postMessage per channel: another channel is not held up', () => {
    const pacer = createSlackPacer();
    const post = (channel: string, ticket: string, ms: number) =>
      pacer.take({ method: 'chat.postMessage', scope: channel, now: at(ms), ticket });
    for (let i = 0; i < 5; i += 1) expect(post('C1', `line ${i}`, 0)).toBe(0);
    expect(post('C1', 'line 5', 0)).toBe(1_000);
    expect(post('C1', 'line 6', 500)).toBe(1_500);
    expect(post('C2', 'line 0', 500)).toBe(0);
  });
});
