import { describe, expect, it } from 'vitest';
import type { PublicIncident } from '../../../src/domain/status-page/public-incident.ts';
import { incidentFieldsOf, nextUpdateToPush } from '../../../src/domain/status-page/statuspage-push.ts';

const update = (text: string, status: PublicIncident['status'], at: string) => ({
  text,
  status,
  postedAt: new Date(at),
});

const INCIDENT: PublicIncident = {
  id: '0b0e4a52-8c55-4d0a-9f0a-3f0c1d2e3f40',
  publicTitle: 'Card payments failing',
  services: ['checkout-api', 'search', 'docs-site'],
  status: 'identified',
  ongoing: true,
  // Newest first, as the store gives them.
  updates: [
    update('We found the cause.', 'identified', '2026-11-23T12:30:00Z'),
    update('We are looking into it.', 'investigating', '2026-11-23T12:00:00Z'),
  ],
};

describe('nextUpdateToPush', () => {
  it.each([
    [0, 'We are looking into it.'],
    [1, 'We found the cause.'],
    [2, undefined],
  ])('after %i pushed, pushes the oldest left: %j', (pushed, text) => {
    expect(nextUpdateToPush(INCIDENT, pushed)?.text).toBe(text);
  });
});

describe('incidentFieldsOf', () => {
  it('sends the public title, the update, and the components Statuspage knows in their state now', () => {
    const components = new Map([
      ['checkout-api', { componentId: 'cmpcheckout1', status: 'major_outage' as const }],
      ['search', { componentId: 'cmpsearch001', status: 'degraded_performance' as const }],
    ]);
    const [latest] = INCIDENT.updates;
    if (latest === undefined) throw new Error('no update');
    expect(incidentFieldsOf({ incident: INCIDENT, update: latest, components })).toEqual({
      name: 'Card payments failing',
      status: 'identified',
      body: 'We found the cause.',
      component_ids: ['cmpcheckout1', 'cmpsearch001'],
      components: { cmpcheckout1: 'major_outage', cmpsearch001: 'degraded_performance' },
    });
  });
});
