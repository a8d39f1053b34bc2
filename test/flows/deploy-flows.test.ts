import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTeamConfig } from '../../src/config/team-config-file.ts';
import type { AlertInput, DeployInput } from '../../src/domain/deploys/deploy.ts';
import { createDeployFlows } from '../../src/flows/deploy-flows.ts';
import { createDeployStore } from '../../src/store/deploy-store.ts';
import { createIncidentStore, type IncidentStore } from '../../src/store/incident-store.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { declareIncident } from '../support/incident-factory.ts';

const DECLARED_AT = new Date('2026-11-20T14:30:00Z');
const ALICE = 'U05ALICE01';
const EXAMPLE_CONFIG = new URL('../../sitrep.example.yml', import.meta.url).pathname;

const deploy = (overrides: Partial<DeployInput> = {}): DeployInput => ({
  source: 'generic',
  deliveryId: randomUUID(),
  service: 'checkout-api',
  environment: 'production',
  version: 'v1.4.2',
  layer: 'artifact',
  status: 'succeeded',
  actor: 'alice',
  url: 'https://ci.example.com/runs/123',
  description: null,
  occurredAt: new Date('2026-11-20T14:40:00Z'),
  ...overrides,
});

const alert = (overrides: Partial<AlertInput> = {}): AlertInput => ({
  fingerprint: 'f1',
  status: 'firing',
  service: 'checkout-api',
  alertName: 'HighErrorRate',
  summary: '5xx above 5%',
  labels: { alertname: 'HighErrorRate', service: 'checkout-api' },
  startsAt: new Date('2026-11-20T14:20:00Z'),
  endsAt: null,
  ...overrides,
});

