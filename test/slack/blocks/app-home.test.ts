import { describe, expect, it } from 'vitest';
import { blockErrors } from '../../../demo/fake-slack/block-kit.ts';
import { flattenBlocks } from '../../../demo/fake-slack/block-text.ts';
import type { IncidentView } from '../../../src/domain/incident/incident.ts';
import type { HomeActionItem } from '../../../src/slack/blocks/app-home.ts';
import { buildAppHome } from '../../../src/slack/blocks/app-home.ts';
import { ACTIONS } from '../../../src/slack/ids.ts';
import { buildIncident, SEVERITIES } from '../../support/incident-factory.ts';

const NOW = new Date('2026-03-10T12:00:00Z');
const VIEWER = 'U_VIEWER';

const home = ({ incidents = [], actions = [] }: { incidents?: IncidentView[]; actions?: HomeActionItem[] }) =>
  buildAppHome({ incidents, severities: SEVERITIES, now: NOW, viewerId: VIEWER, actions, teamTimeZone: 'UTC' });

const readHome = (options: Parameters<typeof home>[0]): string[] => flattenBlocks(home(options).blocks);

/** The lines between a heading and the next divider or heading. */
const sectionUnder = (lines: string[], heading: string): string[] => {
  const start = lines.findIndex((line) => line.startsWith(`# ${heading}`));
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line === '---' || line.startsWith('# '));
  return end === -1 ? rest : rest.slice(0, end);
};

const action = (overrides: Partial<HomeActionItem>): HomeActionItem => ({
  title: 'Add a retry to the payment client',
  incidentNumber: 42,
  dueAt: null,
  overdue: false,
  ...overrides,
});

describe('buildAppHome', () => {
  it('offers a button to declare an incident', () => {
    const [first] = home({}).blocks;
    expect(first).toMatchObject({
      type: 'actions',
      elements: [{ type: 'button', action_id: ACTIONS.openDeclareModal, text: { text: 'Declare an incident' } }],
    });
  });

  it('says when nothing is open and nothing is assigned', () => {
    expect(readHome({})).toEqual([
      '[Declare an incident]',
      '# Open incidents',
      'No open incidents. :tada:',
      '---',
      '# Your open action items',
      'Nothing assigned to you.',
    ]);
  });

  it('lists open incidents most severe first and marks the ones the viewer leads', () => {
    const incidents = [
      buildIncident({ number: 1, severity: 3, roles: { lead: 'U_OTHER' }, channelId: 'C1' }),
      buildIncident({
        number: 2,
        severity: 1,
        status: 'identified',
        roles: { lead: VIEWER },
        channelId: 'C2',
        title: 'Login <fails>',
        declaredAt: new Date('2026-03-10T10:48:00Z'),
      }),
      buildIncident({ number: 3, severity: 2, roles: {}, channelId: 'C3' }),
      buildIncident({ number: 4, severity: 1, status: 'resolved', resolvedAt: NOW }),
    ];
    const lines = readHome({ incidents });
    expect(lines).toContain('# Open incidents (3)');
    const shown = sectionUnder(lines, 'Open incidents');
    expect(shown.map((line) => line.match(/Incident (\d+):/)?.[1])).toEqual(['2', '3', '1']);
    expect(shown[0]).toBe(
      ':hammer_and_wrench: *Incident 2: Login &lt;fails&gt;*\n' +
        'SEV1 — Critical · Identified · lead <@U_VIEWER> (you) · for 1 h 12 min · <#C2>',
    );
    expect(shown[1]).toContain(' · no lead · ');
    expect(shown[2]).toContain(' · lead <@U_OTHER> · ');
    expect(shown[2]).not.toContain('(you)');
  });

  it('sorts action items overdue first, then by due date, undated last', () => {
    const actions = [
      action({ title: 'undated' }),
      action({ title: 'due later', dueAt: new Date('2026-03-20T09:00:00Z') }),
      action({ title: 'overdue recently', dueAt: new Date('2026-03-09T09:00:00Z'), overdue: true }),
      action({ title: 'due soon', dueAt: new Date('2026-03-11T09:00:00Z') }),
      action({ title: 'overdue long ago', dueAt: new Date('2026-03-01T09:00:00Z'), overdue: true }),
    ];
    const items = sectionUnder(readHome({ actions }), 'Your open action items').flatMap((line) => line.split('\n'));
    expect(items.map((item) => item.match(/^• (.+?) —/)?.[1])).toEqual([
      'overdue long ago',
      'overdue recently',
      'due soon',
      'due later',
      'undated',
    ]);
  });

  it.each([
    {
      name: 'an overdue item',
      item: action({ dueAt: new Date('2026-03-01T09:00:00Z'), overdue: true }),
      expected:
        '• Add a retry to the payment client — incident 42 · :warning: overdue, was due ' +
        '<!date^1772355600^{date_short_pretty} {time}|Sun 1 Mar 2026 09:00 UTC>',
    },
    {
      name: 'an item due later',
      item: action({ dueAt: new Date('2026-03-20T09:00:00Z'), title: 'Page <@here> less' }),
      expected:
        '• Page &lt;@here&gt; less — incident 42 · due ' +
        '<!date^1773997200^{date_short_pretty} {time}|Fri 20 Mar 2026 09:00 UTC>',
    },
    {
      name: 'an undated item',
      item: action({ incidentNumber: 7 }),
      expected: '• Add a retry to the payment client — incident 7 · no due date',
    },
  ])('shows $name with its incident and due date', ({ item, expected }) => {
    expect(sectionUnder(readHome({ actions: [item] }), 'Your open action items')).toEqual([expected]);
  });

  it('stays within 100 valid blocks with many incidents and action items, and counts what it leaves out', () => {
    const incidents = Array.from({ length: 150 }, (_, i) =>
      buildIncident({ number: i + 1, severity: (i % 3) + 1, title: `${'<on fire> & '.repeat(100)}${i}` }),
    );
    const actions = Array.from({ length: 250 }, (_, i) =>
      action({
        title: `${'&'.repeat(400)} ${i}`,
        incidentNumber: i + 1,
        dueAt: new Date(NOW.getTime() + (i - 100) * 3_600_000),
        overdue: i < 100,
      }),
    );
    const view = buildAppHome({
      incidents,
      actions,
      severities: SEVERITIES,
      now: NOW,
      viewerId: VIEWER,
      teamTimeZone: 'America/Argentina/ComodRivadavia',
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(blockErrors(view.blocks)).toEqual([]);
    const lines = flattenBlocks(view.blocks);
    expect(lines).toContain('# Open incidents (150)');
    expect(sectionUnder(lines, 'Open incidents').at(-1)).toBe('› …and 110 more.');
    expect(sectionUnder(lines, 'Your open action items').at(-1)).toBe('› …and 150 more.');
  });
});
