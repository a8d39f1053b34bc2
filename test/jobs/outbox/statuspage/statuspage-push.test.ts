import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../../../demo/fake-slack/example-workspace.ts';
import { ACTIONS } from '../../../../src/slack/ids.ts';
import { createOutboxStore } from '../../../../src/store/outbox-store.ts';
import { databaseKinds } from '../../../support/database.ts';
import { buttonOf } from '../../../support/slack/slack-harness.ts';
import {
  COMPONENTS,
  STATUSPAGE_API_KEY,
  startStatuspageHarness,
} from '../../../support/statuspage/statuspage-harness.ts';
import { startTestServer } from '../../../support/test-server.ts';
import { until } from '../../../support/until.ts';

const INTERNAL_TITLE = 'Internal: payments db password rotation broke checkout';
const CHECKOUT = `/pages/acmepage0001/components/${COMPONENTS.checkout}`;
const SEARCH = `/pages/acmepage0001/components/${COMPONENTS.search}`;

describe.each(databaseKinds)('the Atlassian Statuspage push on %s', (kind) => {
  let sitrep: Awaited<ReturnType<typeof startStatuspageHarness>>;
  beforeEach(async () => {
    sitrep = await startStatuspageHarness(kind, { start: '2026-11-23T12:00:00Z' });
  });
  afterEach(async () => {
    await sitrep.close();
  });

  const { checkout, search } = COMPONENTS;
  const componentsAre = (checkoutStatus: string, searchStatus: string) => () =>
    sitrep.statuspage.components.get(checkout) === checkoutStatus &&
    sitrep.statuspage.components.get(search) === searchStatus;
  const declare = () =>
    sitrep.declare({ text: `declare sev1 checkout-api, search: ${INTERNAL_TITLE}`, userId: EXAMPLE_PEOPLE.alice });

  it('mirrors components and the incident once each, paced a second apart, with only public words', async () => {
    const { statuspage } = sitrep;
    // Nothing was pushed yet: the first look brings both components in line.
    await until(() => statuspage.writes().length === 2, 'the first push of both components');
    const { channelId } = await declare();

    await sitrep.type('impact outage checkout-api', { channelId });
    await sitrep.type('impact degraded search', { channelId });
    await until(componentsAre('major_outage', 'degraded_performance'), 'the components to show the impact');

    await sitrep.type('publish title:"Card payments failing" We are looking into failed card payments.', { channelId });
    await until(() => statuspage.incidents[0]?.incident_updates.length === 1, 'the Statuspage incident');
    await sitrep.type('publish status:identified We found the cause and are fixing it.', { channelId });
    await until(() => statuspage.incidents[0]?.incident_updates.length === 2, 'the second update');

    await sitrep.type('impact end checkout-api', { channelId });
    await until(componentsAre('operational', 'degraded_performance'), 'checkout to be operational again');
    await sitrep.type('impact end search', { channelId });
    await until(componentsAre('operational', 'operational'), 'search to be operational again');

    // Maintenance of checkout at 02:00 in alice's zone (Europe/Paris), 01:00 UTC: the clock crossing its start and
    // its end is all that changes the component.
    expect(await sitrep.type('maintenance checkout-api tomorrow 02:00 30m Database upgrade.')).toMatch(/^Scheduled/);
    sitrep.clock.set('2026-11-24T01:00:01Z');
    await until(componentsAre('under_maintenance', 'operational'), 'checkout to be under maintenance');
    sitrep.clock.set('2026-11-24T01:30:01Z');
    await until(componentsAre('operational', 'operational'), 'the maintenance to end');
    await sitrep.settled();

    const [incident] = statuspage.incidents;
    expect(statuspage.incidents).toHaveLength(1);
    expect(incident).toMatchObject({ name: 'Card payments failing', status: 'identified' });
    expect(incident?.incident_updates.map((update) => [update.status, update.body])).toEqual([
      ['identified', 'We found the cause and are fixing it.'],
      ['investigating', 'We are looking into failed card payments.'],
    ]);
    expect(incident?.component_ids.toSorted()).toEqual([checkout, search].toSorted());
    expect(statuspage.writes()).toEqual([
      `PATCH ${CHECKOUT} operational`,
      `PATCH ${SEARCH} operational`,
      `PATCH ${CHECKOUT} major_outage`,
      `PATCH ${SEARCH} degraded_performance`,
      'POST /pages/acmepage0001/incidents',
      `PATCH /pages/acmepage0001/incidents/${incident?.id}`,
      `PATCH ${CHECKOUT} operational`,
      `PATCH ${SEARCH} operational`,
      `PATCH ${CHECKOUT} under_maintenance`,
      `PATCH ${CHECKOUT} operational`,
    ]);
    // The incident carried the components' states as they were when it was created.
    expect(statuspage.calls.find((call) => call.method === 'POST')?.body).toMatchObject({
      incident: { components: { [checkout]: 'major_outage', [search]: 'degraded_performance' } },
    });

    const times = statuspage.calls.map((call) => call.at.getTime());
    expect(statuspage.calls.filter((call) => call.status === 429)).toEqual([]);
    for (const [index, at] of times.entries()) {
      if (index > 0) expect(at - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    }

    const sent = JSON.stringify(statuspage.calls.map((call) => call.body));
    const row = await sitrep.prisma.incident.findFirstOrThrow({ where: { title: INTERNAL_TITLE } });
    for (const internal of [
      INTERNAL_TITLE,
      'password',
      'checkout-api',
      row.id,
      channelId,
      row.channelName ?? 'no channel name',
      EXAMPLE_PEOPLE.alice,
      STATUSPAGE_API_KEY,
    ]) {
      expect(sent).not.toContain(internal);
    }
  });

  it('creates the incident and adds an update once each when Statuspage took them but the answer was lost', async () => {
    const { statuspage } = sitrep;
    await until(() => statuspage.writes().length === 2, 'the first push of both components');
    const { channelId } = await declare();

    statuspage.failNext({ method: 'POST', path: /\/incidents$/, kind: 'dropAnswer' });
    await sitrep.type('publish title:"Card payments failing" We are looking into it.', { channelId });
    await until(
      () => statuspage.calls.some((call) => call.method === 'GET' && call.path.endsWith('/incidents/unresolved')),
      'the retry to look for the incident',
    );
    await sitrep.settled();

    statuspage.failNext({ method: 'PATCH', path: /\/incidents\/\w+$/, kind: 'dropAnswer' });
    await sitrep.type('publish status:monitoring A fix is out; we are watching it.', { channelId });
    await until(
      () => statuspage.calls.filter((call) => call.method === 'GET').length === 2,
      'the retry to read the incident',
    );
    await sitrep.settled();

    expect(statuspage.incidents).toHaveLength(1);
    expect(statuspage.incidents[0]?.incident_updates.map((update) => update.body)).toEqual([
      'A fix is out; we are watching it.',
      'We are looking into it.',
    ]);
    expect(await sitrep.prisma.statuspageIncident.findMany()).toMatchObject([
      { statuspageId: statuspage.incidents[0]?.id, pushedCount: 2 },
    ]);
  });

  it('resolves the Statuspage incident when nobody posts a final update within ten minutes of resolving', async () => {
    const { statuspage } = sitrep;
    await until(() => statuspage.writes().length === 2, 'the first push of both components');
    const { channelId } = await declare();
    await sitrep.type('publish We are looking into it.', { channelId });
    await until(() => statuspage.incidents.length === 1, 'the Statuspage incident');
    const question = await sitrep.ask('resolve Rolled back', { channelId });
    await sitrep.click(buttonOf(question.buttons, ACTIONS.resolveWithoutImpact), { channelId });
    await until(
      async () => (await sitrep.prisma.incident.count({ where: { status: 'resolved' } })) === 1,
      'the incident to be resolved',
    );
    sitrep.clock.advance(9 * 60_000);
    await sitrep.settled();
    expect(statuspage.incidents[0]?.status).toBe('investigating');

    sitrep.clock.advance(60_000 + 1_000);
    await until(() => statuspage.incidents[0]?.status === 'resolved', 'the Statuspage incident to be resolved');
    await sitrep.settled();
    expect(statuspage.incidents[0]?.incident_updates.map((update) => [update.status, update.body])).toEqual([
      ['resolved', 'This incident has been resolved.'],
      ['investigating', 'We are looking into it.'],
    ]);
  });

  it('holds a push Statuspage refuses, with its reason, and sends the rest once it is fixed', async () => {
    const { statuspage } = sitrep;
    await until(() => statuspage.writes().length === 2, 'the first push of both components');
    const { channelId } = await declare();
    statuspage.failNext({ method: 'POST', path: /\/incidents$/, kind: 422 });
    await sitrep.type('publish We are looking into it.', { channelId });
    await until(
      async () =>
        (await sitrep.prisma.outboxMessage.count({
          where: { kind: 'statuspage.incident', lastError: { contains: 'Statuspage answered 422' } },
        })) === 1,
      'the refusal to be recorded',
    );
    // Held first in Statuspage's queue: the outage after it waits, so Statuspage never hears them out of order.
    await sitrep.type('impact outage checkout-api', { channelId });
    await until(
      async () =>
        (await sitrep.prisma.outboxMessage.count({ where: { kind: 'statuspage.component', status: 'pending' } })) === 1,
      'the outage to be noticed',
    );
    expect(statuspage.incidents).toHaveLength(0);
    expect(statuspage.components.get(checkout)).toBe('operational');

    // Someone fixed what Statuspage refused, and `sitrep outbox retry` makes it due now.
    const held = await sitrep.prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'statuspage.incident' } });
    expect(await createOutboxStore(sitrep.prisma).retryNow(held.id, sitrep.clock.now())).toBe(true);
    await until(componentsAre('major_outage', 'operational'), 'the outage to reach Statuspage');
    expect(statuspage.incidents).toHaveLength(1);
  });
});

