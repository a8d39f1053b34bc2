import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currentDigestSlot,
  currentReminderSlot,
  nextDigestSlot,
  nextReminderSlot,
  type ReminderPolicy,
  type ReminderSlot,
} from '../../../src/domain/action-items/reminder-schedule.ts';
import {
  addCalendarDays,
  endOfLocalDay,
  type HolidayCalendar,
  isBusinessDay,
  localDayOf,
  localHourOn,
  weekdayOf,
} from '../../../src/domain/time/business-days.ts';

const LONDON = 'Europe/London';
const PARIS = 'Europe/Paris';
const LA = 'America/Los_Angeles';
const AUCKLAND = 'Pacific/Auckland';
const MINUTE = 60_000;

const holidaysOn = (...days: string[]): HolidayCalendar => {
  const set = new Set(days);
  return { isHoliday: (day) => set.has(day) };
};

/** The year-end days off, with Monday 28 December (the Boxing Day substitute) among them. */
const HOLIDAYS = holidaysOn('2026-12-24', '2026-12-25', '2026-12-28', '2026-12-31', '2027-01-01');
const NONE = holidaysOn();

/** The defaults of `sitrep.yml`. */
const POLICY: ReminderPolicy = {
  dayBeforeDue: true,
  dueMorningHour: 9,
  overdueEveryBusinessDay: true,
  escalateToLeadAfterBusinessDays: 2,
  digest: { weekday: 'monday', hour: 9 },
  actionBusinessDays: 5,
};

/** What a person checks in a slot, with the instant as ISO text so a failing row reads at a glance. */
const summary = (slot: ReminderSlot | undefined) =>
  slot === undefined
    ? undefined
    : {
        kind: slot.kind,
        day: slot.day,
        at: slot.at.toISOString(),
        businessDaysOverdue: slot.businessDaysOverdue,
        escalate: slot.escalate,
      };

type Row = {
  name: string;
  dueDay: string;
  zone: string;
  after: string;
  policy?: Partial<ReminderPolicy>;
  holidays?: HolidayCalendar;
  expected: ReturnType<typeof summary>;
};

