/**
 * The flows' `onEffects`: called after a write that left Slack effects in the outbox, so they go out without waiting
 * for the next poll. Counts the calls, so a test can say a repeated request kicked nothing.
 */
export const createFakeNotifier = () => {
  let kicks = 0;
  return {
    onEffects: () => {
      kicks += 1;
    },
    kicks: () => kicks,
  };
};
