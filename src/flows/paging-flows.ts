import { AppError } from '../domain/app-error.ts';
import { type IncidentView, severityName } from '../domain/incident/incident.ts';
import { keyEffects, type TOutboxEffect } from '../domain/outbox/outbox-effect.ts';
import { pageableServices, servicesPagedAt, servicesPagedBySeverityChange } from '../domain/paging/paging-rule.ts';
import { describePaged } from '../domain/slack-lines/paging-lines.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { IncidentStore } from '../store/incident-store.ts';
import type { NewPage } from '../store/page-store.ts';

export type PagingFlowDeps = {
  incidents: IncidentStore;
  team: TTeamConfig;
  now: () => Date;
  onEffects: () => void;
  /** The incident a command points at (see incident-flows.ts). */
  findTarget: (target: { channelId: string; number?: number }) => Promise<IncidentView>;
};

type PlanPagesOptions = {
  team: Pick<TTeamConfig, 'severities'>;
  incidentId: string;
  services: string[];
  severity: number;
  actorId: string;
  at: Date;
  reason?: string;
};

/**
 * The records and outbox effects of paging `services` for an incident: a page row and a timeline line per service,
 * and a `page.trigger` each, written in the transaction of the change that pages.
 */
const planPages = ({
  team,
  incidentId,
  services,
  severity,
  actorId,
  at,
  reason,
}: PlanPagesOptions): { pages: NewPage[]; effects: TOutboxEffect[] } => ({
  pages: services.map((service) => ({
    service,
    reason: reason ?? null,
    pagedBy: actorId,
    pagedAt: at,
    timelineText: describePaged({ service, severity: severityName(severity, team.severities), reason }),
  })),
  effects: services.map((service) => ({ kind: 'page.trigger', incidentId, service, ...(reason ? { reason } : {}) })),
});

/** Declaring pages the services of the incident that page at its severity. */
export const planDeclarePages = ({
  team,
  ...declared
}: Omit<PlanPagesOptions, 'team'> & { team: Pick<TTeamConfig, 'severities' | 'services'> }) =>
  planPages({
    ...declared,
    team,
    services: servicesPagedAt({ services: declared.services, configured: team.services, severity: declared.severity }),
  });

/**
 * A severity change pages the incident's services that page at the new severity and did not at the old one, unless
 * their page is open already (paged on demand before).
 */
export const planSeverityPages = async ({
  incidents,
  team,
  incident,
  to,
  actorId,
  at,
}: Pick<PagingFlowDeps, 'incidents' | 'team'> & { incident: IncidentView; to: number; actorId: string; at: Date }) => {
  const alreadyPaged = await incidents.listPaged(incident.id);
  const services = servicesPagedBySeverityChange({
    services: incident.services,
    configured: team.services,
    from: incident.severity,
    to,
  }).filter((service) => !alreadyPaged.includes(service));
  return planPages({ team, incidentId: incident.id, services, severity: to, actorId, at });
};

const assertPageable = ({ team, service }: { team: TTeamConfig; service: string }): void => {
  if (team.services.some((candidate) => candidate.name === service && candidate.pagerduty)) return;
  const pageable = pageableServices(team.services);
  throw new AppError('BAD_REQUEST', {
    userMessage:
      pageable.length === 0
        ? 'No service has PagerDuty set up in sitrep.yml, so sitrep cannot page anyone. docs/integrations.md says how.'
        : `\`${service}\` has no PagerDuty set up in sitrep.yml. You can page ${pageable.map((name) => `\`${name}\``).join(', ')}.`,
  });
};

const assertOpen = (incident: IncidentView): void => {
  if (incident.status === 'resolved') {
    throw new AppError('INCIDENT_RESOLVED', {
      userMessage: `Incident ${incident.number} is resolved. Use \`/incident reopen <reason>\` before paging anyone for it.`,
    });
  }
};

const assertNotPaged = ({ incident, service, paged }: { incident: IncidentView; service: string; paged: string[] }) => {
  if (paged.includes(service)) {
    throw new AppError('NO_CHANGE', {
      userMessage: `The ${service} on-call is already paged for incident ${incident.number}; PagerDuty keeps one alert per incident and service until it is resolved.`,
    });
  }
};

/**
 * `/incident page <service> [reason]`: pages a service's on-call now, whatever the severity, when sitrep.yml sets up
 * PagerDuty for it. Refused for a resolved incident, and for a service whose page is still open (Slack delivering the
 * command twice pages once: the second copy finds the first one's page).
 */
const pageService =
  ({ incidents, team, now, onEffects, findTarget }: PagingFlowDeps) =>
  async (
    target: { channelId: string; number?: number },
    options: { service: string; reason?: string; actorId: string },
  ): Promise<IncidentView> => {
    assertPageable({ team, service: options.service });
    const incident = await findTarget(target);
    assertOpen(incident);
    assertNotPaged({ incident, service: options.service, paged: await incidents.listPaged(incident.id) });
    const at = now();
    const { pages, effects } = planPages({
      team,
      incidentId: incident.id,
      services: [options.service],
      severity: incident.severity,
      actorId: options.actorId,
      at,
      ...(options.reason ? { reason: options.reason } : {}),
    });
    const changeKey = `page-${options.service}:${at.getTime()}:${options.actorId}`;
    // The page's line is the change's own timeline entry.
    const text = describePaged({
      service: options.service,
      severity: severityName(incident.severity, team.severities),
      reason: options.reason,
    });
    try {
      const updated = await incidents.applyChange({
        incidentId: incident.id,
        expectedStatus: incident.status,
        timeline: { naturalKey: changeKey, source: 'lifecycle', occurredAt: at, actorId: options.actorId, text },
        pages: { trigger: pages.map((page) => ({ ...page, timelineText: null })) },
        effects: keyEffects(`${incident.id}:${changeKey}`, effects),
      });
      onEffects();
      return updated;
    } catch (error) {
      const current = await incidents.findById(incident.id);
      if (current) {
        assertOpen(current);
        assertNotPaged({ incident: current, service: options.service, paged: await incidents.listPaged(current.id) });
      }
      throw error;
    }
  };

export const createPagingFlows = (deps: PagingFlowDeps) => ({ page: pageService(deps) });
