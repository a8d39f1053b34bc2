import { dayOf, labelDay, labelTime } from '../time/wall-clock.ts';
import type { PostmortemMoment } from './postmortem-sections.ts';

/** The moment at `instant` on `wallClock`: `Mon 23 Nov 2026 14:05`, its date and time apart, and the ISO instant. */
export const describeMoment = (wallClock: (instant: Date) => number, instant: Date): PostmortemMoment => {
  const wall = wallClock(instant);
  const date = labelDay(dayOf(wall));
  const time = labelTime(wall);
  return { known: true, text: `${date} ${time}`, date, time, iso: instant.toISOString() };
};

/** A moment that was never recorded: every label reads `word` (`unknown`, `ongoing`). */
export const missingMoment = (word: string): PostmortemMoment => ({
  known: false,
  text: word,
  date: word,
  time: word,
  iso: null,
});
