import { describe, expect, it } from 'vitest';
import type { KeyedEffect } from '../../src/domain/outbox/outbox-effect.ts';
import type { ComponentStatus } from '../../src/domain/status-page/component-status.ts';
import type { PublicIncident } from '../../src/domain/status-page/public-incident.ts';
import type { StatuspagePort } from '../../src/domain/status-page/statuspage-push.ts';
import { createStatuspageFlows } from '../../src/flows/statuspage-flows.ts';
import type { PushedComponent, PushedIncident } from '../../src/store/statuspage-store.ts';

const INCIDENT_ID = '0b0e4a52-8c55-4d0a-9f0a-3f0c1d2e3f40';

/** The flows on in-memory fakes: a Statuspage that records calls, the pushed state, and an outbox keyed like the real. */
const setUp = ({ found }: { found?: string } = {}) => {
  const calls: string[] = [];
  const statuses = new Map<string, ComponentStatus>([
    ['checkout-api', 'major_outage'],
    ['search', 'operational'],
  ]);
  const components: PushedComponent[] = [];
  const incidents = new Map<string, PushedIncident>();
  const outbox = new Map<string, KeyedEffect>();
  const incident: PublicIncident = {
    id: INCIDENT_ID,
    publicTitle: 'Card payments failing',
    services: ['checkout-api'],
    status: 'investigating',
    ongoing: true,
    updates: [{ text: 'We are looking into it.', status: 'investigating', postedAt: new Date('2026-11-23T12:00:00Z') }],
  };
  const api: StatuspagePort = {
    setComponentStatus: async ({ componentId, status }) => {
      calls.push(`set ${componentId} ${status}`);
    },
    createIncident: async ({ fields }) => {
      calls.push(`create ${fields.name}`);
      return 'spincident01';
    },
    updateIncident: async ({ id, fields }) => {
      calls.push(`update ${id} ${fields.body}`);
    },
    findIncident: async ({ resolved }) => {
      calls.push(`find ${resolved ? 'resolved' : 'unresolved'}`);
      return found;
    },
    readLatestUpdate: async (id) => {
      calls.push(`read ${id}`);
      return undefined;
    },
  };
  const flows = createStatuspageFlows({
    api,
    components: new Map([
      ['checkout-api', 'cmpcheckout1'],
      ['search', 'cmpsearch001'],
    ]),
    readStatuses: async (services) =>
      new Map(services.map((service) => [service, statuses.get(service) ?? 'operational'])),
    publicUpdates: { findPublicIncident: async (id) => (id === INCIDENT_ID ? incident : undefined) },
    pushed: {
      listPushedComponents: async () => components,
      recordComponents: async (recorded) => {
        for (const entry of recorded) {
          const at = components.findIndex((known) => known.service === entry.service);
          if (at === -1) components.push(entry);
          else components[at] = entry;
        }
      },
      findPushedIncident: async (id) => incidents.get(id),
      recordIncident: async ({ incidentId, statuspageId, pushedCount, status }) => {
        incidents.set(incidentId, { statuspageId, pushedCount, status });
      },
      listResolvedUnpushed: async () => [],
    },
    outbox: {
      enqueue: async (effects) => {
        for (const effect of effects) if (!outbox.has(effect.dedupeKey)) outbox.set(effect.dedupeKey, effect);
      },
    },
    onEffects: () => {},
    now: () => new Date('2026-11-23T12:00:00Z'),
  });
  return { flows, calls, statuses, outbox, incidents, incident };
};

describe('the Statuspage push', () => {
  it('writes one effect per component out of line, however often it looks, and none once pushed', async () => {
    const { flows, outbox } = setUp();
    expect(await flows.enqueueChanges()).toBe(2);
    await flows.enqueueChanges();
    expect([...outbox.keys()]).toEqual([
      'statuspage.component:checkout-api:major_outage:never',
      'statuspage.component:search:operational:never',
    ]);
    await flows.pushComponent('checkout-api');
    await flows.pushComponent('search');
    expect(await flows.enqueueChanges()).toBe(0);
  });

  it('pushes a component only when its state differs from the last push, reading the state when it runs', async () => {
    const { flows, calls, statuses } = setUp();
    await flows.pushComponent('checkout-api');
    await flows.pushComponent('checkout-api');
    statuses.set('checkout-api', 'operational');
    await flows.pushComponent('checkout-api');
    await flows.pushComponent('not-mirrored');
    expect(calls).toEqual(['set cmpcheckout1 major_outage', 'set cmpcheckout1 operational']);
  });

  it('creates the incident once, and does not push its components again', async () => {
    const { flows, calls, incidents } = setUp();
    await flows.pushIncident(INCIDENT_ID, { retried: false });
    await flows.pushIncident(INCIDENT_ID, { retried: false });
    await flows.pushComponent('checkout-api');
    expect(calls).toEqual(['create Card payments failing']);
    expect(incidents.get(INCIDENT_ID)).toEqual({
      statuspageId: 'spincident01',
      pushedCount: 1,
      status: 'investigating',
    });
  });

  it('on a retry, takes the incident an earlier try created instead of creating another', async () => {
    const { flows, calls, incidents } = setUp({ found: 'spearlier001' });
    await flows.pushIncident(INCIDENT_ID, { retried: true });
    expect(calls).toEqual(['find unresolved']);
    expect(incidents.get(INCIDENT_ID)).toEqual({
      statuspageId: 'spearlier001',
      pushedCount: 1,
      status: 'investigating',
    });
  });

  it('on a retry that finds nothing, creates it', async () => {
    const { flows, calls } = setUp();
    await flows.pushIncident(INCIDENT_ID, { retried: true });
    expect(calls).toEqual(['find unresolved', 'create Card payments failing']);
  });

  it('resolves the Statuspage incident of an incident resolved without a final update, once', async () => {
    const { flows, calls, incidents, incident } = setUp();
    await flows.pushIncident(INCIDENT_ID, { retried: false });
    incident.ongoing = false;
    await flows.pushIncident(INCIDENT_ID, { retried: false });
    await flows.pushIncident(INCIDENT_ID, { retried: false });
    expect(calls).toEqual(['create Card payments failing', 'update spincident01 This incident has been resolved.']);
    expect(incidents.get(INCIDENT_ID)).toEqual({ statuspageId: 'spincident01', pushedCount: 1, status: 'resolved' });
  });

  it('pushes every update not pushed yet in one run, so an effect that never ran leaves none behind', async () => {
    const { flows, calls, incidents, incident } = setUp();
    // Newest first, as the status page lists them.
    incident.updates.unshift(
      { text: 'Payments work again.', status: 'resolved', postedAt: new Date('2026-11-23T12:30:00Z') },
      { text: 'A fix is rolling out.', status: 'identified', postedAt: new Date('2026-11-23T12:10:00Z') },
    );
    incident.ongoing = false;
    await flows.pushIncident(INCIDENT_ID, { retried: false });
    expect(calls).toEqual([
      'create Card payments failing',
      'update spincident01 A fix is rolling out.',
      'update spincident01 Payments work again.',
    ]);
    expect(incidents.get(INCIDENT_ID)).toEqual({ statuspageId: 'spincident01', pushedCount: 3, status: 'resolved' });
  });
});
