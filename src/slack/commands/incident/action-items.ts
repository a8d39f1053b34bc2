import type { RespondFn } from '@slack/bolt';
import type { TIncidentCommand } from '../../../domain/incident-command/incident-command.ts';
import { buildActionList } from '../../blocks/action-item-list.ts';
import type { SlackContext } from '../../context.ts';

type ActionCommand = Extract<TIncidentCommand, { kind: 'action' | 'actions' | 'postmortem_complete' }>;

export type ActionCommandOrigin = { userId: string; channelId: string; triggerId: string };

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text });

/** `/incident action …`, `/incident actions …` and `/incident postmortem complete`, answered to the person only. */
export const runActionCommand = async ({
  context,
  command,
  origin,
  respond,
}: {
  context: SlackContext;
  command: ActionCommand;
  origin: ActionCommandOrigin;
  respond: RespondFn;
}): Promise<void> => {
  const target = {
    channelId: origin.channelId,
    ...(command.incident === undefined ? {} : { number: command.incident }),
  };
  switch (command.kind) {
    case 'action': {
      const { action, created } = await context.actionItems.add(target, {
        title: command.title,
        actorId: origin.userId,
        requestKey: `command:${origin.triggerId}`,
        ...(command.ownerId === undefined ? {} : { ownerId: command.ownerId }),
        ...(command.due === undefined ? {} : { due: command.due }),
        ...(command.actionKind === undefined ? {} : { kind: command.actionKind }),
        ...(command.trackerUrl === undefined ? {} : { trackerUrl: command.trackerUrl }),
      });
      if (!created) {
        await respond(ephemeral(`That action item was already added from this request: *${action.title}*.`));
        return;
      }
      const owner =
        action.ownerId === null
          ? 'It has no owner yet (the incident has no lead): reassign it from `/incident actions`.'
          : action.ownerId === origin.userId
            ? 'You own it.'
            : `<@${action.ownerId}> owns it; I've let them know.`;
      const due = context.actionItems.dueLabelOf(action);
      await respond(
        ephemeral(
          `:clipboard: Added to incident ${action.incidentNumber}: *${action.title}*. ${owner}${due === null ? '' : ` Due ${due}, reminders included.`}`,
        ),
      );
      return;
    }
    case 'actions': {
      const list = await context.actionItems.list({ scope: command.scope, target, viewerId: origin.userId });
      await respond({ response_type: 'ephemeral', ...buildActionList({ list }) });
      return;
    }
    case 'postmortem_complete': {
      const { incident, version, completed } = await context.actionItems.completePostmortem(target, {
        actorId: origin.userId,
      });
      await respond(
        ephemeral(
          completed
            ? `:white_check_mark: The postmortem of incident ${incident.number} (v${version}) is complete. sitrep follows up its action items until they are done.`
            : `The postmortem of incident ${incident.number} (v${version}) was already marked complete.`,
        ),
      );
      return;
    }
  }
};
