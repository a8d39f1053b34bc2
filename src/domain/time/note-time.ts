import { escapeMrkdwn } from '../text/escape-mrkdwn.ts';
import { isKnownTimeZone } from './time-zone.ts';
import { resolveWallTime, zoneOffsetAt } from './wall-time.ts';

/** What the start of a note says about when it happened. */
export type NoteTime =
  /** No time at the start: the note happens now; `text` is the whole input, trimmed. */
  | { kind: 'none'; text: string }
  /** A time was given; `text` is what follows it, trimmed. */
  | { kind: 'at'; occurredAt: Date; text: string }
  /** A time was given but cannot be used, or there is no text: `message` (Slack mrkdwn) says why and what works. */
  | { kind: 'refused'; message: string };

export type NoteTimeOptions = {
  now: Date;
  /** The author's IANA time zone from their Slack profile, e.g. `America/Los_Angeles`. */
  zone: string;
};

/** Slack's clock and ours may disagree a little: a time up to this far ahead of `now` still counts as now. */
const ALLOWED_SKEW = 60_000;
const EARLIEST_YEAR = 2000;
/** A week inside the last instant a Date can hold. */
const LAST_READABLE_CLOCK = 8.64e15 - 7 * 24 * 60 * 60_000;
const tooEarly = `Notes go back to ${EARLIEST_YEAR}-01-01 at the earliest.`;

// `yesterday 14:05`, `2026-03-08 14:05` or `14:05`; minutes need two digits so that `1:1 with support` stays text.
const TIME_EXPRESSION = /^(?:(yesterday)\s+|(\d{4})-(\d{2})-(\d{2})\s+)?(\d{1,2}):(\d{2})(?!\d)/i;
// The same looking ahead: `14:05`, `today 14:05`, `tomorrow 02:00`, `2026-12-10 02:00`.
const PLANNED_EXPRESSION = /^(?:(today|tomorrow)\s+|(\d{4})-(\d{2})-(\d{2})\s+)?(\d{1,2}):(\d{2})(?!\d)/i;

/** How many days a day word moves from today. */
const DAY_SHIFT: Record<string, number> = { yesterday: -1, today: 0, tomorrow: 1 };
const DATE_ALONE = /^\d{4}-\d{2}-\d{2}(?!\d)/;

type Wall = { year: number; month: number; day: number; hour: number; minute: number };

/**
 * Reads the time a timeline note starts with, in the author's Slack time zone, so `/incident note 14:05 Alert fired`
 * can be backdated. Accepted at the very start (case-insensitive, any whitespace after it, 24-hour clock):
 * `H:MM`/`HH:MM` (today in `zone`), `yesterday HH:MM` (the calendar day before today in `zone`, which is 23 or 25 hours
 * long across a DST change, so not `now` minus 24 h) and `YYYY-MM-DD HH:MM`.
 *
 * Edges:
 * - Anything that does not start with such a time is `none` and keeps its text: `Rolled back`, `v1.4.1 deployed`,
 *   `14h05 …`, `1:1 with support`, `Yesterday we deployed`.
 * - Something shaped like a time that is not one is `refused`: `24:00`, `14:60`, `2026-02-30 10:00`, `14:05pm`,
 *   `14:05:30`, a date without a time, a time with no text after it, a date before 2000-01-01.
 * - A time later than `now` plus 60 s of clock skew is `refused` (it suggests `yesterday` for a bare time). Within the
 *   skew the time is kept as typed, even if a few seconds ahead of `now`.
 * - A local time the clocks skipped (spring forward) is `refused`, saying when the clocks jumped. A local time that
 *   happened twice (fall back) is the first of the two instants, the one before the clocks went back.
 * - An empty note, or a zone the runtime does not know, is `refused`. Never throws.
 *
 * @example readNoteTime('14:05 Alert fired for 5xx', { now: new Date('2026-03-08T22:00:00Z'), zone: 'America/Los_Angeles' })
 *   // => { kind: 'at', occurredAt: 2026-03-08T21:05:00Z (PDT, UTC-7), text: 'Alert fired for 5xx' }
 * @example readNoteTime('yesterday 23:50 Disk full', { now: new Date('2026-06-15T22:10:00Z'), zone: 'Europe/Paris' })
 *   // it is 00:10 on 16 June in Paris => { kind: 'at', occurredAt: 2026-06-15T21:50:00Z, text: 'Disk full' }
 * @example readNoteTime('2026-11-01 01:30 Failover', { now: new Date('2026-11-02T00:00:00Z'), zone: 'America/Los_Angeles' })
 *   // 01:30 happened twice; the first (PDT) => { kind: 'at', occurredAt: 2026-11-01T08:30:00Z, text: 'Failover' }
 * @example readNoteTime('02:30 Paged', { now: new Date('2026-03-08T22:00:00Z'), zone: 'America/Los_Angeles' })
 *   // => { kind: 'refused', message: '`02:30` on 2026-03-08 did not happen in `America/Los_Angeles`: …jumped from 02:00 to 03:00…' }
 * @example readNoteTime('Rolled back', { now, zone }) // => { kind: 'none', text: 'Rolled back' }
 */
