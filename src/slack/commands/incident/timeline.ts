import { renderTimelineForSlack } from '../../../render/timeline.ts';
import { type SubcommandAnswer, targetOf } from './incident-subcommand.ts';

/** `/incident timeline`: the incident's timeline, in the reader's time zone. */
export const answerTimeline: SubcommandAnswer<'timeline'> = async ({ context, command, origin, respond }) => {
  const [{ incident, rows }, zone] = await Promise.all([
    context.timeline.listTimeline(targetOf({ command, origin })),
    context.timeline.zoneOf(origin.userId),
  ]);
  await respond({
    response_type: 'ephemeral',
    ...renderTimelineForSlack({
      incidentNumber: incident.number,
      title: incident.title,
      items: rows,
      zone,
      now: context.now(),
    }),
  });
};
