import { createHash } from 'node:crypto';
import {
  endOfMaintenance,
  type MaintenanceWindow,
  maintenanceStateAt,
} from '../domain/maintenance/maintenance-window.ts';
import { computeDailyAvailability } from '../domain/sla/daily-availability.ts';
import { computeDowntime } from '../domain/sla/downtime.ts';
import { type ComponentStatus, describeComponentStatus, worstStatus } from '../domain/status-page/component-status.ts';
import type { PublicIncident } from '../domain/status-page/public-incident.ts';
import type { PublicDisruption, PublicService, StatusPageView } from '../domain/status-page/status-page-view.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { MaintenanceStore } from '../store/maintenance-store.ts';
import type { PublicUpdateStore } from '../store/public-update-store.ts';
import type { StatusImpact, StatusPageStore } from '../store/status-page-store.ts';

export type StatusPageFlowDeps = {
  store: StatusPageStore;
  updates: Pick<PublicUpdateStore, 'listPublicIncidents'>;
  maintenance: Pick<MaintenanceStore, 'listMaintenance'>;
  team: TTeamConfig;
  now: () => Date;
};

const DAY_MS = 86_400_000;
const DAYS = 90;
/** How far ahead the page announces scheduled maintenance. */
const UPCOMING_DAYS = 14;

type Published = Map<string, PublicIncident>;

/** An incident's key on the public outputs: stable, and not its id, which stays internal. */
const publicKeyOf = (incidentId: string): string =>
  createHash('sha256').update(`sitrep-status:${incidentId}`).digest('hex').slice(0, 16);

/**
 * Disruptions by incident: the public names of the services it hit, the worst kind, its first start, its end, and
 * what people published about it.
 */
