import { describe, expect, it } from 'vitest';
import { createMaintenanceFlows, type ScheduleMaintenanceInput } from '../../src/flows/maintenance-flows.ts';
import { createFakeMaintenanceStore } from '../support/fakes/fake-maintenance-store.ts';
import { createFakeNotifier } from '../support/fakes/fake-notifier.ts';
import { readRefusal } from '../support/fakes/read-refusal.ts';

const BOB = 'U05BOB0002';
const ALICE = 'U05ALICE01';
// 15:00 UTC on 9 December is 16:00 in Paris (alice) and 07:00 in Los Angeles (bob).
const ZONES: Record<string, string> = { [ALICE]: 'Europe/Paris', [BOB]: 'America/Los_Angeles' };

const slackDate = (iso: string): string =>
  `<!date^${Date.parse(iso) / 1000}^{date_short_pretty} {time}|${iso.slice(0, 16).replace('T', ' ')} UTC>`;

const setup = () => {
  // Stands still, so an instant the flow writes is the one set.
  let current = new Date('2026-12-09T15:00:00Z');
  const clock = { now: () => current, set: (iso: string) => (current = new Date(iso)) };
  const store = createFakeMaintenanceStore();
  const { onEffects, kicks } = createFakeNotifier();
  const flows = createMaintenanceFlows({
    maintenance: store,
    now: clock.now,
    onEffects,
    zoneOf: async (userId) => ZONES[userId] ?? 'UTC',
  });
  return { clock, store, flows, kicks };
};

const SCHEDULE: ScheduleMaintenanceInput = {
  services: ['checkout-api', 'search'],
  start: 'tomorrow 02:00',
  minutes: 90,
  publicText: 'Database upgrade; checkout may be <slow> & flaky',
  actorId: ALICE,
  requestKey: 'trigger-1',
};

