import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../src/domain/incident/incident.ts';
import { parseTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { createIncidentFlows } from '../../src/flows/incident-flows.ts';
import { createPublicUpdateFlows } from '../../src/flows/public-update-flows.ts';
import { createFakeIncidentStore } from '../support/fakes/fake-incident-store.ts';
import { createFakeNotifier } from '../support/fakes/fake-notifier.ts';
import { createFakePublicUpdateStore } from '../support/fakes/fake-public-update-store.ts';
import { readRefusal } from '../support/fakes/read-refusal.ts';
import { buildIncident } from '../support/incident-factory.ts';

const BOB = 'U05BOB0002';
const NOW = new Date('2026-12-09T10:00:00Z');
const IN_CHANNEL = { channelId: 'C42' };

const parsed = parseTeamConfig({
  team: { timeZone: 'Europe/Paris', announcementsChannel: 'C05ABCD1234' },
  services: [{ name: 'checkout-api' }, { name: 'search' }],
});
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const TEAM = parsed.config;

const OPEN = buildIncident({
  title: 'Acme Corp card vault leaking on db-7',
  services: ['checkout-api', 'search'],
  status: 'identified',
  roles: { lead: BOB },
});

const setup = (incidents: IncidentView[] = [OPEN]) => {
  const store = createFakeIncidentStore({ incidents });
  const publicUpdates = createFakePublicUpdateStore(store);
  const { onEffects, kicks } = createFakeNotifier();
  let now = NOW;
  const { findTarget } = createIncidentFlows({
    incidents: store,
    team: TEAM,
    now: () => now,
    onEffects,
    findDetection: async () => null,
  });
  const flows = createPublicUpdateFlows({ incidents: store, publicUpdates, now: () => now, onEffects, findTarget });
  const lines = () =>
    store.outbox.messages.map((m) => (m.effect.kind === 'incident.post' ? m.effect.text : m.effect.kind));
  return { flows, store, publicUpdates, kicks, lines, later: (ms: number) => (now = new Date(now.getTime() + ms)) };
};

describe('publishUpdate', () => {
  it('gives the first update a neutral title of the services, never the internal one, and states the incident’s status', async () => {
    const { flows, store, publicUpdates, kicks, lines } = setup();
    const published = await flows.publish(IN_CHANNEL, { text: 'Payments are slow.', actorId: BOB, requestKey: 'T1' });
    expect(published).toMatchObject({
      created: true,
      publicTitle: 'Service disruption',
      status: 'identified',
      text: 'Payments are slow.',
      postedAt: NOW,
    });
    expect(publicUpdates.updates).toEqual([
      {
        incidentId: OPEN.id,
        requestKey: 'T1',
        status: 'identified',
        text: 'Payments are slow.',
        postedBy: BOB,
        postedAt: NOW,
      },
    ]);
    expect(lines()).toEqual([
      `:loudspeaker: Published to the status page by <@${BOB}>: *Service disruption* (Identified): Payments are slow.`,
    ]);
    expect(store.timeline.entries).toEqual([
      expect.objectContaining({
        naturalKey: 'publish:T1',
        source: 'system',
        actorId: BOB,
        text: 'Published to the status page: *Service disruption* (Identified): Payments are slow.',
      }),
    ]);
    expect(kicks()).toBe(1);
  });

  it('writes once when the same request comes twice, and says what the first one published', async () => {
    const { flows, publicUpdates, kicks, lines, later } = setup();
    await flows.publish(IN_CHANNEL, { text: 'Payments are slow.', actorId: BOB, requestKey: 'T1' });
    later(5000);
    const again = await flows.publish(IN_CHANNEL, { text: 'Payments are slow.', actorId: BOB, requestKey: 'T1' });
    expect(again).toMatchObject({ created: false, postedAt: NOW });
    expect(publicUpdates.updates).toHaveLength(1);
    expect(lines()).toHaveLength(1);
    expect(kicks()).toBe(1);
  });

  it('keeps the public title a person gave for later updates, and takes the status they state', async () => {
    const { flows, lines, later } = setup();
    await flows.publish(IN_CHANNEL, { text: 'Slow.', title: 'Checkout is slow', actorId: BOB, requestKey: 'T1' });
    later(60_000);
    const second = await flows.publish(
      { channelId: 'elsewhere', number: 42 },
      { text: 'A fix is rolling out &lt;soon&gt; <b>', status: 'monitoring', actorId: BOB, requestKey: 'T2' },
    );
    expect(second).toMatchObject({ publicTitle: 'Checkout is slow', status: 'monitoring' });
    expect(lines()[1]).toBe(
      `:loudspeaker: Published to the status page by <@${BOB}>: *Checkout is slow* (Monitoring): A fix is rolling out &amp;lt;soon&amp;gt; &lt;b&gt;`,
    );
  });

  it('titles an incident with no title given “Service disruption”, naming no internal service', async () => {
    const { flows } = setup([OPEN]);
    const published = await flows.publish(IN_CHANNEL, { text: 'Slow.', actorId: BOB, requestKey: 'T1' });
    expect(published.publicTitle).toBe('Service disruption');
  });

  it.each([
    ['   ', 'The public update is empty'],
    ['a'.repeat(2001), 'The public update is 2,001 characters long; the status page takes at most 2,000.'],
    ['Ask <@U05BOB0002> for more', 'leave out mentions of people, channels and groups'],
  ])('refuses the text %j and writes nothing', async (text, message) => {
    const { flows, publicUpdates, lines } = setup();
    const refusal = await readRefusal(flows.publish(IN_CHANNEL, { text, actorId: BOB, requestKey: 'T1' }));
    expect(refusal.code).toBe('BAD_REQUEST');
    expect(refusal.userMessage).toContain(message);
    expect(publicUpdates.updates).toEqual([]);
    expect(lines()).toEqual([]);
  });

  it('refuses an empty or too long title', async () => {
    const { flows } = setup();
    const request = { text: 'Slow.', actorId: BOB, requestKey: 'T1' };
    expect((await readRefusal(flows.publish(IN_CHANNEL, { ...request, title: ' ' }))).userMessage).toContain(
      'The public title is empty',
    );
    expect(
      (await readRefusal(flows.publish(IN_CHANNEL, { ...request, title: 'x'.repeat(121) }))).userMessage,
    ).toContain('at most 120');
  });

  it('publishes from a form by the incident’s id, as resolved, and says whether there are public updates', async () => {
    const resolved = { ...OPEN, status: 'resolved' as const };
    const { flows } = setup([resolved]);
    expect(await flows.hasPublicUpdates(OPEN.id)).toBe(false);
    expect(await flows.draftFor(OPEN.id)).toMatchObject({ publicTitle: 'Service disruption' });
    await flows.publishFor(OPEN.id, { text: 'This incident has been resolved.', actorId: BOB, requestKey: 'view:V1' });
    expect(await flows.hasPublicUpdates(OPEN.id)).toBe(true);
    expect(await flows.findPublicIncident(OPEN.id)).toMatchObject({ status: 'resolved' });
    expect((await readRefusal(flows.publishFor('gone', { text: 'x', actorId: BOB, requestKey: 'K' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses outside an incident channel when no incident is named', async () => {
    const { flows } = setup();
    const refusal = await readRefusal(
      flows.publish({ channelId: 'C_GENERAL' }, { text: 'x', actorId: BOB, requestKey: 'T' }),
    );
    expect(refusal.code).toBe('NOT_IN_INCIDENT');
  });
});
