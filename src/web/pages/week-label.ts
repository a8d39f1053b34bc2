import { createWallClock, dayOf, labelDay } from '../../domain/time/wall-clock.ts';

/** `Week of 30 Nov`: a week as the charts label it, by its Monday on the clocks of `zone`. */
export const labelWeek = (start: Date, zone: string): string =>
  `Week of ${labelDay(dayOf(createWallClock(zone)(start)))
    .split(' ')
    .slice(1, 3)
    .join(' ')}`;