describe('nextReminderSlot', () => {
  it.each<Row>([
    {
      name: 'reminds the business day before: the Friday for a Monday due day',
      dueDay: '2026-11-30',
      zone: LONDON,
      after: '2026-11-20T00:00:00Z',
      expected: {
        kind: 'day_before',
        day: '2026-11-27',
        at: '2026-11-27T09:00:00.000Z',
        businessDaysOverdue: 0,
        escalate: false,
      },
    },
    {
      name: 'goes straight to the due day when dayBeforeDue is off',
      dueDay: '2026-11-30',
      zone: LONDON,
      after: '2026-11-20T00:00:00Z',
      policy: { dayBeforeDue: false },
      expected: {
        kind: 'due',
        day: '2026-11-30',
        at: '2026-11-30T09:00:00.000Z',
        businessDaysOverdue: 0,
        escalate: false,
      },
    },
    {
      name: 'is strictly after: at the day-before slot itself, the next is the due slot',
      dueDay: '2026-11-30',
      zone: LONDON,
      after: '2026-11-27T09:00:00Z',
      expected: {
        kind: 'due',
        day: '2026-11-30',
        at: '2026-11-30T09:00:00.000Z',
        businessDaysOverdue: 0,
        escalate: false,
      },
    },
    {
      name: 'reminds the business day before a holiday break: Wednesday before a Monday after Christmas',
      dueDay: '2026-12-29',
      zone: LONDON,
      after: '2026-12-01T00:00:00Z',
      holidays: HOLIDAYS,
      expected: {
        kind: 'day_before',
        day: '2026-12-23',
        at: '2026-12-23T09:00:00.000Z',
        businessDaysOverdue: 0,
        escalate: false,
      },
    },
    {
      name: 'has no due slot on a due day that became a holiday: the first overdue day follows the break',
      dueDay: '2026-12-24',
      zone: LONDON,
      after: '2026-12-23T09:00:00Z',
      holidays: HOLIDAYS,
      expected: {
        kind: 'overdue',
        day: '2026-12-29',
        at: '2026-12-29T09:00:00.000Z',
        businessDaysOverdue: 1,
        escalate: false,
      },
    },
    {
      name: 'is 1 business day overdue on the Monday after a Friday due day',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-04T09:00:00Z',
      expected: {
        kind: 'overdue',
        day: '2026-12-07',
        at: '2026-12-07T09:00:00.000Z',
        businessDaysOverdue: 1,
        escalate: false,
      },
    },
    {
      name: 'escalates once escalateToLeadAfterBusinessDays business days overdue',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-07T09:00:00Z',
      expected: {
        kind: 'overdue',
        day: '2026-12-08',
        at: '2026-12-08T09:00:00.000Z',
        businessDaysOverdue: 2,
        escalate: true,
      },
    },
    {
      name: 'keeps escalating every business day after that',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-08T09:00:00Z',
      expected: {
        kind: 'overdue',
        day: '2026-12-09',
        at: '2026-12-09T09:00:00.000Z',
        businessDaysOverdue: 3,
        escalate: true,
      },
    },
    {
      name: 'counts only business days overdue, across weekends and holidays',
      dueDay: '2026-12-23',
      zone: LONDON,
      after: '2026-12-30T09:00:00Z',
      holidays: HOLIDAYS,
      expected: {
        kind: 'overdue',
        day: '2027-01-04',
        at: '2027-01-04T09:00:00.000Z',
        businessDaysOverdue: 3,
        escalate: true,
      },
    },
    {
      name: 'goes on forever while the action is open: 52 weeks later, 261 business days overdue',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2027-12-03T10:00:00Z',
      expected: {
        kind: 'overdue',
        day: '2027-12-06',
        at: '2027-12-06T09:00:00.000Z',
        businessDaysOverdue: 261,
        escalate: true,
      },
    },
    {
      name: 'asked in the evening of an overdue day, the next slot is the next morning',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-08T18:00:00Z',
      expected: {
        kind: 'overdue',
        day: '2026-12-09',
        at: '2026-12-09T09:00:00.000Z',
        businessDaysOverdue: 3,
        escalate: true,
      },
    },
    {
      name: 'asked before 09:00 on an overdue day, the next slot is that morning',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-08T08:59:59.999Z',
      expected: {
        kind: 'overdue',
        day: '2026-12-08',
        at: '2026-12-08T09:00:00.000Z',
        businessDaysOverdue: 2,
        escalate: true,
      },
    },
    {
      name: 'without daily overdue reminders, the first overdue day reminds the owner',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-04T09:00:00Z',
      policy: { overdueEveryBusinessDay: false, escalateToLeadAfterBusinessDays: 3 },
      expected: {
        kind: 'overdue',
        day: '2026-12-07',
        at: '2026-12-07T09:00:00.000Z',
        businessDaysOverdue: 1,
        escalate: false,
      },
    },
    {
      name: 'without daily overdue reminders, the next is the escalation day',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-07T09:00:00Z',
      policy: { overdueEveryBusinessDay: false, escalateToLeadAfterBusinessDays: 3 },
      expected: {
        kind: 'overdue',
        day: '2026-12-09',
        at: '2026-12-09T09:00:00.000Z',
        businessDaysOverdue: 3,
        escalate: true,
      },
    },
    {
      name: 'without daily overdue reminders, nothing is left after the escalation day',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-09T09:00:00Z',
      policy: { overdueEveryBusinessDay: false, escalateToLeadAfterBusinessDays: 3 },
      expected: undefined,
    },
    {
      name: 'escalates on the due day itself when escalateToLeadAfterBusinessDays is 0',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-03T09:00:00Z',
      policy: { escalateToLeadAfterBusinessDays: 0 },
      expected: {
        kind: 'due',
        day: '2026-12-04',
        at: '2026-12-04T09:00:00.000Z',
        businessDaysOverdue: 0,
        escalate: true,
      },
    },
    {
      name: 'at 0 without daily overdue reminders, the first overdue day is the last slot and escalates',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-04T09:00:00Z',
      policy: { overdueEveryBusinessDay: false, escalateToLeadAfterBusinessDays: 0 },
      expected: {
        kind: 'overdue',
        day: '2026-12-07',
        at: '2026-12-07T09:00:00.000Z',
        businessDaysOverdue: 1,
        escalate: true,
      },
    },
    {
      name: 'at 1 without daily overdue reminders, the first overdue day is also the escalation day',
      dueDay: '2026-12-04',
      zone: LONDON,
      after: '2026-12-07T09:00:00Z',
      policy: { overdueEveryBusinessDay: false, escalateToLeadAfterBusinessDays: 1 },
      expected: undefined,
    },
    {
      name: 'uses dueMorningHour in the owner zone',
      dueDay: '2026-12-04',
      zone: LA,
      after: '2026-12-01T00:00:00Z',
      policy: { dueMorningHour: 10 },
      expected: {
        kind: 'day_before',
        day: '2026-12-03',
        at: '2026-12-03T18:00:00.000Z',
        businessDaysOverdue: 0,
        escalate: false,
      },
    },
    {
      name: 'Paris: due on Friday in CEST at 07:00Z',
      dueDay: '2026-10-23',
      zone: PARIS,
      after: '2026-10-22T07:00:00Z',
      expected: {
        kind: 'due',
        day: '2026-10-23',
        at: '2026-10-23T07:00:00.000Z',
        businessDaysOverdue: 0,
        escalate: false,
      },
    },
    {
      name: 'Paris: overdue on the Monday after the clocks went back, at 08:00Z (CET)',
      dueDay: '2026-10-23',
      zone: PARIS,
      after: '2026-10-23T07:00:00Z',
      expected: {
        kind: 'overdue',
        day: '2026-10-26',
        at: '2026-10-26T08:00:00.000Z',
        businessDaysOverdue: 1,
        escalate: false,
      },
    },
    {
      name: 'Los Angeles: overdue on the Monday after spring forward, at 16:00Z (PDT)',
      dueDay: '2026-03-06',
      zone: LA,
      after: '2026-03-06T17:00:00Z',
      expected: {
        kind: 'overdue',
        day: '2026-03-09',
        at: '2026-03-09T16:00:00.000Z',
        businessDaysOverdue: 1,
        escalate: false,
      },
    },
    {
      name: 'Los Angeles: overdue on the Monday after falling back, at 17:00Z (PST)',
      dueDay: '2026-10-30',
      zone: LA,
      after: '2026-10-30T16:00:00Z',
      expected: {
        kind: 'overdue',
        day: '2026-11-02',
        at: '2026-11-02T17:00:00.000Z',
        businessDaysOverdue: 1,
        escalate: false,
      },
    },
    {
      name: 'Auckland: the Monday 09:00 due slot is on Sunday in UTC',
      dueDay: '2026-11-30',
      zone: AUCKLAND,
      after: '2026-11-27T00:00:00Z',
      expected: {
        kind: 'due',
        day: '2026-11-30',
        at: '2026-11-29T20:00:00.000Z',
        businessDaysOverdue: 0,
        escalate: false,
      },
    },
  ])('$name', ({ dueDay, zone, after, policy, holidays, expected }) => {
    const slot = nextReminderSlot({
      dueAt: endOfLocalDay(dueDay, zone),
      zone,
      policy: { ...POLICY, ...policy },
      holidays: holidays ?? NONE,
      after: new Date(after),
    });
    expect(summary(slot)).toEqual(expected);
  });
});

