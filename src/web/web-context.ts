import type { Context } from 'hono';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { BrowseFlows } from '../flows/browse-flows.ts';
import type { PostmortemFlows } from '../flows/postmortem-flows.ts';
import type { ServiceHealthFlows } from '../flows/service-health-flows.ts';
import type { Html } from '../render/web/html.ts';
import { type NavKey, renderPage } from '../render/web/layout.ts';
import type { WebSession } from './auth/create-web-auth.ts';

/** Hono's environment for every page: the session requireSession found. */
export type WebEnv = { Variables: { session: WebSession } };

/** What the pages get: flows only, as the Slack listeners do, and the few facts they show. */
export type WebDeps = {
  browse: BrowseFlows;
  health: ServiceHealthFlows;
  postmortems: Pick<PostmortemFlows, 'saveEdit' | 'readLatest'>;
  /** A person's Slack time zone: every time on a page is in the viewer's. */
  zoneOf: (userId: string) => Promise<string>;
  team: TTeamConfig;
  /** Where sitrep's pages are, for links sent to Slack. */
  publicUrl: string;
  now: () => Date;
};

/** Answers a page: the frame around `body`, with the viewer's name and zone, at `status`. */
export const sendPage = (
  c: Context<WebEnv>,
  page: { title: string; current: NavKey | null; zone: string; body: Html; status?: 200 | 400 | 403 | 404 | 409 },
) => {
  const session = c.get('session');
  return c.html(
    renderPage({
      title: page.title,
      current: page.current,
      viewer: { userId: session.userId, name: session.name, zone: page.zone },
      csrfToken: session.csrf,
      body: page.body,
    }),
    page.status ?? 200,
  );
};

/** A link to a Slack channel that opens it in the workspace the person is signed in to. */
export const slackChannelUrl = (channelId: string): string =>
  `https://slack.com/app_redirect?channel=${encodeURIComponent(channelId)}`;
