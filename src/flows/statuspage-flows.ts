import { createHash } from 'node:crypto';
import type { KeyedEffect } from '../domain/outbox/outbox-effect.ts';
import type { ComponentStatus } from '../domain/status-page/component-status.ts';
import {
  FINAL_UPDATE_GRACE_MS,
  incidentFieldsOf,
  nextUpdateToPush,
  RESOLVED_WITHOUT_UPDATE,
  type StatuspagePort,
} from '../domain/status-page/statuspage-push.ts';
import type { OutboxStore } from '../store/outbox-store.ts';
import type { PublicUpdateStore } from '../store/public-update-store.ts';
import type { StatuspageStore } from '../store/statuspage-store.ts';

export type StatuspageFlowDeps = {
  api: StatuspagePort;
  /** The Statuspage component of each mirrored service (sitrep.yml's `statusPage.atlassian.components`). */
  components: ReadonlyMap<string, string>;
  /** Each service's state now, as sitrep's own status page shows it. */
  readStatuses: (services: string[]) => Promise<Map<string, ComponentStatus>>;
  publicUpdates: Pick<PublicUpdateStore, 'findPublicIncident'>;
  pushed: Omit<StatuspageStore, 'bookTurn' | 'spaceNextTurn'>;
  outbox: Pick<OutboxStore, 'enqueue'>;
  onEffects: () => void;
  now: () => Date;
};

/**
 * The tag sitrep puts in a Statuspage incident's metadata: stable per incident, and not its id, which stays internal.
 *
 * @example statuspageMarkerOf('5b0e…') // => '3f9c0a12d4e5b6a7' (16 hex digits)
 */
const statuspageMarkerOf = (incidentId: string): string =>
  createHash('sha256').update(`sitrep-statuspage:${incidentId}`).digest('hex').slice(0, 16);

export type StatuspageFlows = ReturnType<typeof createStatuspageFlows>;

/** Records the components' states as pushed (an incident's push sets them too). */
const recordPushedWith =
  ({ pushed, components, now }: Pick<StatuspageFlowDeps, 'pushed' | 'components' | 'now'>) =>
  async (statuses: ReadonlyMap<string, ComponentStatus>): Promise<void> => {
    const at = now();
    await pushed.recordComponents(
      [...statuses].flatMap(([service, status]) => {
        const componentId = components.get(service);
        return componentId === undefined ? [] : [{ service, componentId, status, pushedAt: at }];
      }),
    );
  };

/**
 * One step of the `statuspage.incident` effect: pushes the oldest public update not pushed yet, creating the
 * Statuspage incident with the first; once all are there and the incident is resolved, resolves Statuspage's too.
 * True when it pushed something, false when Statuspage already has everything. `retried`: an earlier
 * try may have reached Statuspage with its answer lost, so it looks first (the incident by the marker in its
 * metadata, an update by the incident's newest one) and does not write again what is there.
 */
const pushIncidentWith =
  ({
    api,
    components,
    readStatuses,
    publicUpdates,
    pushed,
    now,
    recordPushed,
  }: Omit<StatuspageFlowDeps, 'outbox' | 'onEffects'> & {
    recordPushed: (statuses: ReadonlyMap<string, ComponentStatus>) => Promise<void>;
  }) =>
  async (incidentId: string, { retried }: { retried: boolean }): Promise<boolean> => {
    const incident = await publicUpdates.findPublicIncident(incidentId);
    if (incident === undefined) return false;
    const mirrored = incident.services.filter((service) => components.has(service));
    // None of its services is on the Statuspage: its updates are not that page's news.
    if (mirrored.length === 0) return false;
    const known = await pushed.findPushedIncident(incidentId);
    const pushedCount = known?.pushedCount ?? 0;
    const next = nextUpdateToPush(incident, pushedCount);
    // Every update is there, and the incident was resolved without a final one: Statuspage's must not stay open.
    const resolving = next === undefined && known !== undefined && known.status !== 'resolved' && !incident.ongoing;
    const update = resolving ? { status: 'resolved' as const, text: RESOLVED_WITHOUT_UPDATE, postedAt: now() } : next;
    if (update === undefined) return false;
    const statuses = await readStatuses(mirrored);
    const fields = incidentFieldsOf({
      incident,
      update,
      components: new Map(
        mirrored.map((service) => [
          service,
          { componentId: components.get(service) ?? '', status: statuses.get(service) ?? 'operational' },
        ]),
      ),
    });
    let statuspageId = known?.statuspageId;
    if (statuspageId === undefined) {
      const marker = statuspageMarkerOf(incidentId);
      const found = retried ? await api.findIncident({ marker, resolved: update.status === 'resolved' }) : undefined;
      statuspageId = found ?? (await api.createIncident({ fields, marker }));
    } else {
      const latest = retried ? await api.readLatestUpdate(statuspageId) : undefined;
      if (latest?.body !== fields.body || latest.status !== fields.status) {
        await api.updateIncident({ id: statuspageId, fields });
      }
    }
    await pushed.recordIncident({
      incidentId,
      statuspageId,
      pushedCount: resolving ? pushedCount : pushedCount + 1,
      status: update.status,
      at: now(),
    });
    // The incident set its components too: a component push of the same states would say nothing new.
    await recordPushed(statuses);
    return true;
  };

