import { escapeTypedText } from '../text/escape-mrkdwn.ts';
import { formatInZone } from '../time/wall-clock.ts';

type Level = { level: number; name: string; schedule: string | null; until: Date | null; slackUserId: string | null };

/**
 * The answer to `/incident oncall <service>`: one line per level, the person as a Slack mention when Slack knows
 * their email, else PagerDuty's name for them; their turn's end in the reader's zone. Names come from PagerDuty and
 * are escaped.
 *
 * @example describeOnCall({ service: 'search', levels: [...], zone: 'Europe/Paris' })
 * // ':telephone_receiver: On call for *search* now (PagerDuty):\n• Level 1: <@U1> (Search primary), until Tue 8 Dec 2026 09:00'
 */
export const describeOnCall = ({
  service,
  levels,
  zone,
}: {
  service: string;
  levels: readonly Level[];
  zone: string;
}): string => {
  if (levels.length === 0) return `PagerDuty has nobody on call for *${service}* now.`;
  const lines = levels.map(({ level, name, schedule, until, slackUserId }) => {
    const who = slackUserId === null ? `${escapeTypedText(name)} (not found in Slack by email)` : `<@${slackUserId}>`;
    const from = schedule === null ? '' : ` (${escapeTypedText(schedule)})`;
    return `• Level ${level}: ${who}${from}${until === null ? '' : `, until ${formatInZone(until, zone)}`}`;
  });
  return [`:telephone_receiver: On call for *${service}* now (PagerDuty):`, ...lines].join('\n');
};
