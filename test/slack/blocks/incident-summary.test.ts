import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockErrors } from '../../../demo/fake-slack/block-kit.ts';
import { flattenBlocks } from '../../../demo/fake-slack/block-text.ts';
import type { IncidentView } from '../../../src/domain/incident/incident.ts';
import { INCIDENT_STATUSES } from '../../../src/domain/incident/incident.ts';
import type { IncidentSummaryLinks } from '../../../src/slack/blocks/incident-summary.ts';
import { buildIncidentSummary } from '../../../src/slack/blocks/incident-summary.ts';
import { buildIncident, SEVERITIES } from '../../support/incident-factory.ts';

const NOW = new Date('2026-03-10T10:12:00Z');

const summarize = (incident: IncidentView, links: IncidentSummaryLinks = {}) =>
  buildIncidentSummary({ incident, severities: SEVERITIES, teamTimeZone: 'Europe/Paris', now: NOW, links });

/** A field's value, read as `*Label*\nvalue` in the section of fields. */
const fieldValue = (blocks: KnownBlock[], label: string): string | undefined => {
  const fields = blocks.flatMap((block) => (block.type === 'section' ? (block.fields ?? []) : []));
  const prefix = `*${label}*\n`;
  return fields.find((field) => field.text.startsWith(prefix))?.text.slice(prefix.length);
};

const headerOf = (blocks: KnownBlock[]): string => {
  const [first] = blocks;
  return first?.type === 'header' ? first.text.text : '';
};

const openIncident = buildIncident({
  number: 42,
  severity: 1,
  title: 'Checkout is down',
  description: 'Card payments fail with 502 for <all> customers & partners.',
  services: ['checkout-api', 'payments'],
  roles: { lead: 'U1', comms: 'U2', scribe: 'U3' },
  declaredBy: 'U_DECLARER',
  declaredAt: new Date('2026-03-10T09:00:00Z'),
});

