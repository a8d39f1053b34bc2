import { describeOnCall } from '../../../domain/slack-lines/on-call-lines.ts';
import { ephemeral, type SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident oncall <service>`: who PagerDuty has on call for it now, in the asker's time zone. */
export const answerOnCall: SubcommandAnswer<'oncall'> = async ({ context, command, origin, respond }) => {
  const [levels, zone] = await Promise.all([
    context.onCall.whoIsOnCall(command.service),
    context.timeline.zoneOf(origin.userId),
  ]);
  await respond(ephemeral(describeOnCall({ service: command.service, levels, zone })));
};
