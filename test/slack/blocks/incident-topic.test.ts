import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, STATUS_LABELS } from '../../../src/domain/incident/incident.ts';
import { buildIncidentTopic } from '../../../src/slack/blocks/incident-topic.ts';
import { buildIncident, SEVERITIES } from '../../support/incident-factory.ts';

describe('buildIncidentTopic', () => {
  it.each([
    {
      name: 'names severity, status, lead and title',
      incident: buildIncident({ severity: 1, roles: { lead: 'U1' } }),
      expected: 'SEV1 · Investigating · Lead: <@U1> · Checkout is down',
    },
    {
      name: 'says when no lead is assigned',
      incident: buildIncident({ severity: 2, status: 'identified' }),
      expected: 'SEV2 · Identified · Lead: not assigned · Checkout is down',
    },
    {
      name: 'uses the level when the severity is no longer configured',
      incident: buildIncident({ severity: 9, status: 'monitoring', roles: { lead: 'U1' } }),
      expected: 'SEV9 · Monitoring · Lead: <@U1> · Checkout is down',
    },
    {
      name: 'escapes the title so it cannot mention or link',
      incident: buildIncident({ title: 'R&D <!channel> down', roles: { lead: 'U1' } }),
      expected: 'SEV2 · Investigating · Lead: <@U1> · R&amp;D &lt;!channel&gt; down',
    },
  ])('$name', ({ incident, expected }) => {
    expect(buildIncidentTopic({ incident, severities: SEVERITIES })).toBe(expected);
  });

  it('cuts a 1000-character emoji title to fit 250 characters, keeping severity, status and lead', () => {
    const incident = buildIncident({ severity: 1, title: '🔥'.repeat(1000), roles: { lead: 'U012AB3CD' } });
    const topic = buildIncidentTopic({ incident, severities: SEVERITIES });
    expect(topic.length).toBeLessThanOrEqual(250);
    expect(topic.startsWith('SEV1 · Investigating · Lead: <@U012AB3CD> · 🔥')).toBe(true);
    expect(topic.endsWith('🔥…')).toBe(true);
    expect(topic.isWellFormed()).toBe(true);
  });

  it('never exceeds 250 characters and always shows severity, status and lead', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 1000 }),
        fc.constantFrom(...INCIDENT_STATUSES),
        fc.integer({ min: 1, max: 5 }),
        fc.option(fc.stringMatching(/^U[A-Z0-9]{8,10}$/), { nil: undefined }),
        (title, status, severity, lead) => {
          const incident = buildIncident({ title, status, severity, roles: lead === undefined ? {} : { lead } });
          const topic = buildIncidentTopic({ incident, severities: SEVERITIES });
          expect(topic.length).toBeLessThanOrEqual(250);
          expect(topic.isWellFormed()).toBe(true);
          const leadText = lead === undefined ? 'not assigned' : `<@${lead}>`;
          expect(topic.startsWith(`SEV${severity} · ${STATUS_LABELS[status]} · Lead: ${leadText} · `)).toBe(true);
        },
      ),
    );
  });
});
