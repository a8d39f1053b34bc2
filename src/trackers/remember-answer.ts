/**
 * `ask`, asked once: the first answer is kept and given to every later call (and to calls made while it is being
 * asked). A failure is not kept, so the next call asks again, rather than a tracker down at start-up being
 * remembered as down.
 */
export const rememberAnswer = <T>(ask: () => Promise<T>): (() => Promise<T>) => {
  let answer: Promise<T> | undefined;
  return () => {
    answer ??= ask().catch((error: unknown) => {
      answer = undefined;
      throw error;
    });
    return answer;
  };
};
