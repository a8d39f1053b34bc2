import type { App } from '@slack/bolt';
import { buildAppHome } from '../blocks/app-home.ts';
import type { SlackContext } from '../context.ts';

/** App Home: the open incidents and the viewer's own open action items, fresh each time it is opened. */
export const registerAppHomeOpened = (app: App, context: SlackContext): void => {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const now = context.now();
    const [incidents, actionItems] = await Promise.all([
      context.flows.listOpen(),
      context.actionItems.listOpenForOwner({ ownerId: event.user, now }),
    ]);
    await client.views.publish({
      user_id: event.user,
      view: buildAppHome({
        incidents,
        severities: context.team.severities,
        now,
        viewerId: event.user,
        actions: actionItems,
        teamTimeZone: context.team.team.timeZone,
      }),
    });
  });
};
