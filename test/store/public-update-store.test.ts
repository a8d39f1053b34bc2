import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { createIncidentFlows } from '../../src/flows/incident-flows.ts';
import { createPublicUpdateFlows, type PublicUpdateFlows } from '../../src/flows/public-update-flows.ts';
import { createIncidentStore, type IncidentStore } from '../../src/store/incident-store.ts';
import { createPublicUpdateStore } from '../../src/store/public-update-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { DECLARED_AT, declareIncident } from '../support/incident-factory.ts';

// Distinctive strings for everything internal, so a scan of the public read finds any of them wherever it hides.
const SECRET = {
  title: 'ZZTITLE Acme Corp card vault on db-7',
  description: 'ZZDESCRIPTION runbook says restart the vault',
  declarer: 'U0ZZDECLARER',
  lead: 'U0ZZLEAD',
  comms: 'U0ZZCOMMS',
  channelId: 'C0ZZCHANNEL',
  channelName: 'inc-1-zzchannel-name',
  note: 'ZZNOTE the Acme contract is at risk',
  publisher: 'U0ZZPUBLISHER',
};

const parsed = parseTeamConfig({
  team: { timeZone: 'Europe/Paris', announcementsChannel: 'C05ABCD1234' },
  services: [{ name: 'checkout-api' }, { name: 'search' }],
});
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));

const at = (minutes: number): Date => new Date(DECLARED_AT.getTime() + minutes * 60_000);

describe.each(databaseKinds)('public updates, on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let incidents: IncidentStore;
  let now = DECLARED_AT;

  const flowsOn = (): PublicUpdateFlows => {
    const { findTarget } = createIncidentFlows({
      incidents,
      team: parsed.config,
      now: () => now,
      onEffects: () => {},
      findDetection: async () => null,
    });
    return createPublicUpdateFlows({
      incidents,
      publicUpdates: createPublicUpdateStore(database.prisma),
      now: () => now,
      onEffects: () => {},
      findTarget,
    });
  };

  /** An incident whose every internal field is one of the SECRET strings, with a note on its timeline. */
  const declareSecretIncident = async () => {
    const incident = await declareIncident(database.prisma, {
      title: SECRET.title,
      description: SECRET.description,
      declaredBy: SECRET.declarer,
      lead: SECRET.lead,
      services: ['checkout-api', 'search'],
    });
    await incidents.setChannel({ id: incident.id, channelId: SECRET.channelId, channelName: SECRET.channelName });
    await incidents.applyChange({
      incidentId: incident.id,
      role: { role: 'comms', userId: SECRET.comms, previous: null, assignedBy: SECRET.lead, assignedAt: at(1) },
      timeline: { naturalKey: 'role', source: 'role', occurredAt: at(1), actorId: SECRET.lead, text: 'comms' },
      effects: [],
    });
    await incidents.applyChange({
      incidentId: incident.id,
      timeline: { naturalKey: 'note:1', source: 'command', occurredAt: at(2), actorId: SECRET.lead, text: SECRET.note },
      effects: [],
    });
    return incident;
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    incidents = createIncidentStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.prisma.incident.deleteMany();
    await database.prisma.outboxMessage.deleteMany();
    now = DECLARED_AT;
  });

  it('publishes once per request, with its timeline entry and channel line, even when both copies arrive at once', async () => {
    const incident = await declareSecretIncident();
    const flows = flowsOn();
    now = at(10);
    const request = { text: 'Card payments are slow.', actorId: SECRET.publisher, requestKey: 'T1' };
    const [first, second] = await Promise.all([
      flows.publish({ channelId: SECRET.channelId }, request),
      flows.publish({ channelId: SECRET.channelId }, request),
    ]);
    expect([first.created, second.created].toSorted()).toEqual([false, true]);
    expect(second).toMatchObject({ publicTitle: 'Service disruption', postedAt: at(10) });
    const { prisma } = database;
    expect(await prisma.publicUpdate.findMany({ omit: { id: true } })).toEqual([
      {
        incidentId: incident.id,
        status: 'investigating',
        text: 'Card payments are slow.',
        postedBy: SECRET.publisher,
        postedAt: at(10),
        requestKey: 'T1',
      },
    ]);
    expect(await prisma.timelineEntry.count({ where: { naturalKey: 'publish:T1', source: 'system' } })).toBe(1);
    const posts = await prisma.outboxMessage.findMany({ select: { kind: true, payload: true } });
    expect(posts).toEqual([
      {
        kind: 'incident.post',
        payload: expect.objectContaining({ text: expect.stringContaining('Published to the status page by') }),
      },
    ]);
  });

  it('reads back only public fields: the title given, the services, each update newest first, and the status of the latest', async () => {
    const incident = await declareSecretIncident();
    const flows = flowsOn();
    now = at(10);
    await flows.publish(
      { channelId: SECRET.channelId },
      { text: 'Slow.', actorId: SECRET.publisher, requestKey: 'T1' },
    );
    now = at(20);
    await flows.publish(
      { channelId: SECRET.channelId },
      { text: 'Fixing.', title: 'Checkout is slow', status: 'monitoring', actorId: SECRET.publisher, requestKey: 'T2' },
    );
    const expected = {
      id: incident.id,
      publicTitle: 'Checkout is slow',
      services: ['checkout-api', 'search'],
      status: 'monitoring',
      // Not resolved: the page lists it as under way, whatever its last update said.
      ongoing: true,
      updates: [
        { status: 'monitoring', text: 'Fixing.', postedAt: at(20) },
        { status: 'investigating', text: 'Slow.', postedAt: at(10) },
      ],
    };
    expect(await flows.findPublicIncident(incident.id)).toEqual(expected);
    expect(await flows.listPublicIncidents({ since: at(15) })).toEqual([expected]);
    expect(await flows.listPublicIncidents({ since: at(21) })).toEqual([]);
    expect(await flows.hasPublicUpdates(incident.id)).toBe(true);
  });

  it('never lets the internal title, description, people, channel or notes into the public read', async () => {
    const incident = await declareSecretIncident();
    const quiet = await declareIncident(database.prisma, { title: 'ZZQUIET never published', services: ['search'] });
    const flows = flowsOn();
    now = at(10);
    await flows.publish(
      { channelId: SECRET.channelId },
      { text: 'Slow.', actorId: SECRET.publisher, requestKey: 'T1' },
    );
    await flows.publish(
      { channelId: 'elsewhere', number: incident.number },
      { text: 'Resolved.', status: 'resolved', actorId: SECRET.lead, requestKey: 'T2' },
    );
    const outputs = JSON.stringify([
      await flows.listPublicIncidents({ since: new Date(0) }),
      await flows.findPublicIncident(incident.id),
      await flows.findPublicIncident(quiet.id),
    ]);
    for (const secret of [...Object.values(SECRET), 'ZZQUIET', 'ZZ']) expect(outputs).not.toContain(secret);
    expect(outputs).toContain('Service disruption');
    // sitrep's names for services are internal too: the page shows its own public names beside the title.
    expect(outputs).not.toMatch(/"publicTitle":"[^"]*checkout-api/);
    expect(await flows.findPublicIncident(quiet.id)).toBeUndefined();
  });
});