describe('buildIncidentSummary', () => {
  it('heads the message with the status, number and title', () => {
    expect(headerOf(summarize(openIncident).blocks)).toBe(':rotating_light: Incident 42: Checkout is down');
  });

  it.each([
    { label: 'Severity', expected: 'SEV1 — Critical' },
    { label: 'Status', expected: ':rotating_light: Investigating' },
    { label: 'Lead', expected: '<@U1>' },
    { label: 'Comms', expected: '<@U2>' },
    { label: 'Scribe', expected: '<@U3>' },
    { label: 'Services', expected: 'checkout-api, payments' },
    {
      label: 'Started',
      expected: '<!date^1773133200^{date_short_pretty} {time}|Tue 10 Mar 2026 10:00 Europe/Paris>',
    },
    {
      label: 'Declared',
      expected: 'by <@U_DECLARER>\n<!date^1773133200^{date_short_pretty} {time}|Tue 10 Mar 2026 10:00 Europe/Paris>',
    },
    { label: 'Duration so far', expected: '1 h 12 min' },
  ])('shows $label as $expected', ({ label, expected }) => {
    expect(fieldValue(summarize(openIncident).blocks, label)).toBe(expected);
  });

  it('shows the description escaped', () => {
    expect(flattenBlocks(summarize(openIncident).blocks)).toContain(
      'Card payments fail with 502 for &lt;all&gt; customers &amp; partners.',
    );
  });

  it('shows when impact started, in the team zone for clients without date tokens', () => {
    const incident = buildIncident({ impactStartedAt: new Date('2026-03-29T00:30:00Z') });
    expect(fieldValue(summarize(incident).blocks, 'Impact started')).toBe(
      '<!date^1774744200^{date_short_pretty} {time}|Sun 29 Mar 2026 01:30 Europe/Paris>',
    );
    expect(fieldValue(summarize(incident).blocks, 'Started')).toBeUndefined();
  });

  it('tells how to assign a lead while the incident is open and none is assigned', () => {
    const blocks = summarize(buildIncident({ roles: {} })).blocks;
    expect(fieldValue(blocks, 'Lead')).toBe('not assigned — `/incident lead @name`');
    expect(fieldValue(blocks, 'Comms')).toBe('not assigned');
    expect(fieldValue(blocks, 'Scribe')).toBe('not assigned');
  });

  it('links the postmortem when there is one, with the characters that end a link encoded', () => {
    const lines = flattenBlocks(summarize(openIncident, { postmortemUrl: 'https://docs.example/pm?a=1|2' }).blocks);
    expect(lines.some((line) => line.includes(':memo: <https://docs.example/pm?a=1%7C2|Postmortem>'))).toBe(true);
  });

  it('has no postmortem link without one', () => {
    expect(flattenBlocks(summarize(openIncident).blocks).join('\n')).not.toContain('Postmortem');
  });

  it('lists the commands that update an open incident', () => {
    const context = flattenBlocks(summarize(openIncident).blocks).find((line) => line.startsWith('›'));
    expect(context).toContain('`/incident status identified &lt;what you found&gt;`');
    expect(context).toContain('`/incident resolve &lt;summary&gt;`');
  });

  it('shows a resolved incident with its duration, when it was resolved and how to reopen it', () => {
    const incident = buildIncident({
      ...openIncident,
      status: 'resolved',
      roles: {},
      resolvedAt: new Date('2026-03-10T10:12:00Z'),
    });
    const { blocks } = buildIncidentSummary({
      incident,
      severities: SEVERITIES,
      teamTimeZone: 'Europe/Paris',
      now: new Date('2026-03-11T00:00:00Z'),
      links: {},
    });
    expect(headerOf(blocks)).toBe(':white_check_mark: Incident 42: Checkout is down');
    expect(fieldValue(blocks, 'Duration')).toBe('1 h 12 min');
    expect(fieldValue(blocks, 'Resolved')).toBe(
      '<!date^1773137520^{date_short_pretty} {time}|Tue 10 Mar 2026 11:12 Europe/Paris>',
    );
    expect(fieldValue(blocks, 'Lead')).toBe('not assigned');
    expect(flattenBlocks(blocks).join('\n')).toContain('`/incident reopen &lt;reason&gt;`');
  });

  it('cuts a long title in the header and shows it whole below', () => {
    const title = `Checkout ${'and payments '.repeat(20)}are down`;
    const { blocks } = summarize(buildIncident({ title }));
    expect(headerOf(blocks).length).toBeLessThanOrEqual(150);
    expect(headerOf(blocks).endsWith('…')).toBe(true);
    expect(flattenBlocks(blocks)).toContain(`*${title}*`);
  });

  it('has a one-line fallback text for notifications', () => {
    expect(summarize(openIncident).text).toBe('Incident 42 (SEV1, Investigating, lead <@U1>): Checkout is down');
    expect(summarize(buildIncident({ roles: {} })).text).toBe(
      'Incident 42 (SEV2, Investigating, no lead yet): Checkout is down',
    );
  });

  it('stays within Slack limits for any title, description, services and roles', () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 5000 }), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(
        fc.record({
          title: text,
          description: fc.option(text, { nil: null }),
          services: fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { maxLength: 30 }),
          status: fc.constantFrom(...INCIDENT_STATUSES),
          severity: fc.integer({ min: 1, max: 5 }),
          number: fc.integer({ min: 1, max: 10_000_000 }),
          resolved: fc.boolean(),
          roles: fc.record(
            { lead: fc.constant('U1'), comms: fc.constant('U2'), scribe: fc.constant('U3') },
            { requiredKeys: [] },
          ),
        }),
        fc.option(fc.webUrl(), { nil: undefined }),
        ({ resolved, ...overrides }, postmortemUrl) => {
          const incident = buildIncident({ ...overrides, resolvedAt: resolved ? NOW : null });
          const { text: fallback, blocks } = summarize(incident, postmortemUrl === undefined ? {} : { postmortemUrl });
          expect(blockErrors(blocks)).toEqual([]);
          expect(blocks.length).toBeLessThanOrEqual(50);
          expect(headerOf(blocks).length).toBeLessThanOrEqual(150);
          expect(fallback.trim()).not.toBe('');
        },
      ),
      { numRuns: 200 },
    );
  });
});