export const readNoteTime = (input: string, { now, zone }: NoteTimeOptions): NoteTime => {
  const trimmed = input.trim();
  const match = TIME_EXPRESSION.exec(trimmed);
  if (match === null) {
    if (DATE_ALONE.test(trimmed)) {
      return refuse(`A date needs a time after it, as in \`${trimmed.slice(0, 10)} 14:05\`.`, zone);
    }
    if (trimmed === '') return refuse('A note needs some text: what happened?', zone);
    return { kind: 'none', text: trimmed };
  }

  const typed = readTypedFields(match);
  const rest = trimmed.slice(typed.expression.length);
  if (rest !== '' && !/^\s/.test(rest)) {
    return refuse(`Put a space between \`${typed.shown}\` and the note; use the 24-hour clock, without seconds.`, zone);
  }
  const badClock = checkClock(typed);
  if (badClock !== undefined) return refuse(badClock, zone);
  const text = rest.trim();
  if (text === '') return refuse(`A note needs some text after the time, as in \`${typed.shown} Alert fired\`.`, zone);
  const time = resolveTypedTime(typed, { now, zone, hint: NOTE_HINT });
  return time.kind === 'at' ? { kind: 'at', occurredAt: time.occurredAt, text } : time;
};

/** When a time typed on its own happened, or why it cannot be used (Slack mrkdwn). */
export type TypedTime = { kind: 'at'; occurredAt: Date } | { kind: 'refused'; message: string };

/**
 * Reads a time typed on its own, such as the start of an impact window (`/incident impact outage 13:58`), exactly
 * as `readNoteTime` reads the time a note starts with: `H:MM`/`HH:MM`, `yesterday HH:MM` or `YYYY-MM-DD HH:MM` in
 * the author's `zone`, with the same edges (future beyond 60 s of skew, skipped and repeated local times, dates
 * before 2000, unknown zones). Anything else, a date alone or a time followed by more text, is `refused`. Never
 * throws.
 *
 * @example readTypedTime('13:58', { now: new Date('2026-11-23T22:30:00Z'), zone: 'America/Los_Angeles' })
 *   // => { kind: 'at', occurredAt: 2026-11-23T21:58:00Z (PST, UTC-8) }
 * @example readTypedTime('13:58pm', { now, zone }) // => { kind: 'refused', message: '`13:58pm` is not a time. …' }
 */
export const readTypedTime = (input: string, { now, zone }: NoteTimeOptions): TypedTime =>
  readWholeTime(input, { now, zone, expression: TIME_EXPRESSION, hint: TIME_HINT, ahead: false });

/**
 * Reads a time something is planned for, such as the start of a maintenance window (`/incident maintenance search
 * tomorrow 02:00 90m …`), as `readTypedTime` reads a time that has passed, but looking ahead: `H:MM`/`HH:MM` (today
 * in `zone`), `today HH:MM`, `tomorrow HH:MM` (the calendar day after today in `zone`) or `YYYY-MM-DD HH:MM`. A time
 * earlier than `now` minus 60 s of clock skew is `refused` (suggesting `tomorrow` for a bare time); skipped local
 * times are refused, and a repeated one is the first of its two instants, as for notes. Never throws.
 *
 * @example readPlannedTime('tomorrow 02:00', { now: new Date('2026-12-09T15:00:00Z'), zone: 'Europe/Paris' })
 *   // => { kind: 'at', occurredAt: 2026-12-10T01:00:00Z (CET, UTC+1) }
 * @example readPlannedTime('02:00', { now: new Date('2026-12-09T15:00:00Z'), zone: 'Europe/Paris' })
 *   // => { kind: 'refused', message: '`02:00` in `Europe/Paris` is in the past (it is now 16:00 there). For tomorrow, write `tomorrow 02:00`. …' }
 */
