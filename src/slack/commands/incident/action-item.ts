import { escapeTypedText } from '../../../domain/text/escape-mrkdwn.ts';
import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident action <title> [@owner] [due:…|in:…] [kind:…] [tracker:…]`: adds an action item, once per request. */
export const answerActionItem: SubcommandAnswer<'action'> = async ({ context, command, origin, respond }) => {
  const { action: actionItem, created } = await context.actionItems.add(targetOf({ command, origin }), {
    title: command.title,
    actorId: origin.userId,
    requestKey: `command:${origin.triggerId}`,
    ...(command.ownerId === undefined ? {} : { ownerId: command.ownerId }),
    ...(command.due === undefined ? {} : { due: command.due }),
    ...(command.actionKind === undefined ? {} : { kind: command.actionKind }),
    ...(command.trackerUrl === undefined ? {} : { trackerUrl: command.trackerUrl }),
  });
  if (!created) {
    await respond(
      ephemeral(`That action item was already added from this request: *${escapeTypedText(actionItem.title)}*.`),
    );
    return;
  }
  const owner =
    actionItem.ownerId === null
      ? 'It has no owner yet (the incident has no lead): reassign it from `/incident actions`.'
      : actionItem.ownerId === origin.userId
        ? 'You own it.'
        : `<@${actionItem.ownerId}> owns it; I've let them know.`;
  const due = context.actionItems.dueLabelOf(actionItem);
  await respond(
    ephemeral(
      `:clipboard: Added to incident ${actionItem.incidentNumber}: *${escapeTypedText(actionItem.title)}*. ${owner}${due === null ? '' : ` Due ${due}, reminders included.`}`,
    ),
  );
};
