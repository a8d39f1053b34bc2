import type { KnownBlock } from '@slack/types';
import { describeDuration, ELAPSED } from '../../domain/text/describe-duration.ts';
import { escapeMrkdwn } from '../../domain/text/escape-mrkdwn.ts';
import type { SlackMessage } from './format.ts';
import { buildLineSections, formatSlackDate, linkUrl, mrkdwn, truncateMrkdwn } from './format.ts';

// A service as typed after `/incident changes`, cut so the answer stays one section.
const MAX_SERVICE = 200;

import type { SummarySuspect } from './incident-summary.ts';

/** The answer to `/incident changes`: recent deploys, newest first, one line each. */
export const buildDeployList = ({
  deploys,
  service,
  minutes,
  teamTimeZone,
}: {
  deploys: SummarySuspect[];
  service: string | undefined;
  minutes: number;
  teamTimeZone: string;
}): SlackMessage => {
  const scope = `${service === undefined ? 'any service' : truncateMrkdwn(service, MAX_SERVICE)} in the last ${describeDuration(minutes * 60_000, ELAPSED)}`;
  if (deploys.length === 0) {
    const text = `No deploys of ${scope}.`;
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const lines = deploys.map((deploy) => {
    const by = deploy.actor === null ? '' : ` by ${escapeMrkdwn(deploy.actor)}`;
    const link = deploy.url === null ? '' : ` ${linkUrl(deploy.url, 'details')}`;
    return `• ${formatSlackDate(deploy.occurredAt, teamTimeZone)} *${escapeMrkdwn(deploy.service)}* ${escapeMrkdwn(deploy.version)} → ${escapeMrkdwn(deploy.environment)} (${escapeMrkdwn(deploy.status)})${by}${link}`;
  });
  const heading = `*${deploys.length === 1 ? '1 deploy' : `${deploys.length} deploys`} of ${scope}*`;
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(heading) }, ...buildLineSections(lines)];
  return { text: `${deploys.length} deploys of ${scope}`, blocks };
};
