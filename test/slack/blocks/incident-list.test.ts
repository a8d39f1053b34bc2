import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { blockErrors } from '../../../demo/fake-slack/block-kit.ts';
import { flattenBlocks } from '../../../demo/fake-slack/block-text.ts';
import type { IncidentView } from '../../../src/domain/incident/incident.ts';
import { buildIncidentList, buildWhichIncident } from '../../../src/slack/blocks/incident-list.ts';
import { buildIncident, SEVERITIES } from '../../support/incident-factory.ts';

const NOW = new Date('2026-03-10T12:00:00Z');

const list = (incidents: IncidentView[]) =>
  buildIncidentList({ incidents, severities: SEVERITIES, now: NOW, teamTimeZone: 'Europe/Paris' });

/** The incident numbers in the order the blocks show them. */
const listedNumbers = (blocks: KnownBlock[]): number[] =>
  flattenBlocks(blocks).flatMap((line) => [...line.matchAll(/Incident (\d+):/g)].map((match) => Number(match[1])));

const manyIncidents = (count: number): IncidentView[] =>
  Array.from({ length: count }, (_, i) =>
    buildIncident({
      number: i + 1,
      severity: (i % 3) + 1,
      title: `${'Everything <is> on fire & '.repeat(40)}${i}`,
      declaredAt: new Date(NOW.getTime() - (i + 1) * 60_000),
      roles: { lead: 'U012AB3CD' },
    }),
  );

describe('buildIncidentList', () => {
  it.each([
    { name: 'no incidents at all', incidents: [] },
    { name: 'only resolved incidents', incidents: [buildIncident({ status: 'resolved', resolvedAt: NOW })] },
  ])('says there are no open incidents when there are $name', ({ incidents }) => {
    const message = list(incidents);
    expect(message.text).toBe('No open incidents. :tada:');
    expect(flattenBlocks(message.blocks)).toEqual(['No open incidents. :tada:']);
  });

  it('lists the most severe first, then the oldest, and leaves resolved incidents out', () => {
    const incidents = [
      buildIncident({ number: 1, severity: 3, declaredAt: new Date('2026-03-10T08:00:00Z') }),
      buildIncident({ number: 2, severity: 1, declaredAt: new Date('2026-03-10T11:00:00Z') }),
      buildIncident({ number: 3, severity: 1, declaredAt: new Date('2026-03-10T10:00:00Z') }),
      buildIncident({ number: 4, severity: 1, status: 'resolved', resolvedAt: NOW }),
      buildIncident({ number: 5, severity: 2, status: 'monitoring', declaredAt: new Date('2026-03-10T09:00:00Z') }),
    ];
    const message = list(incidents);
    expect(listedNumbers(message.blocks)).toEqual([3, 2, 5, 1]);
    expect(flattenBlocks(message.blocks)[0]).toBe('*4 open incidents*');
    expect(message.text).toBe('4 open incidents: 3, 2, 5, 1');
  });

  it('describes each incident: severity, status, lead, channel and how long it has lasted', () => {
    const incident = buildIncident({
      number: 7,
      severity: 1,
      status: 'identified',
      title: 'Search <is> slow',
      roles: { lead: 'U1' },
      channelId: 'C7',
      declaredAt: new Date('2026-03-10T10:48:00Z'),
    });
    expect(flattenBlocks(list([incident]).blocks)).toEqual([
      '*1 open incident*',
      ':hammer_and_wrench: *Incident 7: Search &lt;is&gt; slow*\n' +
        'SEV1 — Critical · Identified · lead <@U1> · <#C7> · for 1 h 12 min ' +
        '(since <!date^1773139680^{date_short_pretty} {time}|Tue 10 Mar 2026 11:48 Europe/Paris>)',
    ]);
  });

  it('says when an incident has no lead', () => {
    expect(flattenBlocks(list([buildIncident({ roles: {} })]).blocks).join('\n')).toContain(' · no lead · ');
  });

  it.each([
    { count: 45, more: undefined },
    { count: 46, more: '› …and 1 more.' },
    { count: 200, more: '› …and 155 more.' },
  ])('lists 45 of $count incidents and counts the rest', ({ count, more }) => {
    const { blocks } = list(manyIncidents(count));
    expect(listedNumbers(blocks)).toHaveLength(45);
    expect(flattenBlocks(blocks).find((line) => line.startsWith('›'))).toBe(more);
    expect(flattenBlocks(blocks)[0]).toBe(`*${count} open incidents*`);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blockErrors(blocks)).toEqual([]);
  });
});

describe('buildWhichIncident', () => {
  const open = [
    buildIncident({ number: 42, severity: 1, channelId: 'C42', title: 'Checkout is down' }),
    buildIncident({ number: 7, severity: 3, channelId: 'C7', status: 'monitoring', title: 'Search <is> slow' }),
    buildIncident({ number: 3, severity: 1, status: 'resolved', resolvedAt: NOW }),
  ];

  it.each([
    { typed: '/incident status resolved', example: '/incident status 42 resolved' },
    { typed: '/incident   lead   <@U1|alice>  ', example: '/incident lead 42 <@U1|alice>' },
    { typed: '/incident resolve', example: '/incident resolve 42' },
    { typed: '/incident', example: '/incident 42' },
    { typed: '', example: '/incident 42' },
    { typed: '/incident note use `kubectl`', example: "/incident note 42 use 'kubectl'" },
  ])('shows $typed back as $example, the number of the most severe incident after the verb', ({ typed, example }) => {
    const message = buildWhichIncident({ incidents: open, commandExample: typed });
    expect(message.text).toBe(
      `Which incident? Add its number, as in \`${example}\`, or run the command in the incident's channel.`,
    );
  });

  it('lists the open incidents with their channels, most severe first', () => {
    const message = buildWhichIncident({ incidents: open, commandExample: '/incident status resolved' });
    expect(flattenBlocks(message.blocks).slice(1)).toEqual([
      '*2 open incidents*',
      '• *42* <#C42> Checkout is down (Investigating)\n• *7* <#C7> Search &lt;is&gt; slow (Monitoring)',
    ]);
  });

  it.each([
    { name: 'no incidents', incidents: [] },
    { name: 'only resolved incidents', incidents: [buildIncident({ status: 'resolved', resolvedAt: NOW })] },
  ])('tells how to declare one when there are $name', ({ incidents }) => {
    const message = buildWhichIncident({ incidents, commandExample: '/incident status resolved' });
    expect(message.text).toBe(
      'There is no open incident to apply this to. To start one, use `/incident declare &lt;title&gt;`.',
    );
    expect(flattenBlocks(message.blocks)).toEqual([message.text]);
  });

  it('stays within Slack limits with many long-titled incidents', () => {
    const { blocks } = buildWhichIncident({
      incidents: manyIncidents(300),
      commandExample: `/incident status ${'x'.repeat(5000)}`,
    });
    expect(flattenBlocks(blocks).at(-1)).toBe('› …and 200 more.');
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blockErrors(blocks)).toEqual([]);
  });
});
