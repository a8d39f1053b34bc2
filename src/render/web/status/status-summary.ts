import { type ComponentStatus, worstStatus } from '../../../domain/status-page/component-status.ts';
import type { PublicUpdateView } from '../../../domain/status-page/public-incident.ts';
import type { StatusPageView } from '../../../domain/status-page/status-page-view.ts';
import { listServiceSlugs, slugifyPublicName } from './service-slug.ts';

/** Atlassian Statuspage's overall indicator, from the worst component status. */
type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

const INDICATORS: Record<ComponentStatus, Indicator> = {
  operational: 'none',
  under_maintenance: 'maintenance',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

// Statuspage's own words for each indicator, so clients that show `description` read as they do for any page.
const DESCRIPTIONS: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
  maintenance: 'Service Under Maintenance',
};

export type StatusApiOptions = {
  view: StatusPageView;
  /** The HTML page's address: absolute when PUBLIC_URL is set, `/status` otherwise. */
  pageUrl: string;
};

const iso = (instant: Date): string => instant.toISOString();

const describePage = ({ view, pageUrl }: StatusApiOptions) => ({
  id: slugifyPublicName(view.title),
  name: view.title,
  url: pageUrl,
  time_zone: view.zone,
  updated_at: iso(view.generatedAt),
});

const describeStatus = (status: ComponentStatus) => ({
  indicator: INDICATORS[status],
  description: DESCRIPTIONS[INDICATORS[status]],
});

/**
 * The services as Statuspage components, each group a component of its own that lists its services. sitrep keeps no
 * date a component was made or changed, so both are the moment the page was read.
 */
const describeComponents = (view: StatusPageView, pageId: string) => {
  const slugs = listServiceSlugs(view);
  const at = iso(view.generatedAt);
  const common = { created_at: at, updated_at: at, description: null, page_id: pageId, showcase: false };
  let position = 0;
  return view.groups.flatMap((group) => {
    const groupId = `group-${slugifyPublicName(group.name)}`;
    position += 1;
    const children = group.services.map((service) => {
      position += 1;
      return {
        ...common,
        id: slugs.get(service.name) ?? slugifyPublicName(service.name),
        name: service.name,
        status: service.status,
        position,
        group_id: groupId,
        group: false,
        only_show_if_degraded: false,
      };
    });
    const head = {
      ...common,
      id: groupId,
      name: group.name,
      status: worstStatus(group.services.map((service) => service.status)),
      position: position - children.length,
      group_id: null,
      group: true,
      only_show_if_degraded: false,
      components: children.map((child) => child.id),
    };
    return [head, ...children];
  });
};

/** An incident's id, from its first update's instant: the view carries no id, and that instant never changes. */
const incidentIdOf = (updates: PublicUpdateView[], title: string): string => {
  const first = updates.at(-1);
  return first === undefined
    ? `incident-${slugifyPublicName(title)}`
    : `incident-${first.postedAt.getTime().toString(36)}`;
};

const describeIncidents = (view: StatusPageView, pageId: string) => {
  const statusOf = new Map(view.groups.flatMap((group) => group.services.map((service) => [service.name, service])));
  const slugs = listServiceSlugs(view);
  return view.active.map((incident) => {
    const id = incidentIdOf(incident.updates, incident.title);
    const worst = worstStatus(incident.services.map((name) => statusOf.get(name)?.status ?? 'operational'));
    const first = incident.updates.at(-1)?.postedAt ?? view.generatedAt;
    const last = incident.updates[0]?.postedAt ?? first;
    return {
      id,
      name: incident.title,
      status: incident.updates[0]?.status ?? 'investigating',
      impact: worst === 'under_maintenance' ? 'none' : INDICATORS[worst],
      created_at: iso(first),
      updated_at: iso(last),
      started_at: iso(first),
      monitoring_at: null,
      resolved_at: null,
      shortlink: null,
      page_id: pageId,
      incident_updates: incident.updates.map((update) => ({
        id: `${id}-${update.postedAt.getTime().toString(36)}`,
        incident_id: id,
        status: update.status,
        body: update.text,
        created_at: iso(update.postedAt),
        updated_at: iso(update.postedAt),
        display_at: iso(update.postedAt),
      })),
      components: incident.services.map((name) => ({ id: slugs.get(name) ?? slugifyPublicName(name), name })),
    };
  });
};

/** Statuspage's maintenance words: sitrep announces only what is in progress or still to come. */
const describeMaintenance = (view: StatusPageView, pageId: string) => {
  const slugs = listServiceSlugs(view);
  return view.maintenance.map((window) => {
    const services = window.services.map((name) => slugs.get(name) ?? slugifyPublicName(name));
    const id = `maintenance-${window.startsAt.getTime().toString(36)}-${services.join('-')}`;
    const status = window.inProgress ? ('in_progress' as const) : ('scheduled' as const);
    return {
      id,
      name: `Scheduled maintenance: ${window.services.join(', ')}`,
      status,
      impact: 'maintenance' as const,
      created_at: iso(window.startsAt),
      updated_at: iso(window.startsAt),
      started_at: iso(window.startsAt),
      scheduled_for: iso(window.startsAt),
      scheduled_until: iso(window.endsAt),
      monitoring_at: null,
      resolved_at: null,
      shortlink: null,
      page_id: pageId,
      incident_updates: [
        {
          id: `${id}-text`,
          incident_id: id,
          status,
          body: window.text,
          created_at: iso(window.startsAt),
          updated_at: iso(window.startsAt),
          display_at: iso(window.startsAt),
        },
      ],
      components: window.services.map((name, index) => ({ id: services[index] ?? '', name })),
    };
  });
};

/**
 * `/status/api/v2/summary.json` in the shape Atlassian Statuspage publishes, so the tools that read such pages read
 * this one: the page, its components (groups included), the incidents not resolved yet, the maintenance in progress
 * or to come, and the overall status. Made from the public view alone: public names, titles, updates and texts.
 */
export const renderStatusSummary = (options: StatusApiOptions): string => {
  const page = describePage(options);
  return JSON.stringify({
    page,
    components: describeComponents(options.view, page.id),
    incidents: describeIncidents(options.view, page.id),
    scheduled_maintenances: describeMaintenance(options.view, page.id),
    status: describeStatus(options.view.status),
  });
};

/** `/status/api/v2/status.json`: the page and its overall indicator, as Statuspage publishes them. */
export const renderStatusIndicator = (options: StatusApiOptions): string =>
  JSON.stringify({ page: describePage(options), status: describeStatus(options.view.status) });