describe('maintenance flows', () => {
  it('schedules from a start read in the author’s zone, tells them in it, and announces it once', async () => {
    const { store, flows, kicks } = setup();
    const { answer, window } = await flows.schedule(SCHEDULE);
    expect(window).toMatchObject({
      number: 1,
      services: ['checkout-api', 'search'],
      startsAt: new Date('2026-12-10T01:00:00Z'),
      endsAt: new Date('2026-12-10T02:30:00Z'),
      createdBy: ALICE,
      cancelledAt: null,
    });
    expect(answer).toBe(
      'Scheduled maintenance 1 of checkout-api and search, Thu 10 Dec 2026 02:00 to 03:30 (Europe/Paris), 1 h 30 min. It is announced in the announcements channel.',
    );
    expect(store.outbox).toEqual([
      {
        dedupeKey: 'maintenance:trigger-1#0:announcements.post',
        effect: {
          kind: 'announcements.post',
          text: `:hammer_and_wrench: <@${ALICE}> scheduled maintenance 1 of checkout-api and search, ${slackDate('2026-12-10T01:00:00Z')} to ${slackDate('2026-12-10T02:30:00Z')} (1 h 30 min): Database upgrade; checkout may be &lt;slow&gt; &amp; flaky`,
        },
      },
    ]);
    expect(kicks()).toBe(1);
  });

  it('writes once for a repeated request, and says so', async () => {
    const { store, flows, kicks } = setup();
    await flows.schedule(SCHEDULE);
    const again = await flows.schedule(SCHEDULE);
    expect(again.answer).toMatch(/^Already scheduled from this request: maintenance 1 of checkout-api and search/);
    expect(store.windows).toHaveLength(1);
    expect(store.outbox).toHaveLength(1);
    expect(kicks()).toBe(1);
  });

  it.each<[string, Partial<ScheduleMaintenanceInput>, string]>([
    ['a start already past today', { start: '02:00' }, 'For tomorrow, write `tomorrow 02:00`.'],
    ['a date gone by', { start: '2026-12-01 02:00' }, 'is in the past'],
    ['a start the clocks skip', { start: '2027-03-28 02:30', actorId: ALICE }, 'does not happen in `Europe/Paris`'],
  ])('refuses %s, writing nothing', async (_name, change, fragment) => {
    const { store, flows } = setup();
    const refusal = await readRefusal(flows.schedule({ ...SCHEDULE, ...change }));
    expect(refusal.code).toBe('BAD_REQUEST');
    expect(refusal.userMessage).toContain(fragment);
    expect(store.windows).toEqual([]);
  });

  it('lists what is in progress, then what is upcoming, in the viewer’s zone; not what is over or cancelled', async () => {
    const { clock, flows } = setup();
    await flows.schedule({ ...SCHEDULE, start: '17:00', minutes: 30, requestKey: 'over' });
    await flows.schedule({ ...SCHEDULE, services: ['search'], start: 'tomorrow 09:00', minutes: 60, requestKey: 'b' });
    await flows.schedule({ ...SCHEDULE, start: '18:00', minutes: 120, publicText: 'Failover drill', requestKey: 'c' });
    await flows.schedule({ ...SCHEDULE, start: 'tomorrow 10:00', requestKey: 'cancelled' });
    await flows.cancel({ ref: { number: 4 }, actorId: ALICE });
    clock.set('2026-12-09T17:30:00Z');
    expect(await flows.describeCurrent(BOB)).toBe(
      [
        '*Scheduled maintenance*',
        '*3* :construction: *in progress* · checkout-api and search · Wed 9 Dec 2026 09:00 to 11:00 (America/Los_Angeles) · Failover drill',
        '*2* :calendar: upcoming · search · Thu 10 Dec 2026 00:00 to 01:00 (America/Los_Angeles) · Database upgrade; checkout may be &lt;slow&gt; &amp; flaky',
        'Cancel one with `/incident maintenance cancel &lt;number&gt;`.',
      ].join('\n'),
    );
  });

  it('says when nothing is scheduled', async () => {
    expect(await setup().flows.describeCurrent(ALICE)).toBe('No maintenance is scheduled or in progress.');
  });

  it('cancels an upcoming window, ends one in progress early, and announces each once', async () => {
    const { clock, store, flows } = setup();
    await flows.schedule(SCHEDULE);
    await flows.schedule({ ...SCHEDULE, start: '16:30', minutes: 120, requestKey: 'now' });
    expect(await flows.cancel({ ref: { number: 1 }, actorId: BOB })).toBe(
      'Cancelled maintenance 1; it is announced in the announcements channel.',
    );
    expect(await flows.cancel({ ref: { number: 1 }, actorId: BOB })).toBe('Maintenance 1 is already cancelled.');
    clock.set('2026-12-09T16:00:00Z');
    const inProgress = store.windows[1];
    if (inProgress === undefined) throw new Error('no second window');
    expect(await flows.cancel({ ref: { id: inProgress.id }, actorId: BOB })).toBe(
      'Ended maintenance 2 now; it is announced in the announcements channel.',
    );
    expect(store.windows[1]?.cancelledAt).toEqual(new Date('2026-12-09T16:00:00Z'));
    expect(store.outbox.slice(2).map(({ effect }) => ('text' in effect ? effect.text : ''))).toEqual([
      `:white_check_mark: <@${BOB}> cancelled maintenance 1 of checkout-api and search, planned for ${slackDate('2026-12-10T01:00:00Z')}.`,
      `:white_check_mark: <@${BOB}> ended maintenance 2 of checkout-api and search early.`,
    ]);
  });

  it('refuses to cancel a window that is unknown or over', async () => {
    const { clock, flows } = setup();
    await flows.schedule({ ...SCHEDULE, start: '17:00', minutes: 30 });
    expect(await readRefusal(flows.cancel({ ref: { number: 9 }, actorId: BOB }))).toEqual({
      code: 'NOT_FOUND',
      userMessage: 'There is no maintenance 9. `/incident maintenance list` shows them.',
    });
    clock.set('2026-12-09T17:00:00Z');
    expect(await readRefusal(flows.cancel({ ref: { number: 1 }, actorId: BOB }))).toEqual({
      code: 'BAD_REQUEST',
      userMessage: 'Maintenance 1 is over already.',
    });
  });
});
