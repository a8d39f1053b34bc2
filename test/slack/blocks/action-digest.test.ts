import { describe, expect, it } from 'vitest';
import { flattenBlocks } from '../../../demo/fake-slack/block-text.ts';
import type { ActionItemView } from '../../../src/domain/action-items/action-item-view.ts';
import { buildActionDigest } from '../../../src/slack/blocks/action-digest.ts';

const NOW = new Date('2026-03-09T09:00:00Z');

const action = (index: number, title: string): ActionItemView => ({
  id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  incidentId: 'incident-42',
  incidentNumber: 42,
  incidentTitle: 'Checkout is down',
  incidentChannelId: 'C42',
  incidentLeadId: 'U0LEAD',
  services: ['checkout-api'],
  title,
  kind: null,
  status: 'open',
  ownerId: 'U0OWNER',
  ownerTimeZone: 'UTC',
  dueAt: new Date('2026-03-12T17:00:00Z'),
  trackerUrl: 'https://tracker.example/T-1',
  ticket: null,
  createdBy: 'U0LEAD',
  createdAt: NOW,
  updatedAt: NOW,
  doneAt: null,
  closedBy: null,
  wontDoReason: null,
  nextReminderAt: null,
  escalatedAt: null,
});

describe('buildActionDigest', () => {
  it('lists whole lines only, counting the ones that do not fit, when titles are long and full of &', () => {
    const open = Array.from({ length: 10 }, (_, i) => action(i, `Fix R&D ${i} `.repeat(40)));
    const { blocks } = buildActionDigest({ open, day: '2026-03-09', now: NOW });
    const [section] = flattenBlocks(blocks.slice(2));
    if (section === undefined) throw new Error('no section for checkout-api');
    expect(section.length).toBeLessThanOrEqual(3000);
    // Every & is a whole entity and every link is closed: nothing was cut mid-way.
    expect(section).not.toMatch(/&(?!amp;|lt;|gt;)/);
    const listed = section.split('\n').filter((line) => line.startsWith('• '));
    for (const line of listed) expect(line).toMatch(/>.* — /);
    expect(listed.length).toBeGreaterThan(0);
    expect(section.split('\n').at(-1)).toBe(`…and ${10 - listed.length} more.`);
  });
});