// Two replicas share one database: PostgreSQL only (the embedded database is one process's).
const sharedKinds = databaseKinds.filter((kind) => kind === 'postgres');

describe.skipIf(sharedKinds.length === 0).each(sharedKinds)('two replicas pushing to Statuspage on %s', (kind) => {
  it('push each change once, a second apart between them', async () => {
    const sitrep = await startStatuspageHarness(kind, { start: '2026-11-23T12:00:00Z' });
    const replica = await startTestServer(kind, { ...sitrep.serverOptions, replicaOf: sitrep.server });
    try {
      const { statuspage } = sitrep;
      const { checkout, search } = COMPONENTS;
      await until(() => statuspage.writes().length === 2, 'the first push of both components');
      const { channelId } = await sitrep.declare({ text: 'declare sev2 checkout-api, search: Both down' });
      await sitrep.type('impact outage', { channelId });
      await until(
        () =>
          statuspage.components.get(checkout) === 'partial_outage' &&
          statuspage.components.get(search) === 'partial_outage',
        'the outage to reach Statuspage',
      );
      await sitrep.type('impact end', { channelId });
      await until(
        () =>
          statuspage.components.get(checkout) === 'operational' && statuspage.components.get(search) === 'operational',
        'the end of the outage to reach Statuspage',
      );
      expect(await sitrep.type('maintenance search tomorrow 02:00 30m Reindexing.')).toMatch(/^Scheduled/);
      sitrep.clock.set('2026-11-24T01:00:01Z');
      await until(() => statuspage.components.get(search) === 'under_maintenance', 'the maintenance to start');
      // Both replicas look every 100 ms: let several looks of each go by before counting.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await sitrep.settled();

      expect(statuspage.writes()).toEqual([
        `PATCH ${CHECKOUT} operational`,
        `PATCH ${SEARCH} operational`,
        `PATCH ${CHECKOUT} partial_outage`,
        `PATCH ${SEARCH} partial_outage`,
        `PATCH ${CHECKOUT} operational`,
        `PATCH ${SEARCH} operational`,
        `PATCH ${SEARCH} under_maintenance`,
      ]);
      const times = statuspage.calls.map((call) => call.at.getTime());
      expect(times.slice(1).map((at, index) => at - (times[index] ?? 0) >= 1000)).not.toContain(false);
    } finally {
      await replica.close();
      await sitrep.close();
    }
  });
});
