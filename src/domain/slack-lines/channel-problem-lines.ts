// What people read when Slack will never create an incident's channel: the declarer in a direct message, everyone
// in the announcements channel. Both say what to do instead, and how to get the channel once the cause is fixed.

/** Slack's error, as the person who can fix it would say it. */
const explainProblem = (problem: string): string => {
  switch (problem) {
    case 'restricted_action':
      return 'this workspace lets only some people create channels, and sitrep is not one of them';
    case 'no_permission':
    case 'missing_scope':
      return 'sitrep’s Slack app lacks the permission to create channels (`channels:manage`)';
    default:
      return `Slack said \`${problem}\``;
  }
};

/**
 * The two messages about an incident that goes on without a channel: `declarer` for whoever declared it, and
 * `announcement` for the announcements channel.
 *
 * @example describeNoChannel({ number: 42, problem: 'restricted_action' }).announcement
 *   // => ':warning: Incident 42 has no channel: this workspace lets only some people create channels, …'
 */
export const describeNoChannel = ({
  number,
  problem,
}: {
  number: number;
  problem: string;
}): { declarer: string; announcement: string } => {
  const why = explainProblem(problem);
  const retry = `Once that is fixed, \`/incident channel #${number}\` opens it.`;
  return {
    declarer: [
      `:warning: I couldn't open a channel for incident ${number}: ${why}.`,
      `The incident goes on without one: name it in commands from any channel, as in \`/incident status #${number} identified\`.`,
      retry,
    ].join(' '),
    announcement: `:warning: Incident ${number} has no channel: ${why}. Follow it with \`/incident timeline #${number}\`. ${retry}`,
  };
};

/** The timeline's line for `/incident channel`. */
export const describeChannelAskedFor = ({ actorId }: { actorId: string }): string =>
  `<@${actorId}> asked sitrep to open the incident's channel again.`;
