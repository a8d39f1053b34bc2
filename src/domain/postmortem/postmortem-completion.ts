/** What the completion rule looks at in an action item. */
export type CompletionAction = { title: string; status: string; ownerId: string | null; dueAt: Date | null };

export type PostmortemCompletion = {
  /** How many action items were accepted (open or done): the follow-up the postmortem leaves. */
  accepted: number;
  /** What keeps it from being complete, one line each (Slack mrkdwn); none when it can be marked complete. */
  problems: string[];
};

/**
 * When a postmortem counts as complete: at least one action item was accepted (open or done; suggested and won't-do
 * ones do not count), and every open one has an owner and a due date. It also needs a draft, which the caller checks
 * where the versions are kept. Each problem names the action item it is about.
 *
 * @example checkPostmortemCompletion([{ title: 'Add an alert', status: 'open', ownerId: null, dueAt }])
 *   // => { accepted: 1, problems: ['*Add an alert* has no owner: reassign it from `/incident actions`'] }
 */
export const checkPostmortemCompletion = (actions: readonly CompletionAction[]): PostmortemCompletion => {
  const accepted = actions.filter((action) => action.status === 'open' || action.status === 'done');
  const open = actions.filter((action) => action.status === 'open');
  return {
    accepted: accepted.length,
    problems: [
      ...(accepted.length === 0
        ? [
            'no action item has been accepted yet: add one with `/incident action <what> @owner` (a postmortem without an action to avoid recurrence is not done)',
          ]
        : []),
      ...open
        .filter((action) => action.ownerId === null)
        .map((action) => `*${action.title}* has no owner: reassign it from \`/incident actions\``),
      ...open.filter((action) => action.dueAt === null).map((action) => `*${action.title}* has no due date`),
    ],
  };
};
