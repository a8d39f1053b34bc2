import { AppError } from '../domain/app-error.ts';
import type { IncidentStatus, IncidentView } from '../domain/incident/incident.ts';
import { keyEffects } from '../domain/outbox/outbox-effect.ts';
import { describePublished } from '../domain/slack-lines/public-update-lines.ts';
import type { PublicIncident } from '../domain/status-page/public-incident.ts';
import {
  checkPublicText,
  DEFAULT_PUBLIC_TITLE,
  MAX_PUBLIC_TEXT,
  MAX_PUBLIC_TITLE,
} from '../domain/status-page/public-update-rules.ts';
import type { IncidentStore } from '../store/incident-store.ts';
import type { PublicUpdateStore, PublishedUpdate } from '../store/public-update-store.ts';
import type { IncidentTarget } from './incident-flows.ts';

export type PublicUpdateFlowDeps = {
  incidents: Pick<IncidentStore, 'findById'>;
  publicUpdates: PublicUpdateStore;
  now: () => Date;
  onEffects: () => void;
  findTarget: (target: IncidentTarget) => Promise<IncidentView>;
  /** An Atlassian Statuspage mirrors the updates: each also writes the effect that pushes it there. */
  mirrorToStatuspage?: boolean;
  /** Whether the status page's email subscribers are told of each update (SMTP_URL is set). */
  emailSubscribers?: boolean;
};

export type PublishRequest = {
  text: string;
  /** A new public title; the incident's (or, for its first update, a neutral one) otherwise. */
  title?: string;
  /** The status the update states; the incident's now otherwise. */
  status?: IncidentStatus;
  actorId: string;
  /** The command's trigger id, the form's view id: a repeat publishes nothing more. */
  requestKey: string;
};

export type PublicUpdateFlows = ReturnType<typeof createPublicUpdateFlows>;

const refuseText = (problem: string | undefined): void => {
  if (problem !== undefined) throw new AppError('BAD_REQUEST', { userMessage: problem });
};

/**
 * Posts an update to the status page: the update, its timeline entry and the incident channel's line ("Published to
 * the status page: …") in one transaction, the line (the push to an Atlassian Statuspage, the emails to subscribers)
 * through the outbox. The words are the person's; the public title never defaults to the internal one. Keyed by the
 * request, so Slack delivering it twice posts once.
 */
const publishUpdate =
  ({ publicUpdates, now, onEffects, mirrorToStatuspage = false, emailSubscribers = false }: PublicUpdateFlowDeps) =>
  async (incident: IncidentView, request: PublishRequest): Promise<PublishedUpdate & { incident: IncidentView }> => {
    const text = request.text.trim();
    const title = request.title?.trim();
    refuseText(checkPublicText({ text, what: 'public update', max: MAX_PUBLIC_TEXT }));
    if (title !== undefined) refuseText(checkPublicText({ text: title, what: 'public title', max: MAX_PUBLIC_TITLE }));
    const at = now();
    const status = request.status ?? incident.status;
    const naturalKey = `publish:${request.requestKey}`;
    // The line is written with the title this update gives or defaults to; an incident that already has a public
    // title keeps it, and the store says which one it is.
    const fallback = DEFAULT_PUBLIC_TITLE;
    const known = await publicUpdates.findPublicIncident(incident.id);
    const publicTitle = title ?? known?.publicTitle ?? fallback;
    const { line, entry } = describePublished({ actorId: request.actorId, status, publicTitle, text });
    const published = await publicUpdates.publish({
      incidentId: incident.id,
      requestKey: request.requestKey,
      status,
      text,
      postedBy: request.actorId,
      postedAt: at,
      title: title === undefined ? { default: fallback } : { set: title },
      timeline: { naturalKey, source: 'system', occurredAt: at, actorId: request.actorId, text: entry },
      effects: keyEffects(`${incident.id}:${naturalKey}`, [
        { kind: 'incident.post', incidentId: incident.id, text: line },
        ...(mirrorToStatuspage ? [{ kind: 'statuspage.incident' as const, incidentId: incident.id }] : []),
        ...(emailSubscribers
          ? [
              {
                kind: 'email.fanout' as const,
                notice: { about: 'update' as const, incidentId: incident.id, requestKey: request.requestKey },
              },
            ]
          : []),
      ]),
    });
    if (published.created) onEffects();
    return { ...published, incident };
  };

/**
 * The public status page's side of an incident: `/incident publish` and the forms post updates; the page reads them
 * back with only the public fields.
 */
export const createPublicUpdateFlows = (deps: PublicUpdateFlowDeps) => {
  const publish = publishUpdate(deps);
  const findIncident = async (incidentId: string): Promise<IncidentView> => {
    const incident = await deps.incidents.findById(incidentId);
    if (!incident) throw new AppError('NOT_FOUND', { userMessage: 'That incident no longer exists.' });
    return incident;
  };
  return {
    /** `/incident publish`, in the incident's channel or naming it. */
    publish: async (target: IncidentTarget, request: PublishRequest) => publish(await deps.findTarget(target), request),
    /** A form that carries the incident's id (the final update offered when resolving). */
    publishFor: async (incidentId: string, request: PublishRequest) => publish(await findIncident(incidentId), request),
    /** What the form of a public update starts from: the incident, and its public title or the neutral default. */
    draftFor: async (incidentId: string): Promise<{ incident: IncidentView; publicTitle: string }> => {
      const incident = await findIncident(incidentId);
      const known = await deps.publicUpdates.findPublicIncident(incidentId);
      return { incident, publicTitle: known?.publicTitle ?? DEFAULT_PUBLIC_TITLE };
    },
    hasPublicUpdates: async (incidentId: string): Promise<boolean> =>
      (await deps.publicUpdates.countForIncident(incidentId)) > 0,
    listPublicIncidents: (options: { since: Date }): Promise<PublicIncident[]> =>
      deps.publicUpdates.listPublicIncidents(options),
    findPublicIncident: (incidentId: string): Promise<PublicIncident | undefined> =>
      deps.publicUpdates.findPublicIncident(incidentId),
  };
};
