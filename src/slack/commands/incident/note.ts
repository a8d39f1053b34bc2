import { formatInZone } from '../../../domain/time/wall-clock.ts';
import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident note [14:05] <text>`: a line on the timeline, backdated when it starts with a time. */
export const answerNote: SubcommandAnswer<'note'> = async ({ context, command, origin, respond }) => {
  const note = await context.timeline.addNote(targetOf({ command, origin }), {
    text: command.text,
    actorId: origin.userId,
    requestKey: origin.triggerId,
  });
  const when = note.backdated ? ` at ${formatInZone(note.occurredAt, note.zone)} (${note.zone})` : '';
  await respond(ephemeral(`Noted on the timeline of incident ${note.incident.number}${when}.`));
};