describe.each(databaseKinds)('deploys and alerts on %s', (kind) => {
  let database: TestDatabase;
  let incidents: IncidentStore;
  let flows: ReturnType<typeof createDeployFlows>;
  let kicks = 0;

  beforeEach(async () => {
    database = await openTestDatabase(kind);
    incidents = createIncidentStore(database.prisma);
    const team = await loadTeamConfig({ path: EXAMPLE_CONFIG, explicit: true });
    kicks = 0;
    flows = createDeployFlows({
      deploys: createDeployStore(database.prisma),
      incidents,
      team,
      now: () => new Date('2026-11-20T15:00:00Z'),
      onEffects: () => {
        kicks += 1;
      },
    });
  });
  afterEach(async () => {
    await database.destroy();
  });

  const declare = (services: string[]) =>
    declareIncident(database.prisma, {
      title: 'Card payments time out',
      services,
      declaredBy: ALICE,
      declaredAt: DECLARED_AT,
      text: 'declared',
    });

  const timelineOf = (incidentId: string) =>
    database.prisma.timelineEntry.findMany({ where: { incidentId }, orderBy: { occurredAt: 'asc' } });
  const posts = async () =>
    (await database.prisma.outboxMessage.findMany({ orderBy: { sequence: 'asc' } })).map((m) => m.payload);

  it('stores a deploy once, and reports an unknown service instead of refusing it', async () => {
    const first = deploy();
    expect(await flows.recordDeploy(first)).toEqual({ stored: true });
    expect(await flows.recordDeploy(first)).toEqual({ stored: false });
    expect(await flows.recordDeploy(deploy({ service: 'mystery-service' }))).toEqual({ stored: true });
    const rows = await database.prisma.deployEvent.findMany({ orderBy: { service: 'asc' } });
    expect(rows.map((r) => [r.service, r.knownService])).toEqual([
      ['checkout-api', true],
      ['mystery-service', false],
    ]);
  });

  it('puts a deploy on the timeline when its sender retries after sitrep stored it but died before recording it', async () => {
    const incident = await declare(['checkout-api']);
    const production = deploy();
    // What a crash right after the insert leaves: the deploy stored, nothing on the timeline, no answer sent.
    await createDeployStore(database.prisma).addDeploys([{ ...production, knownService: true }]);
    expect(await flows.recordDeploy(production)).toEqual({ stored: false });
    expect((await timelineOf(incident.id)).filter((e) => e.source === 'deploy')).toHaveLength(1);
    expect(await posts()).toHaveLength(1);
    expect(await database.prisma.deployEvent.count()).toBe(1);
  });

  it('stores a burst of deploys together, each once, even a copy arriving in the same batch', async () => {
    const incident = await declare(['checkout-api']);
    const burst = Array.from({ length: 30 }, (_, i) => deploy({ deliveryId: `rollout-${i}`, version: `v2.${i}` }));
    const copy = burst[7] ?? deploy();
    const answers = await Promise.all([...burst, copy].map((event) => flows.recordDeploy(event)));
    expect(answers.filter((answer) => answer.stored)).toHaveLength(30);
    expect(await database.prisma.deployEvent.count()).toBe(30);
    const entries = (await timelineOf(incident.id)).filter((e) => e.source === 'deploy');
    expect(entries).toHaveLength(30);
    expect(await posts()).toHaveLength(30);
  });

  it('puts a production deploy of a service with an open incident on its timeline, with a line in its channel', async () => {
    const incident = await declare(['checkout-api']);
    await flows.recordDeploy(deploy({ environment: 'staging' }));
    await flows.recordDeploy(deploy({ service: 'search' }));
    const production = deploy();
    await flows.recordDeploy(production);
    await flows.recordDeploy(production);
    const entries = (await timelineOf(incident.id)).filter((e) => e.source === 'deploy');
    expect(entries).toMatchObject([
      {
        occurredAt: production.occurredAt,
        text: ':rocket: checkout-api v1.4.2 deployed to production by alice (artifact) <https://ci.example.com/runs/123|details>',
      },
    ]);
    expect(await posts()).toEqual([{ kind: 'incident.post', incidentId: incident.id, text: entries[0]?.text }]);
    expect(kicks).toBe(1);
  });

  it('records a firing alert on an open incident and takes the first one before the declaration as its detection', async () => {
    const incident = await declare(['checkout-api']);
    expect(await flows.recordAlerts([alert(), alert()])).toEqual({ stored: 1 });
    expect(
      await flows.recordAlerts([alert({ fingerprint: 'f0', startsAt: new Date('2026-11-20T14:10:00Z') })]),
    ).toEqual({ stored: 1 });
    expect(
      await flows.recordAlerts([alert({ fingerprint: 'f2', startsAt: new Date('2026-11-20T14:45:00Z') })]),
    ).toEqual({ stored: 1 });
    expect((await incidents.findById(incident.id))?.detectedAt).toEqual(new Date('2026-11-20T14:10:00Z'));
    const texts = (await timelineOf(incident.id)).filter((e) => e.source === 'alert').map((e) => e.text);
    expect(texts).toEqual([
      ':rotating_light: Alert HighErrorRate firing on checkout-api: 5xx above 5%',
      ':rotating_light: Alert HighErrorRate firing on checkout-api: 5xx above 5%',
      ':rotating_light: Alert HighErrorRate firing on checkout-api: 5xx above 5%',
    ]);
  });

  it('finds when an incident was detected from alerts that fired before it was declared', async () => {
    await flows.recordAlerts([alert({ startsAt: new Date('2026-11-20T11:00:00Z'), fingerprint: 'old' }), alert()]);
    expect(await flows.findDetection(['checkout-api'], DECLARED_AT)).toEqual(new Date('2026-11-20T14:20:00Z'));
    expect(await flows.findDetection(['search'], DECLARED_AT)).toBeNull();
    expect(await flows.findDetection([], DECLARED_AT)).toBeNull();
  });

  it('lists recent changes, newest first, for one service or all', async () => {
    await flows.recordDeploy(deploy({ occurredAt: new Date('2026-11-20T14:00:00Z'), version: 'v1' }));
    await flows.recordDeploy(deploy({ occurredAt: new Date('2026-11-20T14:50:00Z'), version: 'v2' }));
    await flows.recordDeploy(
      deploy({ occurredAt: new Date('2026-11-20T14:55:00Z'), service: 'search', version: 's1' }),
    );
    await flows.recordDeploy(deploy({ occurredAt: new Date('2026-11-20T11:00:00Z'), version: 'old' }));
    expect((await flows.listChanges({ services: [], minutes: 120 })).map((d) => d.version)).toEqual(['s1', 'v2', 'v1']);
    expect((await flows.listChanges({ services: ['checkout-api'], minutes: 30 })).map((d) => d.version)).toEqual([
      'v2',
    ]);
  });
});
