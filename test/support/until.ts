/** Polls `check` every 25 ms until it holds; fails naming `what` was awaited once `deadlineMs` has passed. */
export const until = async (
  check: () => boolean | Promise<boolean>,
  what: string,
  deadlineMs = 10_000,
): Promise<void> => {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
