import { describePublishedForAuthor } from '../../blocks/published-answer.ts';
import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident publish [title:"…"] [status:…] <text>`: an update on the public status page, in the person's words. */
export const answerPublish: SubcommandAnswer<'publish'> = async ({ context, command, origin, respond }) => {
  const published = await context.publicUpdates.publish(targetOf({ command, origin }), {
    text: command.text,
    ...(command.title === undefined ? {} : { title: command.title }),
    ...(command.status === undefined ? {} : { status: command.status }),
    actorId: origin.userId,
    requestKey: origin.triggerId,
  });
  await respond(ephemeral(describePublishedForAuthor(published)));
};
