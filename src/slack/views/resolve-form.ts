import type { App } from '@slack/bolt';
import { answerAfterForm } from '../answer-after-form.ts';
import { type FormErrors, isFormErrors } from '../blocks/modal-fields.ts';
import { readResolveRequest, type TResolveRequest } from '../blocks/resolve-request.ts';
import type { SlackContext } from '../context.ts';
import { describeResolveOutcome } from '../resolve-outcome.ts';

/**
 * A form of the resolve question. Errors go back next to the field; a valid submission resolves (once however often
 * it is submitted) and the outcome is said where the person was.
 */
export const registerResolveForm = <T extends object>({
  app,
  context,
  callbackId,
  read,
  resolve,
}: {
  app: App;
  context: SlackContext;
  callbackId: string;
  read: (options: { values: unknown; request: TResolveRequest }) => T | FormErrors;
  resolve: (options: { request: TResolveRequest; userId: string; input: T }) => Promise<{ id: string; number: number }>;
}): void => {
  app.view(callbackId, async ({ ack, view, body, client }) => {
    const request = readResolveRequest(view.private_metadata);
    if (!request) {
      await ack();
      return;
    }
    const input = read({ values: view.state.values, request });
    if (isFormErrors(input)) {
      await ack({ response_action: 'errors', errors: input.errors });
      return;
    }
    await ack();
    const userId = body.user.id;
    const outcome = await describeResolveOutcome({ resolve: () => resolve({ request, userId, input }), context });
    await answerAfterForm({ client, channelId: request.channelId, userId, ...outcome, logger: context.logger });
  });
};
