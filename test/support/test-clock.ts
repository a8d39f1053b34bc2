/**
 * sitrep's clock in a test: it runs at the real pace (the outbox paces and retries by it) from an instant the test
 * sets, and can be set again or moved ahead at will. Pass `now` to the server.
 */
export const createTestClock = (start: Date | string = new Date()) => {
  let offsetMs = 0;
  const set = (instant: Date | string) => {
    offsetMs = new Date(instant).getTime() - Date.now();
  };
  set(start);
  return {
    now: () => new Date(Date.now() + offsetMs),
    set,
    advance: (ms: number) => {
      offsetMs += ms;
    },
  };
};