export const readPlannedTime = (input: string, { now, zone }: NoteTimeOptions): TypedTime =>
  readWholeTime(input, { now, zone, expression: PLANNED_EXPRESSION, hint: PLANNED_HINT, ahead: true });

const readWholeTime = (
  input: string,
  { now, zone, expression, hint, ahead }: NoteTimeOptions & { expression: RegExp; hint: Hint; ahead: boolean },
): TypedTime => {
  const trimmed = input.trim();
  const match = expression.exec(trimmed);
  if (match === null || match[0] !== trimmed) {
    const problem = DATE_ALONE.test(trimmed)
      ? `A date needs a time after it, as in \`${trimmed.slice(0, 10)} 14:05\`.`
      : `${code(trimmed)} is not a time.`;
    return { kind: 'refused', message: `${problem}${hint(zone)}` };
  }
  const typed = readTypedFields(match);
  const badClock = checkClock(typed);
  if (badClock !== undefined) return { kind: 'refused', message: `${badClock}${hint(zone)}` };
  return resolveTypedTime(typed, { now, zone, hint, ahead });
};

/** What the refusals end with: the forms that work, in the author's zone. */
type Hint = (zone: string) => string;

const NOTE_HINT: Hint = (zone) =>
  ` Start a note with when it happened, in your Slack time zone (${code(zone)}): \`14:05\`, \`yesterday 14:05\` or \`2026-03-08 14:05\`, then the text.`;

const TIME_HINT: Hint = (zone) =>
  ` Give the time in your Slack time zone (${code(zone)}): \`14:05\`, \`yesterday 14:05\` or \`2026-03-08 14:05\`.`;

const PLANNED_HINT: Hint = (zone) =>
  ` Give the start in your Slack time zone (${code(zone)}): \`22:00\`, \`tomorrow 02:00\` or \`2026-12-10 02:00\`.`;

type TypedFields = {
  expression: string;
  /** `yesterday`, `today` or `tomorrow`, lower-cased, when the time starts with one. */
  dayWord: string | undefined;
  yearText: string | undefined;
  monthText: string | undefined;
  dayText: string | undefined;
  hourText: string;
  minuteText: string;
  hour: number;
  minute: number;
  /** The clock as the refusals show it: `14:05`. */
  shown: string;
};

const readTypedFields = (match: RegExpExecArray): TypedFields => {
  const [expression, dayWord, yearText, monthText, dayText, hourText = '', minuteText = ''] = match;
  const hour = Number(hourText);
  return {
    expression,
    dayWord: dayWord?.toLowerCase(),
    yearText,
    monthText,
    dayText,
    hourText,
    minuteText,
    hour,
    minute: Number(minuteText),
    shown: `${pad(hour)}:${minuteText}`,
  };
};

const checkClock = ({ hour, minute, hourText, minuteText }: TypedFields): string | undefined =>
  hour > 23 || minute > 59
    ? `\`${hourText}:${minuteText}\` is not a time: hours go from 0 to 23, minutes from 00 to 59.`
    : undefined;

/** The instant a well-formed clock time names in `zone`, or why it cannot be used. */
const resolveTypedTime = (
  { dayWord, yearText, monthText, dayText, hour, minute, shown }: TypedFields,
  { now, zone, hint, ahead = false }: NoteTimeOptions & { hint: Hint; ahead?: boolean },
): TypedTime => {
  const refused = (problem: string): TypedTime => ({ kind: 'refused', message: `${problem}${hint(zone)}` });
  if (!isKnownTimeZone(zone)) {
    return {
      kind: 'refused',
      message: `I can't read times in your Slack time zone (${code(zone)}); leave the time out.`,
    };
  }
  // A clock at the ends of what a Date can hold (±273,790 years) leaves no yesterday nor DST days around it to read.
  if (!(Math.abs(now.getTime()) <= LAST_READABLE_CLOCK)) {
    return refused(`I can't tell what time it is now to check \`${shown}\`.`);
  }

  const today = wallClockAt(now.getTime(), zone);
  let date: Wall;
  if (yearText !== undefined) {
    // Checked before the calendar: Date.UTC reads years 0 to 99 as 1900 to 1999.
    if (Number(yearText) < EARLIEST_YEAR) return refused(tooEarly);
    const candidate = calendarDay(Number(yearText), Number(monthText), Number(dayText));
    if (candidate === undefined) return refused(`\`${yearText}-${monthText}-${dayText}\` is not a date.`);
    date = candidate;
  } else {
    date = dayWord === undefined ? today : shiftDay(today, DAY_SHIFT[dayWord] ?? 0);
  }
  const bare = yearText === undefined && dayWord === undefined;
  const typed = yearText !== undefined ? `${formatDate(date)} ${shown}` : bare ? shown : `${dayWord} ${shown}`;
  if (date.year < EARLIEST_YEAR) return refused(tooEarly);

  const resolved = resolveWallClock({ ...date, hour, minute }, zone);
  if (resolved.kind === 'skipped') {
    const jump = resolved.jump === undefined ? 'forward' : `from ${formatJump(resolved.jump)}`;
    const [happen, jumped] = ahead ? ['does not happen', 'jump'] : ['did not happen', 'jumped'];
    return refused(
      `\`${shown}\` on ${formatDate(date)} ${happen} in ${code(zone)}: the clocks ${jumped} ${jump} that night.`,
    );
  }
  const wrongSide = ahead
    ? resolved.instant < now.getTime() - ALLOWED_SKEW
    : resolved.instant > now.getTime() + ALLOWED_SKEW;
  if (wrongSide) {
    const clock = bare ? formatTime(today) : formatWall(today);
    const [side, word] = ahead ? ['past', 'tomorrow'] : ['future', 'yesterday'];
    const other = bare ? ` For ${word}, write \`${word} ${shown}\`.` : '';
    return {
      kind: 'refused',
      message: `\`${typed}\` in ${code(zone)} is in the ${side} (it is now ${clock} there).${other}`,
    };
  }
  return { kind: 'at', occurredAt: new Date(resolved.instant) };
};

