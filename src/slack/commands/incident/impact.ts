import { ephemeral, type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident impact outage|degraded|end [time] [service…]`: opens or ends impact windows. */
export const answerImpact: SubcommandAnswer<'impact'> = async ({ context, command, origin, respond }) => {
  const { answer } = await context.impact.record(targetOf({ command, origin }), {
    action: command.action,
    services: command.services,
    actorId: origin.userId,
    requestKey: origin.triggerId,
    ...(command.time === undefined ? {} : { time: command.time }),
    ...(command.backdate === true ? { backdate: true } : {}),
  });
  await respond(ephemeral(answer));
};
