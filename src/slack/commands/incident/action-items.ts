import { buildActionItemList } from '../../blocks/action-item-list.ts';
import { type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident actions [mine|overdue|all]`: the action items, with a button for each change. */
export const answerActionItems: SubcommandAnswer<'actions'> = async ({ context, command, origin, respond }) => {
  const target = targetOf({ command, origin });
  const list = await context.actionItems.list({ scope: command.scope, target, viewerId: origin.userId });
  await respond({ response_type: 'ephemeral', ...buildActionItemList({ list }) });
};