describe('currentReminderSlot', () => {
  const due = { dueAt: endOfLocalDay('2026-12-04', LONDON), zone: LONDON, policy: POLICY, holidays: NONE };

  it.each([
    { name: 'nothing before 09:00 on the due day', now: '2026-12-04T08:59:59.999Z', expected: undefined },
    { name: 'the due slot at 09:00', now: '2026-12-04T09:00:00Z', expected: ['due', '2026-12-04'] },
    {
      name: 'the due slot still in the evening, for a sender that was busy',
      now: '2026-12-04T23:59:59Z',
      expected: ['due', '2026-12-04'],
    },
    { name: 'nothing on the Saturday after', now: '2026-12-05T10:00:00Z', expected: undefined },
    { name: 'the first overdue slot on Monday', now: '2026-12-07T10:00:00Z', expected: ['overdue', '2026-12-07'] },
    {
      name: "Tuesday's slot only, when Monday was missed: never late",
      now: '2026-12-08T09:15:00Z',
      expected: ['overdue', '2026-12-08'],
    },
    { name: 'nothing before the day-before slot', now: '2026-12-02T12:00:00Z', expected: undefined },
    { name: 'the day-before slot on Thursday', now: '2026-12-03T12:00:00Z', expected: ['day_before', '2026-12-03'] },
  ])('$name', ({ now, expected }) => {
    const slot = currentReminderSlot({ ...due, now: new Date(now) });
    expect(slot === undefined ? undefined : [slot.kind, slot.day]).toEqual(expected);
  });

  it('reads today in the owner zone: Sunday 20:00Z is Monday 09:00 in Auckland', () => {
    const slot = currentReminderSlot({
      dueAt: endOfLocalDay('2026-11-30', AUCKLAND),
      zone: AUCKLAND,
      policy: POLICY,
      holidays: NONE,
      now: new Date('2026-11-29T20:00:00Z'),
    });
    expect(summary(slot)).toEqual({
      kind: 'due',
      day: '2026-11-30',
      at: '2026-11-29T20:00:00.000Z',
      businessDaysOverdue: 0,
      escalate: false,
    });
  });
});