const listDisruptions = (
  impacts: StatusImpact[],
  { publicName, published }: { publicName: (service: string) => string; published: Published },
): PublicDisruption[] => {
  const byIncident = new Map<string, StatusImpact[]>();
  for (const impact of impacts)
    byIncident.set(impact.incidentId, [...(byIncident.get(impact.incidentId) ?? []), impact]);
  return [...byIncident]
    .map(([incidentId, windows]) => ({
      key: publicKeyOf(incidentId),
      title: published.get(incidentId)?.publicTitle ?? null,
      updates: published.get(incidentId)?.updates ?? [],
      services: [...new Set(windows.map((window) => publicName(window.service)))],
      kind: windows.some((window) => window.kind === 'outage') ? ('outage' as const) : ('degraded' as const),
      startedAt: new Date(Math.min(...windows.map((window) => window.startedAt.getTime()))),
      endedAt: windows.some((window) => window.endedAt === null)
        ? null
        : new Date(Math.max(...windows.map((window) => window.endedAt?.getTime() ?? 0))),
    }))
    .toSorted((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
};

const isInMaintenance = ({ planned, service, at }: { planned: MaintenanceWindow[]; service: string; at: Date }) =>
  planned.some(
    (window) => window.services.includes(service) && maintenanceStateAt({ window, now: at }) === 'in_progress',
  );

const topSeverityOf = (team: TTeamConfig): number => Math.min(...team.severities.map((severity) => severity.level));

/** Each service's state now, as the page shows it: from its open impact windows and its maintenance under way. */
const readComponentStatusesWith =
  ({ store, maintenance, team, now }: Omit<StatusPageFlowDeps, 'updates'>) =>
  async (services: string[]): Promise<Map<string, ComponentStatus>> => {
    const at = now();
    const [impacts, planned] = await Promise.all([
      store.readImpacts({ services, from: at }),
      maintenance.listMaintenance({ from: at, to: new Date(at.getTime() + 1), services }),
    ]);
    const topSeverity = topSeverityOf(team);
    return new Map(
      services.map((service) => [
        service,
        describeComponentStatus({
          open: impacts.filter((impact) => impact.service === service && impact.endedAt === null),
          inMaintenance: isInMaintenance({ planned, service, at }),
          topSeverity,
        }),
      ]),
    );
  };

/**
 * The public status page, from the impact windows sitrep recorded: each listed service's state now, its daily
 * availability over 90 days and its uptime over 30 and 90 days by its SLA's rule (degraded time weighed as the SLA
 * says), and the disruptions of the last 90 days. Undefined when sitrep.yml has no `statusPage`.
 */
export const createStatusPageFlows = ({ store, updates, maintenance, team, now }: StatusPageFlowDeps) => ({
  readStatusPage: async (): Promise<StatusPageView | undefined> => {
    const page = team.statusPage;
    if (page === undefined) return undefined;
    const at = now();
    const zone = team.team.timeZone;
    const listed = page.groups.flatMap((group) => group.services);
    const from = new Date(at.getTime() - (DAYS + 1) * DAY_MS);
    const services = listed.map((entry) => entry.service);
    const [impacts, incidents, planned] = await Promise.all([
      store.readImpacts({ services, from }),
      updates.listPublicIncidents({ since: from }),
      // As far back as the 90 days, for services whose SLA leaves maintenance out of their downtime.
      maintenance.listMaintenance({ from, to: new Date(at.getTime() + UPCOMING_DAYS * DAY_MS), services }),
    ]);
    const inProgress = (service: string) => isInMaintenance({ planned, service, at });
    const topSeverity = topSeverityOf(team);
    const describe = ({ service, name }: { service: string; name: string }): PublicService => {
      const sla = team.services.find((candidate) => candidate.name === service)?.sla;
      const target = sla?.target ?? 100;
      const spans = impacts.filter((impact) => impact.service === service);
      const options = {
        spans,
        service,
        target,
        degradedWeight: sla?.degradedWeight ?? 0,
        now: at,
        maintenance: { windows: planned, exclude: sla?.excludeMaintenance ?? false },
      };
      const since = (days: number) => ({ start: new Date(at.getTime() - days * DAY_MS), end: at });
      return {
        name,
        status: describeComponentStatus({
          open: spans.filter((span) => span.endedAt === null),
          inMaintenance: inProgress(service),
          topSeverity,
        }),
        target,
        days: computeDailyAvailability({ ...options, days: DAYS, zone }),
        uptime30: computeDowntime({ ...options, period: since(30) }).availabilityPercent,
        uptime90: computeDowntime({ ...options, period: since(DAYS) }).availabilityPercent,
      };
    };
    const groups = page.groups.map((group) => ({ name: group.name, services: group.services.map(describe) }));
    const names = new Map(listed.map((entry) => [entry.service, entry.name]));
    // Only the services on the page, under their public names: an incident of none of them is not this page's.
    const onPage = (services: string[]) => services.flatMap((service) => names.get(service) ?? []);
    const published: Published = new Map(incidents.map((incident) => [incident.id, incident]));
    return {
      title: page.title,
      status: worstStatus(groups.flatMap((group) => group.services.map((service) => service.status))),
      groups,
      maintenance: planned
        .filter((window) => onPage(window.services).length > 0 && endOfMaintenance(window).getTime() > at.getTime())
        .map((window) => ({
          services: onPage(window.services),
          startsAt: window.startsAt,
          endsAt: endOfMaintenance(window),
          text: window.publicText,
          inProgress: maintenanceStateAt({ window, now: at }) === 'in_progress',
        })),
      active: incidents
        .filter((incident) => incident.ongoing && onPage(incident.services).length > 0)
        .map((incident) => ({
          key: publicKeyOf(incident.id),
          title: incident.publicTitle,
          services: onPage(incident.services),
          updates: incident.updates,
        })),
      history: listDisruptions(impacts, { publicName: (service) => names.get(service) ?? service, published }),
      zone,
      generatedAt: at,
    };
  },
  readComponentStatuses: readComponentStatusesWith({ store, maintenance, team, now }),
});

export type StatusPageFlows = ReturnType<typeof createStatusPageFlows>;
