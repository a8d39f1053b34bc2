import { describe, expect, it } from 'vitest';
import { buildPostmortemModel } from '../../../src/domain/postmortem/postmortem-model.ts';
import { buildScriptFacts, buildTeam, paris } from '../../support/postmortem-script.ts';

const NOW = paris('16:30');
const team = buildTeam();

describe('buildPostmortemModel', () => {
  const model = buildPostmortemModel({ facts: buildScriptFacts(), team, now: NOW });

  it('names the incident and its people', () => {
    expect(model.incident).toMatchObject({
      number: 42,
      severity: 'SEV2',
      statusLabel: 'Resolved',
      lead: 'Ada',
      comms: 'not assigned',
      scribe: 'Bob',
      declaredBy: 'Bob',
      servicesText: 'checkout-api',
      channel: '#inc-2026-11-23-checkout-api',
    });
  });

  it('gives key times in the team zone and the durations between consecutive ones', () => {
    expect(model.keyTimes.list.map(({ label, text }) => `${label} ${text}`)).toEqual([
      'Impact start Mon 23 Nov 2026 13:58',
      'Detected Mon 23 Nov 2026 14:21',
      'Declared Mon 23 Nov 2026 14:21',
      'Mitigated Mon 23 Nov 2026 15:40',
      'Resolved Mon 23 Nov 2026 16:05',
    ]);
    expect(model.keyTimes.impactStart.iso).toBe('2026-11-23T12:58:00.000Z');
    expect(model.keyTimes.detectedBy).toBe('people, at the declaration');
    expect(model.keyTimes.durations.map(({ label, text }) => `${label}: ${text}`)).toEqual([
      'Impact start → detected: 23 minutes',
      'Detected → declared: 0 minutes',
      'Declared → mitigated: 1 hour 19 minutes',
      'Mitigated → resolved: 25 minutes',
      'Impact start → resolved: 2 hours 7 minutes',
    ]);
  });

  it("shows an action's due day in its owner's zone, and why it won't be done", () => {
    const { actionItems } = buildPostmortemModel({
      facts: buildScriptFacts((facts) => {
        facts.actionItems = [
          {
            title: 'Alert on card declines',
            kind: 'alarm',
            ownerId: 'U0ADA',
            // The end of Monday 30 November in Los Angeles is already Tuesday morning in Paris.
            ownerTimeZone: 'America/Los_Angeles',
            dueAt: new Date('2026-12-01T07:59:59.999Z'),
            status: 'open',
            trackerUrl: null,
          },
          {
            title: 'Rewrite the retry client',
            kind: 'fix',
            ownerId: 'U0ADA',
            ownerTimeZone: null,
            dueAt: new Date('2026-12-01T07:59:59.999Z'),
            status: 'wont_do',
            trackerUrl: null,
            wontDoReason: 'Replaced by the new provider in January',
          },
        ];
      }),
      team,
      now: NOW,
    });
    expect(actionItems.map(({ title, due, status, reason }) => ({ title, due, status, reason }))).toEqual([
      { title: 'Alert on card declines', due: 'Mon 30 Nov 2026', status: 'open', reason: null },
      {
        title: 'Rewrite the retry client',
        due: 'Tue 1 Dec 2026',
        status: "won't do",
        reason: 'Replaced by the new provider in January',
      },
    ]);
  });

  it('says unknown for a key time that was never recorded', () => {
    const open = buildPostmortemModel({
      facts: buildScriptFacts((facts) => {
        facts.incident.status = 'investigating';
        facts.incident.mitigatedAt = null;
        facts.incident.resolvedAt = null;
      }),
      team,
      now: NOW,
    });
    expect(open.keyTimes.resolved).toEqual({
      known: false,
      text: 'unknown',
      date: 'unknown',
      time: 'unknown',
      iso: null,
    });
    expect(open.keyTimes.durations[2]).toEqual({ label: 'Declared → mitigated', text: 'unknown', minutes: null });
    expect(open.summary).toContain('It is still investigating as of Mon 23 Nov 2026 16:30.');
  });

  it('measures impact windows and the SLA budget they used', () => {
    expect(model.impact.windows).toEqual([
      expect.objectContaining({ service: 'checkout-api', kind: 'outage', duration: '1 hour 42 minutes', minutes: 102 }),
    ]);
    expect(model.impact.downtime).toEqual([
      {
        service: 'checkout-api',
        period: 'November 2026',
        target: '99.9%',
        downtime: '102 min',
        allowed: '43.2 min',
        budgetUsed: '236%',
        // November so far at the resolution (16:05 on the 23rd in Paris): 102 min of 32,645.
        availability: '99.687%',
        breached: true,
        line: "Used 102 min of checkout-api's 43.2 min November budget (236%): the budget is exceeded.",
      },
    ]);
  });

  it('lists every deploy of the affected services in the lookback before impact, and only those', () => {
    expect(model.changesBeforeImpact.lookbackMinutes).toBe(120);
    expect(model.changesBeforeImpact.from.text).toBe('Mon 23 Nov 2026 11:58');
    expect(model.changesBeforeImpact.deploys).toEqual([
      expect.objectContaining({
        version: 'v1.4.2',
        environment: 'production',
        production: true,
        layer: 'artifact',
        statusLabel: 'succeeded',
        actor: 'alice',
        link: '[details](https://ci.example/runs/812)',
        beforeImpact: '8 minutes',
      }),
    ]);
  });

  it('groups the timeline by day in the team zone, mentions resolved to names', () => {
    expect(model.timeline.count).toBe(3);
    expect(model.timeline.days.map((day) => [day.date, day.iso, day.entries.length])).toEqual([
      ['Mon 23 Nov 2026', '2026-11-23', 2],
      ['Tue 24 Nov 2026', '2026-11-24', 1],
    ]);
    expect(model.timeline.days[1]?.entries[0]?.line).toBe(
      '**00:10** :memo: @Ada noted: card payments **back to normal** for a night — @Ada [message](https://acme.slack.com/archives/C0INC42AA/p1)',
    );
  });

  it('writes a summary paragraph from the script', () => {
    expect(model.summary).toBe(
      'Checkout fails for card payments: incident 42 (SEV2) affected checkout-api. ' +
        'Impact started on Mon 23 Nov 2026 13:58 (Europe/Paris) and Bob declared the incident 23 minutes later, at 14:21. ' +
        'It was mitigated at 15:40. It was resolved at 16:05, 2 hours 7 minutes after the impact began. ' +
        'checkout-api was down for 1 hour 42 minutes. checkout-api has now exceeded its November error budget. ' +
        'checkout-api v1.4.2 reached production 8 minutes before the impact began.',
    );
  });

  it('keeps only accepted action items and leaves suggestions apart', () => {
    expect(model.actionItems).toEqual([
      {
        title: 'Add a contract test for the card provider',
        kind: 'test',
        kindLabel: 'Missing test',
        owner: 'Ada',
        due: 'Mon 30 Nov 2026',
        dueIso: '2026-11-30T17:00:00.000Z',
        status: 'open',
        reason: null,
        trackerUrl: 'https://tracker.example/SIT-7',
      },
    ]);
    expect(model.suggestions.every((suggestion) => suggestion.label !== '')).toBe(true);
    expect(model.generatedAt.text).toBe('Mon 23 Nov 2026 16:30');
  });
});
