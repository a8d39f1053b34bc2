import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../domain/app-error.ts';
import type { IncidentView } from '../domain/incident/incident.ts';
import { keyEffects } from '../domain/outbox/outbox-effect.ts';
import { buildPostmortemModel } from '../domain/postmortem/postmortem-model.ts';
import type { PostmortemVersion } from '../domain/postmortem/postmortem-version.ts';
import { type TTeamConfig, ZTeamConfig } from '../domain/team-config/team-config.ts';
import {
  DEFAULT_TEMPLATE_PATH,
  loadPostmortemTemplate,
  renderPostmortem,
  replaceMarkdownSection,
} from '../render/postmortem.ts';
import type { IncidentStore } from '../store/incident-store.ts';
import type { PostmortemFactsStore } from '../store/postmortem-facts-store.ts';
import { type PostmortemStore, postmortemRequestKey } from '../store/postmortem-store.ts';
import type { IncidentTarget } from './incident-flows.ts';

export type PostmortemFlowDeps = {
  incidents: IncidentStore;
  postmortems: PostmortemStore;
  facts: PostmortemFactsStore;
  team: TTeamConfig;
  /** Where a relative `postmortem.template` of sitrep.yml starts. */
  cwd: string;
  now: () => Date;
  onEffects: () => void;
  findTarget: (target: IncidentTarget) => Promise<IncidentView>;
};

export type GenerateRequest = {
  incidentId: string;
  /** Who asked; null when sitrep drafts it on its own (at resolve). */
  actorId: string | null;
  /** The same request (a resolution, a command's trigger id) makes one version, however often it runs. */
  requestKey: string;
};

export type SaveEditRequest = {
  number: number;
  markdown: string;
  editorId: string;
  /** The version the person started from; 0 when there was none. */
  baseVersion: number;
  /** One per edit form: saving it twice adds one version. */
  requestKey: string;
  /** The version's page on the web, for the lead's message. */
  pageUrl: string;
};

export type Generated = { incident: IncidentView; version: PostmortemVersion; created: boolean };

export type PostmortemFlows = ReturnType<typeof createPostmortemFlows>;

const CONFIGURED_DEFAULT = ZTeamConfig.parse({}).postmortem.template;

/** The section of the template sitrep keeps current as action items change. */
const ACTION_ITEMS_HEADING = 'Action items';

/**
 * The template file to use: `postmortem.template` resolved against `cwd`. Left at its default and absent there, it is
 * the template that ships with sitrep, so a team that never customised it still gets a postmortem.
 */
export const resolveTemplatePath = ({ team, cwd }: { team: TTeamConfig; cwd: string }): string => {
  const configured = team.postmortem.template;
  const path = resolve(cwd, configured);
  return configured === CONFIGURED_DEFAULT && !existsSync(path) ? DEFAULT_TEMPLATE_PATH : path;
};

/**
 * A version a person wrote on the web, saved as the next version: refused when another was saved after the one
 * they started from (`baseVersion`, 0 for none), so nobody's edit is silently replaced. The action items section
 * is sitrep's, kept as the actions are. The version is delivered to Slack and the lead told who edited it.
 */
const saveEdit =
  ({
    incidents,
    postmortems,
    draft,
    onEffects,
    now,
  }: Pick<PostmortemFlowDeps, 'incidents' | 'postmortems' | 'onEffects' | 'now'> & {
    draft: (incident: IncidentView) => Promise<string>;
  }) =>
  async ({ number, markdown, editorId, baseVersion, requestKey, pageUrl }: SaveEditRequest): Promise<Generated> => {
    const incident = await incidents.findByNumber(number);
    if (!incident) throw new AppError('NOT_FOUND', { userMessage: `There is no incident ${number}.` });
    const at = now();
    const key = `web:${requestKey}`;
    const { version, created } = await postmortems.addVersion({
      incidentId: incident.id,
      markdown: replaceMarkdownSection({ markdown, fresh: await draft(incident), heading: ACTION_ITEMS_HEADING }),
      generatedAt: at,
      generatedBy: editorId,
      editedAt: at,
      basedOn: baseVersion,
      requestKey: key,
      effects: (added) =>
        keyEffects(postmortemRequestKey(incident.id, key), [
          { kind: 'postmortem.deliver', incidentId: incident.id, postmortemId: added.id },
          { kind: 'postmortem.bookmark', incidentId: incident.id, postmortemId: added.id },
          {
            kind: 'postmortem.notify_lead',
            incidentId: incident.id,
            postmortemId: added.id,
            editedBy: editorId,
            pageUrl,
          },
        ]),
    });
    if (created) onEffects();
    return { incident, version, created };
  };

