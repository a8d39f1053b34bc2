import type { App } from '@slack/bolt';
import { z } from 'zod';
import { severityName } from '../../domain/incident/incident.ts';
import { escapeTypedText } from '../../domain/text/escape-mrkdwn.ts';
import { answerAfterForm } from '../answer-after-form.ts';
import { readDeclareModalState } from '../blocks/declare-modal.ts';
import { readJson } from '../blocks/read-json.ts';
import type { SlackContext } from '../context.ts';
import { VIEWS } from '../ids.ts';
import { describeFailure } from '../respond-to-error.ts';

const ZPrivateMetadata = z.object({ channelId: z.string().optional() });

/**
 * The declare modal's submission. Errors go back into the modal next to the field; a valid submission declares
 * once however often it is submitted (the view id is the request key).
 */
export const registerDeclareIncidentView = (app: App, context: SlackContext): void => {
  app.view(VIEWS.declareIncident, async ({ ack, view, body, client }) => {
    const { team } = context;
    const state = readDeclareModalState(view.state.values, {
      severities: team.severities,
      services: team.services.map((s) => s.name),
      now: context.now(),
    });
    if ('errors' in state) {
      await ack({ response_action: 'errors', errors: state.errors });
      return;
    }
    await ack();
    const userId = body.user.id;
    const { channelId } = readJson({ schema: ZPrivateMetadata, text: view.private_metadata }) ?? {};
    let text: string;
    try {
      const { incident, created } = await context.flows.declare({
        requestKey: `view:${view.id}`,
        title: state.title,
        severity: state.severity,
        services: state.services,
        description: state.description ?? null,
        impactStartedAt: state.impactStartedAt ?? null,
        actorId: userId,
        ...(state.leadId === undefined ? {} : { leadId: state.leadId }),
      });
      if (!created) return;
      text = `:rotating_light: Declared incident ${incident.number} (${severityName(incident.severity, team.severities)}): ${escapeTypedText(incident.title)}. I'm opening its channel and inviting you.`;
    } catch (error) {
      text = describeFailure(error, context.logger);
    }
    await answerAfterForm({ client, channelId, userId, text, logger: context.logger });
  });
};
