import type { IncidentView } from '../incident/incident.ts';
import type { ImpactSpan } from '../sla/downtime.ts';
import { formatInZone } from '../time/wall-clock.ts';

export const IMPACT_KINDS = ['outage', 'degraded'] as const;
export type ImpactKind = (typeof IMPACT_KINDS)[number];

/** What `/incident impact <action>` asks for: start a window of that kind, or end the open ones. */
export const IMPACT_ACTIONS = [...IMPACT_KINDS, 'end'] as const;
export type ImpactAction = (typeof IMPACT_ACTIONS)[number];

/** One stored window of an incident. */
export type ImpactWindow = ImpactSpan & { id: string };

/** An open window and when it ends. */
export type WindowEnd = { window: ImpactWindow; endedAt: Date };

/** What an impact change does, all at `at`: the windows it closes and, for a start, the windows it opens. */
export type ImpactPlan = {
  action: ImpactAction;
  at: Date;
  close: WindowEnd[];
  open: { service: string; kind: ImpactKind }[];
};

export type PlanImpactOptions = {
  action: ImpactAction;
  at: Date;
  /** The services the person named; none means the incident's (for a start) or every open window (for `end`). */
  named: readonly string[];
  incident: Pick<IncidentView, 'number' | 'services'>;
  /** The incident's windows, open and closed. */
  windows: readonly ImpactWindow[];
  /** The services of sitrep.yml, listed when the person has to name one. */
  knownServices: readonly string[];
  /** The author's zone, for the times refusals show. */
  zone: string;
};

export type PlannedImpact = { ok: true; plan: ImpactPlan } | { ok: false; message: string };

const MAX_SERVICES_LISTED = 15;

const code = (text: string): string => `\`${text}\``;

const KIND_NAMES: Record<ImpactKind, string> = { outage: 'outage', degraded: 'degraded window' };

const describeKnown = (services: readonly string[]): string => {
  if (services.length === 0) return 'No services are configured in sitrep.yml.';
  const shown = services.slice(0, MAX_SERVICES_LISTED).map(code);
  const more = services.length > MAX_SERVICES_LISTED ? ` and ${services.length - MAX_SERVICES_LISTED} more` : '';
  return `Known services: ${shown.join(', ')}${more}.`;
};

const isOpen = (window: ImpactWindow): boolean => window.endedAt === null;

const planStart = (kind: ImpactKind, options: PlanImpactOptions): PlannedImpact => {
  const { at, incident, windows, zone } = options;
  const services = options.named.length > 0 ? options.named : incident.services;
  if (services.length === 0) {
    return {
      ok: false,
      message: `Incident ${incident.number} has no services, so name the affected ones, as in ${code(`/incident impact ${kind} 13:58 checkout-api`)}. ${describeKnown(options.knownServices)}`,
    };
  }
  const close: WindowEnd[] = [];
  for (const service of services) {
    const open = windows.find((window) => window.service === service && isOpen(window));
    if (open === undefined) continue;
    const since = formatInZone(open.startedAt, zone);
    if (open.kind === kind) {
      return {
        ok: false,
        message: `${service} already has an open ${KIND_NAMES[kind]} since ${since} (${zone}). End it with ${code(`/incident impact end ${service}`)} first.`,
      };
    }
    // A service is in one state at a time: the new window takes over from the open one of the other kind.
    if (at.getTime() < open.startedAt.getTime()) {
      return {
        ok: false,
        message: `The ${KIND_NAMES[open.kind]} of ${service} is open since ${since} (${zone}), after ${formatInZone(at, zone)}: a new ${KIND_NAMES[kind]} must start after it.`,
      };
    }
    close.push({ window: open, endedAt: at });
  }
  return { ok: true, plan: { action: kind, at, close, open: services.map((service) => ({ service, kind })) } };
};

const planEnd = (options: PlanImpactOptions): PlannedImpact => {
  const { at, incident, windows, named, zone } = options;
  const open = windows.filter(isOpen);
  if (open.length === 0) {
    return { ok: false, message: `Incident ${incident.number} has no open impact window to end.` };
  }
  const closing = named.length > 0 ? open.filter((window) => named.includes(window.service)) : open;
  const missing = named.filter((service) => !open.some((window) => window.service === service));
  if (missing.length > 0) {
    const openServices = [...new Set(open.map((window) => window.service))].map(code).join(', ');
    return {
      ok: false,
      message: `${missing.map(code).join(', ')} ${missing.length === 1 ? 'has' : 'have'} no open impact window on incident ${incident.number}; open now: ${openServices}.`,
    };
  }
  const early = closing.find((window) => at.getTime() < window.startedAt.getTime());
  if (early !== undefined) {
    return {
      ok: false,
      message: `The ${KIND_NAMES[early.kind]} of ${early.service} started at ${formatInZone(early.startedAt, zone)} (${zone}); it cannot end before, at ${formatInZone(at, zone)}.`,
    };
  }
  return {
    ok: true,
    plan: { action: 'end', at, close: closing.map((window) => ({ window, endedAt: at })), open: [] },
  };
};

/**
 * What `/incident impact outage|degraded|end` does to an incident's impact windows, at `at` (already checked not to
 * be in the future). A service has at most one open window per incident:
 *
 * - `outage`/`degraded` opens a window for each named service (the incident's services when none is named). An open
 *   window of the other kind is closed at `at`, so degraded → outage is one switch; `at` before that window's start
 *   is refused, as is a second open window of the same kind. An incident without services must name them.
 * - `end` closes the open windows of the named services, or all of the incident's open windows. Nothing open, a
 *   named service with nothing open, or `at` before a window's start is refused. Ending at the very start is allowed.
 *
 * Refusals are Slack mrkdwn that say what to do instead; times in them are shown in `zone`.
 *
 * @example planImpactChange({ action: 'outage', at: 14:20, named: [], incident: { number: 42, services: ['checkout-api'] },
 *     windows: [{ service: 'checkout-api', kind: 'degraded', startedAt: 14:10, endedAt: null, … }], … })
 *   // => { ok: true, plan: { close: [the degraded window, ended at 14:20], open: [{ service: 'checkout-api', kind: 'outage' }] } }
 */
export const planImpactChange = (options: PlanImpactOptions): PlannedImpact =>
  options.action === 'end' ? planEnd(options) : planStart(options.action, options);
