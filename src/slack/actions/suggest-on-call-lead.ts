import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { firstLevel } from '../../domain/paging/on-call.ts';
import { buildTeamDeclareModal, leadBlockUser, type OnCallSuggestion } from '../blocks/declare-modal.ts';
import { readJson } from '../blocks/read-json.ts';
import type { SlackContext } from '../context.ts';
import { ACTIONS } from '../ids.ts';

const ZFormView = z.object({
  id: z.string(),
  hash: z.string().optional(),
  private_metadata: z.string().optional(),
  state: z.object({ values: z.record(z.string(), z.unknown()) }).optional(),
});

const ZServicesChosen = z.object({
  actions: z.array(z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() })),
  view: ZFormView,
});

const ZMakeLead = z.object({ actions: z.array(z.object({ value: z.string() })), view: ZFormView });

const ZSuggestion = z.object({ userId: z.string().min(1), service: z.string().min(1) });
const ZPrivateMetadata = z.object({ channelId: z.string().optional() });

/**
 * The declare form again, with what the person typed kept (the same blocks keep their state), the on-call
 * suggestion shown, and the lead made by the button if it was pressed.
 */
const updateForm = async ({
  client,
  context,
  view,
  suggestion,
  lead,
}: {
  client: WebClient;
  context: SlackContext;
  view: z.infer<typeof ZFormView>;
  suggestion: OnCallSuggestion;
  lead: string | undefined;
}) => {
  const { channelId } = readJson({ schema: ZPrivateMetadata, text: view.private_metadata ?? '{}' }) ?? {};
  await client.views.update({
    view_id: view.id,
    ...(view.hash === undefined ? {} : { hash: view.hash }),
    view: buildTeamDeclareModal({
      team: context.team,
      ...(channelId === undefined ? {} : { channelId }),
      onCallEnabled: context.onCall.enabled,
      suggestion,
      ...(lead === undefined ? {} : { lead }),
    }),
  });
};

/**
 * Choosing services in the declare form shows whom PagerDuty has on call for the first of them with an escalation
 * policy (at its first level, found in Slack by email), with a "Make lead" button: the person decides, so nothing
 * they chose meanwhile is replaced. PagerDuty or Slack not answering leaves the form as it is.
 */
export const registerSuggestOnCallLead = (app: App, context: SlackContext): void => {
  app.action(ACTIONS.declareServices, async ({ ack, body, client }) => {
    await ack();
    const choice = ZServicesChosen.safeParse(body);
    if (!choice.success || !context.onCall.enabled) return;
    const { view, actions } = choice.data;
    const chosen = actions[0]?.selected_options?.map((option) => option.value) ?? [];
    const service = context.team.services.find(
      (candidate) => chosen.includes(candidate.name) && candidate.pagerduty?.escalationPolicyId !== undefined,
    )?.name;
    if (service === undefined) return;
    try {
      const levels = await context.onCall.whoIsOnCall(service);
      const userId = firstLevel(levels).find((entry) => entry.slackUserId !== null)?.slackUserId;
      if (!userId) return;
      const lead = leadBlockUser(view.state?.values ?? {});
      await updateForm({ client, context, view, suggestion: { userId, service }, lead });
    } catch (error) {
      context.logger.warn({ err: error, service }, 'could not suggest the on-call person as lead');
    }
  });

  app.action(ACTIONS.declareMakeLead, async ({ ack, body, client }) => {
    await ack();
    const pressed = ZMakeLead.safeParse(body);
    if (!pressed.success) return;
    const suggestion = readJson({ schema: ZSuggestion, text: pressed.data.actions[0]?.value ?? '' });
    if (suggestion === undefined) return;
    await updateForm({ client, context, view: pressed.data.view, suggestion, lead: suggestion.userId });
  });
};