describe('nextDigestSlot and currentDigestSlot', () => {
  it.each([
    { name: 'Monday before 09:00: this morning', after: '2026-11-30T08:59:00Z', expected: '2026-11-30T09:00:00.000Z' },
    {
      name: 'Monday at 09:00: next Monday, strictly after',
      after: '2026-11-30T09:00:00Z',
      expected: '2026-12-07T09:00:00.000Z',
    },
    { name: 'a Wednesday: the coming Monday', after: '2026-12-02T12:00:00Z', expected: '2026-12-07T09:00:00.000Z' },
    { name: 'a Sunday: the next day', after: '2026-12-06T12:00:00Z', expected: '2026-12-07T09:00:00.000Z' },
    {
      name: 'a Monday holiday is skipped, not moved',
      after: '2026-12-21T09:00:00Z',
      expected: '2027-01-04T09:00:00.000Z',
    },
  ])('$name', ({ after, expected }) => {
    const slot = nextDigestSlot({ after: new Date(after), zone: LONDON, policy: POLICY, holidays: HOLIDAYS });
    expect(slot.at.toISOString()).toBe(expected);
    expect(slot.day).toBe(expected.slice(0, 10));
  });

  it.each([
    {
      name: 'Friday 16:00 in Los Angeles before falling back is 23:00Z',
      after: '2026-10-28T00:00:00Z',
      expected: '2026-10-30T23:00:00.000Z',
    },
    {
      name: 'and the Friday after is 00:00Z the next UTC day (PST)',
      after: '2026-10-31T00:00:00Z',
      expected: '2026-11-07T00:00:00.000Z',
    },
  ])('$name', ({ after, expected }) => {
    const policy = { digest: { weekday: 'friday', hour: 16 } } as const;
    const slot = nextDigestSlot({ after: new Date(after), zone: LA, policy, holidays: NONE });
    expect(slot.at.toISOString()).toBe(expected);
  });

  it.each([
    { name: "today's digest once 09:00 has come", now: '2026-11-30T10:00:00Z', expected: '2026-11-30' },
    { name: 'nothing before 09:00', now: '2026-11-30T08:45:00Z', expected: undefined },
    { name: 'nothing on Tuesday: a missed digest is skipped', now: '2026-12-01T10:00:00Z', expected: undefined },
    { name: 'nothing on a Monday holiday', now: '2026-12-28T10:00:00Z', expected: undefined },
  ])('current: $name', ({ now, expected }) => {
    expect(currentDigestSlot({ now: new Date(now), zone: LONDON, policy: POLICY, holidays: HOLIDAYS })?.day).toBe(
      expected,
    );
  });

  it('refuses a calendar where the digest day is always a holiday, instead of looping forever', () => {
    const mondaysOff: HolidayCalendar = { isHoliday: (day) => weekdayOf(day) === 'monday' };
    expect(() =>
      nextDigestSlot({ after: new Date('2026-11-30T00:00:00Z'), zone: LONDON, policy: POLICY, holidays: mondaysOff }),
    ).toThrow(RangeError);
  });
});