/**
 * The `statuspage.incident` effect: every public update not pushed yet, oldest first, each call paced, then the
 * resolution when due. All of them, not one, so that an effect that never ran (discarded by a person, written while
 * the push was off) leaves no update behind and no Statuspage incident open.
 */
const pushAllWith =
  (pushOne: ReturnType<typeof pushIncidentWith>) =>
  async (incidentId: string, { retried }: { retried: boolean }): Promise<void> => {
    // Only the first step can follow a try whose answer was lost.
    let first = true;
    while (await pushOne(incidentId, { retried: retried && first })) first = false;
  };

/**
 * Keeps an Atlassian Statuspage in line with sitrep: each mirrored service's component shows the state sitrep's page
 * shows, and each incident with public updates has a Statuspage incident carrying them, in order. Every call is an
 * outbox effect in Statuspage's one queue; each remembers what it pushed, so running it again pushes nothing new.
 */
export const createStatuspageFlows = ({
  api,
  components,
  readStatuses,
  publicUpdates,
  pushed,
  outbox,
  onEffects,
  now,
}: StatuspageFlowDeps) => {
  const recordPushed = recordPushedWith({ pushed, components, now });
  return {
    /**
     * Notices the components whose state differs from what was last pushed to them (an impact window opened or
     * closed, an incident's severity changed, maintenance started or ended) and writes an effect to push each, keyed
     * by what was last pushed, so another replica's look, or the next one while the push waits its turn, adds none.
     * Also the incidents resolved without a final public update `FINAL_UPDATE_GRACE_MS` ago, to resolve theirs.
     */
    enqueueChanges: async (): Promise<number> => {
      const services = [...components.keys()];
      const resolvedBefore = new Date(now().getTime() - FINAL_UPDATE_GRACE_MS);
      const [statuses, last, resolved] = await Promise.all([
        readStatuses(services),
        pushed.listPushedComponents(),
        pushed.listResolvedUnpushed({ resolvedBefore }),
      ]);
      const effects = services.flatMap((service): KeyedEffect[] => {
        const status = statuses.get(service);
        const before = last.find((entry) => entry.service === service);
        if (before !== undefined && before.status === status && before.componentId === components.get(service)) {
          return [];
        }
        const since = before?.pushedAt.toISOString() ?? 'never';
        return [
          {
            dedupeKey: `statuspage.component:${service}:${status}:${since}`,
            effect: { kind: 'statuspage.component', service },
          },
        ];
      });
      for (const incidentId of resolved) {
        effects.push({
          dedupeKey: `statuspage.incident:${incidentId}:resolved`,
          effect: { kind: 'statuspage.incident', incidentId },
        });
      }
      if (effects.length > 0) {
        await outbox.enqueue(effects, now());
        onEffects();
      }
      return effects.length;
    },
    /** The `statuspage.component` effect: one PATCH, unless the component already shows the service's state. */
    pushComponent: async (service: string): Promise<void> => {
      const componentId = components.get(service);
      // sitrep.yml no longer mirrors it: nothing to keep in line.
      if (componentId === undefined) return;
      const status = (await readStatuses([service])).get(service) ?? 'operational';
      const before = (await pushed.listPushedComponents()).find((entry) => entry.service === service);
      if (before?.status === status && before.componentId === componentId) return;
      await api.setComponentStatus({ componentId, status });
      await recordPushed(new Map([[service, status]]));
    },
    pushIncident: pushAllWith(
      pushIncidentWith({ api, components, readStatuses, publicUpdates, pushed, now, recordPushed }),
    ),
  };
};
