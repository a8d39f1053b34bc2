import { AppError } from '../../domain/app-error.ts';
import type { People } from './action-item-deps.ts';

/** Refuses anyone Slack does not know as an active person; returns their zone. */
export const requirePerson = async ({ people, userId }: { people: People; userId: string }): Promise<string> => {
  const checked = await people.check(userId);
  switch (checked.kind) {
    case 'person':
      return checked.tz;
    case 'missing':
      throw new AppError('BAD_REQUEST', {
        userMessage: `I can't find <@${userId}> in this workspace. Pick the owner from the list Slack shows as you type \`@\`.`,
      });
    case 'deactivated':
      throw new AppError('BAD_REQUEST', {
        userMessage: `<@${userId}> has left this workspace (their account is deactivated); give the action to someone who can do it.`,
      });
    case 'bot':
      throw new AppError('BAD_REQUEST', {
        userMessage: `<@${userId}> is an app; an action needs a person as owner.`,
      });
  }
};
