import type { App } from '@slack/bolt';
import { z } from 'zod';
import { buildTeamDeclareModal, readDeclareLead } from '../blocks/declare-modal.ts';
import { readJson } from '../blocks/read-json.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS, BLOCKS } from '../ids.ts';

const ZChoice = z.object({
  actions: z.array(z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() })),
  view: z.object({
    id: z.string(),
    hash: z.string().optional(),
    private_metadata: z.string().optional(),
    state: z.object({ values: z.record(z.string(), z.unknown()) }).optional(),
  }),
});

const ZPrivateMetadata = z.object({ channelId: z.string().optional() });

/** Whether the person chose the lead themselves: anything but a suggestion left as it was. */
const chosenByPerson = (values: Record<string, unknown>): boolean => {
  const leadBlock = Object.keys(values).find((blockId) => blockId.startsWith(BLOCKS.declareLead));
  const lead = readDeclareLead(values);
  if (leadBlock === undefined || lead === undefined) return false;
  return leadBlock !== `${BLOCKS.declareLead}:${lead}`;
};

/**
 * Choosing services in the declare form suggests, as its lead, whom PagerDuty has on call for the first of them
 * with an escalation policy, found in Slack by email. A lead the person chose stays; PagerDuty or Slack not answering
 * leaves the form as it is (declaring never waits on the suggestion).
 */
export const registerSuggestOnCallLead = (app: App, context: SlackContext): void => {
  app.action(ACTIONS.declareServices, async ({ ack, body, client }) => {
    await ack();
    const choice = ZChoice.safeParse(body);
    if (!choice.success) return;
    const { view, actions } = choice.data;
    if (chosenByPerson(view.state?.values ?? {})) return;
    const chosen = actions[0]?.selected_options?.map((option) => option.value) ?? [];
    const service = context.team.services.find(
      (candidate) => chosen.includes(candidate.name) && candidate.pagerduty?.escalationPolicyId !== undefined,
    )?.name;
    if (service === undefined) return;
    try {
      const onCall = (await context.onCall.whoIsOnCall(service)).find((level) => level.slackUserId !== null);
      if (!onCall?.slackUserId) return;
      const { channelId } = readJson({ schema: ZPrivateMetadata, text: view.private_metadata ?? '{}' }) ?? {};
      await client.views.update({
        view_id: view.id,
        ...(view.hash === undefined ? {} : { hash: view.hash }),
        view: buildTeamDeclareModal({
          team: context.team,
          ...(channelId === undefined ? {} : { channelId }),
          lead: { userId: onCall.slackUserId, service },
        }),
      });
    } catch (error) {
      context.logger.warn({ err: error, service }, 'could not suggest the on-call person as lead');
    }
  });
};