describe('a simulated November and December', () => {
  type Action = {
    id: string;
    zone: string;
    dueDay: string;
    /** When the owner closes it; reminders stop then. */
    closedAt?: string;
    policy?: Partial<ReminderPolicy>;
  };
  const ACTIONS: Action[] = [
    { id: 'A', zone: LONDON, dueDay: '2026-11-06', closedAt: '2026-11-11T12:00:00Z' },
    // Los Angeles falls back on Sunday 1 November: the day before is in PDT, the due day in PST.
    { id: 'B', zone: LA, dueDay: '2026-11-02', closedAt: '2026-11-03T20:00:00Z' },
    // Auckland is 13 h ahead: its 09:00 is 20:00Z the day before, so a Monday slot is on a Sunday in UTC.
    { id: 'C', zone: AUCKLAND, dueDay: '2026-11-30', closedAt: '2026-12-02T00:00:00Z' },
    {
      id: 'D',
      zone: PARIS,
      dueDay: '2026-12-08',
      closedAt: '2026-12-09T12:00:00Z',
      policy: { escalateToLeadAfterBusinessDays: 0 },
    },
    // Still open at the end of the year, reminded on the first overdue day and the escalation day only.
    {
      id: 'E',
      zone: LA,
      dueDay: '2026-12-23',
      policy: { overdueEveryBusinessDay: false, escalateToLeadAfterBusinessDays: 3 },
    },
    // Its due day became a holiday: no due reminder, and no day-before one either by this team's choice.
    { id: 'F', zone: PARIS, dueDay: '2026-12-24', policy: { dayBeforeDue: false } },
  ];
  const START = new Date('2026-10-29T00:00:00Z');
  const END = new Date('2027-01-01T00:00:00Z');

  const optionsOf = (action: Action) => ({
    dueAt: endOfLocalDay(action.dueDay, action.zone),
    zone: action.zone,
    policy: { ...POLICY, ...action.policy },
    holidays: HOLIDAYS,
  });
  const stopOf = (action: Action) =>
    action.closedAt === undefined ? END.getTime() : Math.min(END.getTime(), Date.parse(action.closedAt));

  type Sent = { action: string; kind: string; day: string; at: string; escalate: boolean };
  const byTime = (a: Sent, b: Sent) => a.at.localeCompare(b.at) || a.action.localeCompare(b.action);

  /** What a sender stepping from slot to slot with nextReminderSlot sends. */
  const stepThrough = (): Sent[] =>
    ACTIONS.flatMap((action) => {
      const sent: Sent[] = [];
      let after = START;
      for (;;) {
        const slot = nextReminderSlot({ ...optionsOf(action), after });
        if (slot === undefined || slot.at.getTime() >= stopOf(action)) return sent;
        sent.push({
          action: action.id,
          kind: slot.kind,
          day: slot.day,
          at: slot.at.toISOString(),
          escalate: slot.escalate,
        });
        after = slot.at;
      }
    }).sort(byTime);

  /** What a sender polling currentReminderSlot every 15 minutes sends, once per action and day. */
  const pollEveryQuarterHour = ({ from, to }: { from: string; to: string }): Sent[] => {
    const sent = new Map<string, Sent>();
    for (let now = Date.parse(from); now < Date.parse(to); now += 15 * MINUTE) {
      for (const action of ACTIONS) {
        if (now >= stopOf(action)) continue;
        const slot = currentReminderSlot({ ...optionsOf(action), now: new Date(now) });
        if (slot === undefined) continue;
        const key = `${action.id} ${slot.day}`;
        if (!sent.has(key)) {
          sent.set(key, {
            action: action.id,
            kind: slot.kind,
            day: slot.day,
            at: slot.at.toISOString(),
            escalate: slot.escalate,
          });
        }
      }
    }
    return [...sent.values()].sort(byTime);
  };

  const EXPECTED: Sent[] = [
    { action: 'B', kind: 'day_before', day: '2026-10-30', at: '2026-10-30T16:00:00.000Z', escalate: false },
    { action: 'B', kind: 'due', day: '2026-11-02', at: '2026-11-02T17:00:00.000Z', escalate: false },
    { action: 'B', kind: 'overdue', day: '2026-11-03', at: '2026-11-03T17:00:00.000Z', escalate: false },
    { action: 'A', kind: 'day_before', day: '2026-11-05', at: '2026-11-05T09:00:00.000Z', escalate: false },
    { action: 'A', kind: 'due', day: '2026-11-06', at: '2026-11-06T09:00:00.000Z', escalate: false },
    { action: 'A', kind: 'overdue', day: '2026-11-09', at: '2026-11-09T09:00:00.000Z', escalate: false },
    { action: 'A', kind: 'overdue', day: '2026-11-10', at: '2026-11-10T09:00:00.000Z', escalate: true },
    { action: 'A', kind: 'overdue', day: '2026-11-11', at: '2026-11-11T09:00:00.000Z', escalate: true },
    { action: 'C', kind: 'day_before', day: '2026-11-27', at: '2026-11-26T20:00:00.000Z', escalate: false },
    { action: 'C', kind: 'due', day: '2026-11-30', at: '2026-11-29T20:00:00.000Z', escalate: false },
    { action: 'C', kind: 'overdue', day: '2026-12-01', at: '2026-11-30T20:00:00.000Z', escalate: false },
    { action: 'C', kind: 'overdue', day: '2026-12-02', at: '2026-12-01T20:00:00.000Z', escalate: true },
    { action: 'D', kind: 'day_before', day: '2026-12-07', at: '2026-12-07T08:00:00.000Z', escalate: false },
    { action: 'D', kind: 'due', day: '2026-12-08', at: '2026-12-08T08:00:00.000Z', escalate: true },
    { action: 'D', kind: 'overdue', day: '2026-12-09', at: '2026-12-09T08:00:00.000Z', escalate: true },
    { action: 'E', kind: 'day_before', day: '2026-12-22', at: '2026-12-22T17:00:00.000Z', escalate: false },
    { action: 'E', kind: 'due', day: '2026-12-23', at: '2026-12-23T17:00:00.000Z', escalate: false },
    { action: 'F', kind: 'overdue', day: '2026-12-29', at: '2026-12-29T08:00:00.000Z', escalate: false },
    { action: 'E', kind: 'overdue', day: '2026-12-29', at: '2026-12-29T17:00:00.000Z', escalate: false },
    { action: 'F', kind: 'overdue', day: '2026-12-30', at: '2026-12-30T08:00:00.000Z', escalate: true },
  ];

  it('steps from slot to slot and sends exactly the expected reminders', () => {
    expect(stepThrough()).toEqual(EXPECTED);
  });

  it('sends nothing on a Saturday, a Sunday or a holiday in the owner zone, and each at its owner-local 09:00', () => {
    for (const sent of stepThrough()) {
      const action = ACTIONS.find((candidate) => candidate.id === sent.action);
      if (action === undefined) throw new Error(`unknown action ${sent.action}`);
      const at = new Date(sent.at);
      expect(localDayOf(at, action.zone)).toBe(sent.day);
      expect(isBusinessDay(sent.day, HOLIDAYS)).toBe(true);
      const hour = new Intl.DateTimeFormat('en-GB', {
        timeZone: action.zone,
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(at);
      expect(hour).toBe('09');
    }
  });

  it.each([
    { name: 'Los Angeles falling back', from: '2026-10-29T00:00:00Z', to: '2026-11-05T00:00:00Z' },
    {
      name: 'Auckland across the weekend, where UTC days and owner days differ',
      from: '2026-11-26T00:00:00Z',
      to: '2026-12-03T00:00:00Z',
    },
    { name: 'the year-end holidays', from: '2026-12-21T00:00:00Z', to: '2027-01-01T00:00:00Z' },
  ])('polling every 15 minutes sends the same reminders as stepping: $name', ({ from, to }) => {
    const inWindow = EXPECTED.filter(
      (sent) => sent.at >= new Date(from).toISOString() && sent.at < new Date(to).toISOString(),
    );
    expect(inWindow.length).toBeGreaterThan(0);
    expect(pollEveryQuarterHour({ from, to })).toEqual(inWindow);
  });

  it('posts the digest on every Monday at 09:00 London, but for the Monday holiday', () => {
    const digests: string[] = [];
    let after = START;
    for (;;) {
      const slot = nextDigestSlot({ after, zone: LONDON, policy: POLICY, holidays: HOLIDAYS });
      if (slot.at >= END) break;
      digests.push(slot.at.toISOString());
      after = slot.at;
    }
    expect(digests).toEqual(
      ['11-02', '11-09', '11-16', '11-23', '11-30', '12-07', '12-14', '12-21'].map(
        (day) => `2026-${day}T09:00:00.000Z`,
      ),
    );

    const polled = new Set<string>();
    for (let now = START.getTime(); now < END.getTime(); now += 15 * MINUTE) {
      const slot = currentDigestSlot({ now: new Date(now), zone: LONDON, policy: POLICY, holidays: HOLIDAYS });
      if (slot !== undefined) polled.add(slot.at.toISOString());
    }
    expect([...polled]).toEqual(digests);
  });
});

describe('properties', () => {
  const zones = fc.constantFrom(LONDON, PARIS, LA, AUCKLAND, 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata');
  const dueDays = fc
    .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
  const policies = fc.record({
    dayBeforeDue: fc.boolean(),
    dueMorningHour: fc.integer({ min: 0, max: 23 }),
    overdueEveryBusinessDay: fc.boolean(),
    escalateToLeadAfterBusinessDays: fc.integer({ min: 0, max: 10 }),
    digest: fc.record({
      weekday: fc.constantFrom('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'),
      hour: fc.integer({ min: 0, max: 23 }),
    }),
    actionBusinessDays: fc.integer({ min: 1, max: 60 }),
  });
  // From two weeks before the due day to two months after it.
  const offsets = fc.integer({ min: -14 * 24 * 60, max: 60 * 24 * 60 });
  const calendar: HolidayCalendar = HOLIDAYS;

  it('nextReminderSlot is strictly after `after`, on a business day in the owner zone, and what currentReminderSlot sends then', () => {
    fc.assert(
      fc.property(dueDays, zones, policies, offsets, (dueDay, zone, policy, offsetMinutes) => {
        const dueAt = endOfLocalDay(dueDay, zone);
        const after = new Date(dueAt.getTime() + offsetMinutes * MINUTE);
        const options = { dueAt, zone, policy, holidays: calendar };
        const slot = nextReminderSlot({ ...options, after });
        if (policy.overdueEveryBusinessDay) expect(slot).toBeDefined();
        if (slot === undefined) return;
        expect(slot.at.getTime()).toBeGreaterThan(after.getTime());
        expect(isBusinessDay(slot.day, calendar)).toBe(true);
        expect(localDayOf(slot.at, zone)).toBe(slot.day);
        expect(currentReminderSlot({ ...options, now: slot.at })).toEqual(slot);
        // Nothing was skipped: just before it, the same slot is next.
        expect(nextReminderSlot({ ...options, after: new Date(slot.at.getTime() - 1) })).toEqual(slot);
      }),
    );
  });

  it('nextDigestSlot is the first digest day strictly after `after` that is not a holiday', () => {
    fc.assert(
      fc.property(dueDays, zones, policies, offsets, (day, zone, policy, offsetMinutes) => {
        const after = new Date(endOfLocalDay(day, zone).getTime() + offsetMinutes * MINUTE);
        const slot = nextDigestSlot({ after, zone, policy, holidays: calendar });
        expect(slot.at.getTime()).toBeGreaterThan(after.getTime());
        // None skipped: every digest day between `after` and this one was a holiday.
        for (
          let earlier = addCalendarDays({ day: slot.day, count: -7 });
          localHourOn({ day: earlier, hour: policy.digest.hour, zone }) > after;
          earlier = addCalendarDays({ day: earlier, count: -7 })
        ) {
          expect(calendar.isHoliday(earlier)).toBe(true);
        }
        expect(weekdayOf(slot.day)).toBe(policy.digest.weekday);
        expect(calendar.isHoliday(slot.day)).toBe(false);
        expect(localDayOf(slot.at, zone)).toBe(slot.day);
      }),
    );
  });
});