/**
 * The postmortem: drafted from what sitrep recorded about an incident and rendered with the team's template. Each
 * generation is stored as a new version, so a version people edited is never overwritten, and delivered to Slack
 * through the outbox (a canvas and a Markdown file in the incident channel, a bookmark, a DM to the lead).
 */
export const createPostmortemFlows = ({
  incidents,
  postmortems,
  facts,
  team,
  cwd,
  now,
  onEffects,
  findTarget,
}: PostmortemFlowDeps) => {
  /** The Markdown of a fresh draft; a template that cannot be used is an AppError naming the line. */
  const draft = async (incident: IncidentView): Promise<string> => {
    const at = now();
    const template = await loadPostmortemTemplate({ path: resolveTemplatePath({ team, cwd }) });
    const model = buildPostmortemModel({ facts: await facts.readFacts({ incident, team, now: at }), team, now: at });
    return renderPostmortem({ template, model });
  };

  const generate = async ({ incidentId, actorId, requestKey }: GenerateRequest): Promise<Generated> => {
    const incident = await incidents.findById(incidentId);
    if (!incident) throw new AppError('NOT_FOUND', { userMessage: 'That incident no longer exists.' });
    const markdown = await draft(incident);
    const { version, created } = await postmortems.addVersion({
      incidentId,
      markdown,
      generatedAt: now(),
      generatedBy: actorId,
      requestKey,
      effects: (added) =>
        keyEffects(
          postmortemRequestKey(incidentId, requestKey),
          (['postmortem.deliver', 'postmortem.bookmark', 'postmortem.notify_lead'] as const).map((kind) => ({
            kind,
            incidentId,
            postmortemId: added.id,
          })),
        ),
    });
    if (created) onEffects();
    return { incident, version, created };
  };

  return {
    generate,

    saveEdit: saveEdit({ incidents, postmortems, draft, onEffects, now }),

    /** `/incident postmortem`: a new version of the incident's draft, whatever its status. */
    regenerate: async (
      target: IncidentTarget,
      request: { actorId: string; requestKey: string },
    ): Promise<Generated> => {
      const incident = await findTarget(target);
      return generate({ incidentId: incident.id, ...request });
    },

    /**
     * Brings the action items section of the newest stored version in line with the incident's actions (what
     * `sitrep postmortem` prints and the next draft starts from); the rest of the version is left as it is.
     */
    syncActionTable: async (incidentId: string): Promise<boolean> => {
      const [incident, latest] = await Promise.all([
        incidents.findById(incidentId),
        postmortems.findLatest(incidentId),
      ]);
      if (!incident || !latest) return false;
      const markdown = replaceMarkdownSection({
        markdown: latest.markdown,
        fresh: await draft(incident),
        heading: ACTION_ITEMS_HEADING,
      });
      if (markdown === latest.markdown) return false;
      await postmortems.replaceMarkdown({ id: latest.id, markdown });
      return true;
    },

    /** `sitrep postmortem`: the latest stored version, or a draft rendered now (and not stored) when there is none. */
    readLatest: async (incident: IncidentView): Promise<{ markdown: string; version: number | null }> => {
      const latest = await postmortems.findLatest(incident.id);
      return latest
        ? { markdown: latest.markdown, version: latest.version }
        : { markdown: await draft(incident), version: null };
    },
  };
};
