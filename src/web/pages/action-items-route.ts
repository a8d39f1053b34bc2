import type { Hono } from 'hono';
import { z } from 'zod';
import { renderActionItemsPage } from '../../render/web/pages/action-items-page.ts';
import { sendPage, type WebDeps, type WebEnv } from '../web-context.ts';
import { blankAsMissing, ZPageNumber } from './query-fields.ts';

const ZActionItemsQuery = z.object({
  owner: z.preprocess(blankAsMissing, z.string().max(64).optional()).catch(undefined),
  service: z.preprocess(blankAsMissing, z.string().max(200).optional()).catch(undefined),
  overdue: z.preprocess(blankAsMissing, z.literal('1').optional()).catch(undefined),
  page: ZPageNumber.catch(1),
});

/** `GET /action-items`: open and overdue STAR action items by owner and service, linked to their incidents. */
export const registerActionItemsRoute = (app: Hono<WebEnv>, deps: WebDeps): void => {
  app.get('/action-items', async (c) => {
    const query = ZActionItemsQuery.parse(c.req.query());
    const [zone, board] = await Promise.all([
      deps.zoneOf(c.get('session').userId),
      deps.browse.readActionItems({
        ownerId: query.owner,
        service: query.service,
        overdueOnly: query.overdue === '1',
        page: query.page,
      }),
    ]);
    return sendPage(c, {
      title: 'Action items',
      current: 'actions',
      zone,
      body: renderActionItemsPage({
        ...board,
        zone,
        form: { owner: query.owner, service: query.service, overdue: query.overdue === '1', page: board.page },
      }),
    });
  });
};
