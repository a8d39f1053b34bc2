import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyEffects } from '../../src/domain/outbox/outbox-effect.ts';
import { ZTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { createPostmortemFactsStore } from '../../src/store/postmortem-facts-store.ts';
import { createPostmortemStore, type PostmortemStore, postmortemRequestKey } from '../../src/store/postmortem-store.ts';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { declareIncident } from '../support/incident-factory.ts';

const BOB = 'U05BOB0002';
const at = (time: string) => new Date(`2026-11-23T${time}:00Z`);

describe.each(databaseKinds)('the postmortem store on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let postmortems: PostmortemStore;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    postmortems = createPostmortemStore(database.prisma);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.prisma.incident.deleteMany();
    await database.prisma.outboxMessage.deleteMany();
    await database.prisma.slackUser.deleteMany();
  });

  /** An incident of checkout-api declared and led by BOB at 21:00. */
  const declare = () => declareIncident(database.prisma, { declaredBy: BOB, declaredAt: at('21:00') });

  const add = (incidentId: string, requestKey: string, markdown = `# ${requestKey}`) =>
    postmortems.addVersion({
      incidentId,
      markdown,
      generatedAt: at('22:00'),
      generatedBy: BOB,
      requestKey,
      effects: (version) =>
        keyEffects(postmortemRequestKey(incidentId, requestKey), [
          { kind: 'postmortem.deliver', incidentId, postmortemId: version.id },
        ]),
    });

  it('numbers versions 1, 2, 3 and never changes an earlier one', async () => {
    const incident = await declare();
    const first = await add(incident.id, 'resolve:1');
    await database.prisma.postmortem.update({ where: { id: first.version.id }, data: { markdown: 'edited' } });
    const second = await add(incident.id, 'command:2');
    const third = await add(incident.id, 'command:3');
    expect([first, second, third].map(({ version, created }) => [version.version, created])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect((await postmortems.findById(first.version.id))?.markdown).toBe('edited');
    expect((await postmortems.findLatest(incident.id))?.version).toBe(3);
  });

  it('adds one version per request, however often or concurrently it runs, with its effects once', async () => {
    const incident = await declare();
    const results = await Promise.all([add(incident.id, 'resolve:1'), add(incident.id, 'resolve:1')]);
    const again = await add(incident.id, 'resolve:1');
    expect(new Set([...results, again].map(({ version }) => version.id)).size).toBe(1);
    expect(await database.prisma.postmortem.count()).toBe(1);
    expect(await database.prisma.outboxMessage.count({ where: { kind: 'postmortem.deliver' } })).toBe(1);
  });

  it('knows a request it carried out after its delivered messages were pruned from the outbox', async () => {
    const incident = await declare();
    const first = await add(incident.id, 'resolve:1');
    await database.prisma.outboxMessage.deleteMany();
    const again = await add(incident.id, 'resolve:1');
    expect(again).toEqual({ version: first.version, created: false });
    expect(await database.prisma.outboxMessage.count()).toBe(0);
  });

  it('records the canvas and the file once', async () => {
    const incident = await declare();
    const { version } = await add(incident.id, 'resolve:1');
    expect(await postmortems.setCanvasId({ id: version.id, canvasId: 'F1' })).toBe(true);
    expect(await postmortems.setCanvasId({ id: version.id, canvasId: 'F2' })).toBe(false);
    expect(await postmortems.setFileId({ id: version.id, fileId: 'F3' })).toBe(true);
    expect(await postmortems.findById(version.id)).toMatchObject({ canvasId: 'F1', fileId: 'F3' });
  });

  it('reads the facts: windows, downtime against the SLA, names from the cache or the id', async () => {
    const incident = await declare();
    await database.prisma.impactWindow.create({
      data: {
        id: randomUUID(),
        incidentId: incident.id,
        service: 'checkout-api',
        kind: 'outage',
        startedAt: at('21:00'),
        endedAt: at('21:27'),
        createdBy: 'U05ALICE01',
      },
    });
    await database.prisma.slackUser.create({
      data: { userId: BOB, name: 'bob', tz: 'America/Los_Angeles', fetchedAt: at('21:00') },
    });
    const team = ZTeamConfig.parse({
      services: [{ name: 'checkout-api', sla: { target: 99.9, window: 'monthly' } }],
    });
    const facts = await createPostmortemFactsStore(database.prisma).readFacts({
      incident: { ...incident, resolvedAt: at('21:30'), roles: { lead: BOB, comms: 'U05ALICE01' } },
      team,
      now: at('23:00'),
    });
    expect(facts.impactWindows).toEqual([
      { service: 'checkout-api', kind: 'outage', startedAt: at('21:00'), endedAt: at('21:27') },
    ]);
    expect(facts.downtime).toMatchObject([{ service: 'checkout-api', downtimeMs: 27 * 60_000, incidents: 1 }]);
    expect(facts.timeline.map((row) => row.text)).toEqual([`<@${BOB}> declared the incident`]);
    expect(facts.names).toEqual({ [BOB]: 'bob', U05ALICE01: 'U05ALICE01' });
  });
});
