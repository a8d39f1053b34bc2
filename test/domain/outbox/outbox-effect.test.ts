import { describe, expect, it } from 'vitest';
import { keyEffects, orderingKeyOf, type TOutboxEffect } from '../../../src/domain/outbox/outbox-effect.ts';

const INCIDENT = '0b9d2f4e-3c1a-4e5b-8f7a-1d2c3b4a5e6f';
const ACTION = '7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928';

describe('orderingKeyOf', () => {
  it.each<[TOutboxEffect, string | null]>([
    [{ kind: 'incident.open_channel', incidentId: INCIDENT }, `incident:${INCIDENT}`],
    [{ kind: 'incident.post', incidentId: INCIDENT, text: 'x' }, `incident:${INCIDENT}`],
    [{ kind: 'incident.refresh', incidentId: INCIDENT }, `incident:${INCIDENT}`],
    [{ kind: 'postmortem.notify_lead', incidentId: INCIDENT, postmortemId: ACTION }, `incident:${INCIDENT}`],
    [{ kind: 'incident.announce', incidentId: INCIDENT, about: 'declared' }, 'announcements'],
    [{ kind: 'announcements.post', incidentId: INCIDENT, text: 'x' }, 'announcements'],
    // Maintenance scheduled or cancelled is about no incident.
    [{ kind: 'announcements.post', text: 'x' }, 'announcements'],
    [{ kind: 'action.assigned', actionId: ACTION, ownerId: 'U05BOB0002' }, 'dm:U05BOB0002'],
    [
      {
        kind: 'action.remind',
        actionId: ACTION,
        reminder: 'due',
        day: '2026-12-07',
        businessDaysOverdue: 0,
        recipientId: 'U05BOB0002',
      },
      'dm:U05BOB0002',
    ],
    [
      {
        kind: 'action.escalate',
        actionId: ACTION,
        day: '2026-12-07',
        businessDaysOverdue: 3,
        recipientId: 'U05ALICE01',
      },
      'dm:U05ALICE01',
    ],
    [{ kind: 'action.escalate', actionId: ACTION, day: '2026-12-07', businessDaysOverdue: 3 }, `action:${ACTION}`],
    [{ kind: 'home.refresh', userId: 'U05BOB0002' }, null],
    // A page's trigger and resolve in one queue of their own, per service: PagerDuty down delays no Slack channel.
    [{ kind: 'page.trigger', incidentId: INCIDENT, service: 'search', reason: 'x' }, `pagerduty:${INCIDENT}:search`],
    [{ kind: 'page.resolve', incidentId: INCIDENT, service: 'search' }, `pagerduty:${INCIDENT}:search`],
  ])('queues %j behind %j', (effect, key) => {
    expect(orderingKeyOf(effect)).toBe(key);
  });
});

describe('keyEffects', () => {
  it('writes one channel opening per incident when declaring, and one more per request to open it again', () => {
    const open: TOutboxEffect = { kind: 'incident.open_channel', incidentId: INCIDENT };
    const again: TOutboxEffect = { ...open, again: true };
    expect(keyEffects('declared', [open]).map((keyed) => keyed.dedupeKey)).toEqual([
      `incident.open_channel:${INCIDENT}`,
    ]);
    expect(keyEffects('open-channel:1:U05ALICE01', [again]).map((keyed) => keyed.dedupeKey)).toEqual([
      'open-channel:1:U05ALICE01#0:incident.open_channel',
    ]);
  });
});