const refuse = (problem: string, zone: string): NoteTime => ({
  kind: 'refused',
  message: `${problem}${NOTE_HINT(zone)}`,
});

/** The date and time the clocks in `zone` showed at `instant`. */
const wallClockAt = (instant: number, zone: string): Wall => fieldsOf(instant + zoneOffsetAt(zone, instant));

/** Wall-clock fields of a wall-clock time held as if it were UTC, so the machine's zone never comes into it. */
const fieldsOf = (wall: number): Wall => {
  const date = new Date(wall);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
  };
};

/** The day, or `undefined` when the calendar has no such day (`2026-02-30`). */
const calendarDay = (year: number, month: number, day: number): Wall | undefined => {
  const fields = fieldsOf(Date.UTC(year, month - 1, day));
  return fields.year === year && fields.month === month && fields.day === day ? fields : undefined;
};

const shiftDay = ({ year, month, day }: Wall, days: number): Wall => fieldsOf(Date.UTC(year, month - 1, day + days));

type Resolved = { kind: 'exists'; instant: number } | { kind: 'skipped'; jump?: { from: number; to: number } };

/**
 * The instant the clocks in `zone` showed `wall`: the earlier one when they showed it twice, none when they skipped
 * it, with the wall-clock times (as if UTC) they jumped from and to when the offset went up.
 */
const resolveWallClock = ({ year, month, day, hour, minute }: Wall, zone: string): Resolved => {
  const resolved = resolveWallTime({ wall: Date.UTC(year, month - 1, day, hour, minute), zone });
  if (resolved.kind === 'shown') return { kind: 'exists', instant: resolved.instant };
  const { jumpAt, offsetBefore, offsetAfter } = resolved;
  return offsetAfter > offsetBefore
    ? { kind: 'skipped', jump: { from: jumpAt + offsetBefore, to: jumpAt + zoneOffsetAt(zone, jumpAt) } }
    : { kind: 'skipped' };
};

/** Inline code in Slack mrkdwn; the zone comes from a Slack profile, so it is escaped even though Intl vetted it. */
const code = (text: string): string => `\`${escapeMrkdwn(text.replace(/`/g, "'"))}\``;

const pad = (value: number): string => String(value).padStart(2, '0');
const formatDate = ({ year, month, day }: Wall): string => `${year}-${pad(month)}-${pad(day)}`;
const formatTime = ({ hour, minute }: Wall): string => `${pad(hour)}:${pad(minute)}`;
const formatWall = (wall: Wall): string => `${formatDate(wall)} ${formatTime(wall)}`;

/** `02:00 to 03:00`, with dates when the jump crosses midnight (Samoa skipped a whole day in 2011). */
const formatJump = ({ from, to }: { from: number; to: number }): string => {
  const start = fieldsOf(from);
  const end = fieldsOf(to);
  return formatDate(start) === formatDate(end)
    ? `${formatTime(start)} to ${formatTime(end)}`
    : `${formatWall(start)} to ${formatWall(end)}`;
};
