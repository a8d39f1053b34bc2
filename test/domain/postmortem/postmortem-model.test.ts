import { describe, expect, it } from 'vitest';
import {
  buildPostmortemModel,
  describeDuration,
  detectQuestions,
  type PostmortemFacts,
  suggestActions,
} from '../../../src/domain/postmortem/postmortem-model.ts';
import { buildQuietFacts, buildScriptFacts, buildTeam, deploy, paris } from '../../support/postmortem-script.ts';

const NOW = paris('16:30');
const team = buildTeam();

const questionsOf = (facts: PostmortemFacts) => detectQuestions({ facts, team, now: NOW });
const suggestionsOf = (facts: PostmortemFacts) => suggestActions({ facts, team, now: NOW });

describe('the scripted incident', () => {
  it('asks the questions its facts call for, in the words of the team zone', () => {
    expect(questionsOf(buildScriptFacts())).toEqual([
      { id: 'slow-detection', text: 'Why did it take 23 minutes before anybody noticed?' },
      { id: 'no-alert', text: 'Why was no alert raised?' },
      { id: 'passed-pipeline:checkout-api@v1.4.2', text: 'Why did checkout-api v1.4.2 pass through the pipeline?' },
      { id: 'only-in-production', text: 'Why did this only happen in production?' },
      {
        id: 'slow-mitigation',
        text: 'What slowed down mitigation? It took 1 hour 19 minutes after the declaration.',
      },
    ]);
  });

  it('suggests one action of a STAR kind per condition, each with the fact behind it', () => {
    expect(suggestionsOf(buildScriptFacts()).map(({ kind, because }) => [kind, because])).toEqual([
      [
        'alarm',
        'Nothing automatic (an alert or a failed deploy) was recorded before the incident was declared at 14:21.',
      ],
      ['test', 'checkout-api v1.4.2 reached production at 13:50, 8 minutes before the impact started.'],
      ['test', 'checkout-api v1.4.2 ran in staging from 10:00 before production at 13:50.'],
      ['doc', 'Mitigation came 1 hour 19 minutes after the declaration.'],
      ['fix', 'checkout-api was rolled back in production at 15:35 (artifact), during the incident.'],
      ['visibility', "Used 102 min of checkout-api's 43.2 min November budget (236%): the budget is exceeded."],
      ['doc', "Used 102 min of checkout-api's 43.2 min November budget (236%): the budget is exceeded."],
    ]);
  });

  it('asks nothing and suggests nothing once every condition is false', () => {
    const facts = buildQuietFacts();
    expect(questionsOf(facts)).toEqual([]);
    expect(suggestionsOf(facts)).toEqual([]);
  });
});

type RuleCase = {
  rule: string;
  change: (facts: PostmortemFacts) => void;
  question?: string;
  suggestion?: string;
};

// Each rule once where its condition holds and once where it just does not, on top of the quiet script.
const fires: RuleCase[] = [
  {
    rule: 'impact-start-unknown asks when the impact started when none was recorded',
    change: (facts) => {
      facts.incident.impactStartedAt = null;
    },
    question: 'When did the impact really start? None was recorded, so the times here count from the declaration.',
  },
  {
    rule: 'slow-detection fires past slowDetectionMinutes between impact start and declaration',
    change: (facts) => {
      facts.incident.declaredAt = paris('14:09');
    },
    question: 'Why did it take 11 minutes before anybody noticed?',
  },
  {
    rule: 'slow-detection suggests a tighter alarm when the alert itself came late',
    change: (facts) => {
      facts.incident.declaredAt = paris('14:20');
      facts.alerts = [
        { service: 'checkout-api', alertName: 'HighErrorRate', status: 'firing', startsAt: paris('14:15') },
      ];
    },
    suggestion: 'alarm: Make HighErrorRate fire sooner: a lower threshold or a shorter evaluation window.',
  },
  {
    rule: 'alert-not-acted-on fires when the first alert came long before the declaration',
    change: (facts) => {
      facts.incident.declaredAt = paris('14:11');
    },
    question: 'HighErrorRate fired at 14:00; why was the incident declared only at 14:11?',
  },
  {
    rule: 'no-alert fires when nothing automatic came before the declaration',
    change: (facts) => {
      facts.alerts = [];
    },
    question: 'Why was no alert raised?',
  },
  {
    rule: 'no-alert ignores alerts that fired only after the declaration',
    change: (facts) => {
      facts.alerts = [
        { service: 'checkout-api', alertName: 'HighErrorRate', status: 'firing', startsAt: paris('14:06') },
      ];
    },
    question: 'Why was no alert raised?',
  },
  {
    rule: 'passed-pipeline fires for a production deploy within the lookback, at its very start',
    change: (facts) => {
      facts.deploys = [deploy({ occurredAt: paris('11:58') })];
    },
    question: 'Why did checkout-api v1.4.2 pass through the pipeline?',
  },
  {
    rule: 'only-in-production fires when the same version ran in another environment first',
    change: (facts) => {
      facts.deploys = [
        deploy({ environment: 'staging', occurredAt: paris('10:00') }),
        deploy({ occurredAt: paris('13:50') }),
      ];
    },
    question: 'Why did this only happen in production?',
  },
  {
    rule: 'worked-then-broke fires when the running version had 2 hours without impact',
    change: (facts) => {
      facts.deploys = [deploy({ occurredAt: paris('03:00') })];
    },
    question: 'Why did it work at 03:00 but break at 13:58?',
  },
  {
    rule: 'worked-then-broke names the day when the version went out on another day',
    change: (facts) => {
      facts.deploys = [deploy({ occurredAt: paris('23:00', '2026-11-22') })];
    },
    question: 'Why did it work at Sun 22 Nov 2026 23:00 but break at 13:58?',
  },
  {
    rule: 'slow-mitigation fires past 60 minutes from declaration to mitigation',
    change: (facts) => {
      facts.incident.mitigatedAt = paris('15:06');
    },
    question: 'What slowed down mitigation? It took 1 hour 1 minute after the declaration.',
  },
  {
    rule: 'slow-mitigation counts to the resolve when no mitigation was stamped',
    change: (facts) => {
      facts.incident.mitigatedAt = null;
      facts.incident.resolvedAt = paris('15:30');
    },
    question: 'What slowed down mitigation? It took 1 hour 25 minutes after the declaration.',
  },
  {
    rule: 'a production rollback during the incident suggests a fix',
    change: (facts) => {
      facts.deploys = [deploy({ status: 'rolled_back', occurredAt: paris('14:20') })];
    },
    suggestion: 'fix: Fix the fault that made checkout-api roll back, before its change goes to production again.',
  },
  {
    rule: 'a breached SLA budget suggests visibility',
    change: (facts) => {
      facts.impactWindows = [
        { service: 'checkout-api', kind: 'outage', startedAt: paris('13:58'), endedAt: paris('14:45') },
      ];
    },
    suggestion:
      "visibility: Show checkout-api's error budget and how fast it burns on the team's dashboard, so that it is seen before it is gone.",
  },
];

const holdsNot: RuleCase[] = [
  {
    rule: 'slow-detection stays quiet at exactly slowDetectionMinutes',
    change: (facts) => {
      facts.incident.declaredAt = paris('14:08');
    },
    question: 'Why did it take 10 minutes before anybody noticed?',
  },
  {
    rule: 'slow-detection suggests no tighter alarm when the alert was on time',
    change: (facts) => {
      facts.incident.declaredAt = paris('14:20');
    },
    suggestion: 'alarm: Make HighErrorRate fire sooner: a lower threshold or a shorter evaluation window.',
  },
  {
    rule: 'alert-not-acted-on stays quiet when the declaration followed the alert within the threshold',
    change: (facts) => {
      facts.incident.declaredAt = paris('14:10');
    },
    question: 'HighErrorRate fired at 14:00; why was the incident declared only at 14:10?',
  },
  {
    rule: 'no-alert stays quiet when detectedAt was stamped',
    change: (facts) => {
      facts.alerts = [];
      facts.incident.detectedAt = paris('14:01');
    },
    question: 'Why was no alert raised?',
  },
  {
    rule: 'no-alert stays quiet when a failed deploy spoke up before the declaration',
    change: (facts) => {
      facts.alerts = [];
      facts.deploys = [deploy({ status: 'failed', occurredAt: paris('14:03') })];
    },
    question: 'Why was no alert raised?',
  },
  {
    rule: 'passed-pipeline ignores a production deploy one minute before the lookback',
    change: (facts) => {
      facts.deploys = [deploy({ occurredAt: paris('11:57') })];
    },
    question: 'Why did checkout-api v1.4.2 pass through the pipeline?',
  },
  {
    rule: 'passed-pipeline ignores a failed production deploy',
    change: (facts) => {
      facts.deploys = [deploy({ status: 'failed', occurredAt: paris('13:50') })];
    },
    question: 'Why did checkout-api v1.4.2 pass through the pipeline?',
  },
  {
    rule: 'only-in-production stays quiet when staging ran another version',
    change: (facts) => {
      facts.deploys = [
        deploy({ environment: 'staging', version: 'v1.4.3', occurredAt: paris('10:00') }),
        deploy({ occurredAt: paris('13:50') }),
      ];
    },
    question: 'Why did this only happen in production?',
  },
  {
    rule: 'only-in-production stays quiet when staging got the version after production',
    change: (facts) => {
      facts.deploys = [
        deploy({ occurredAt: paris('13:50') }),
        deploy({ environment: 'staging', occurredAt: paris('13:55') }),
      ];
    },
    question: 'Why did this only happen in production?',
  },
  {
    rule: 'worked-then-broke stays quiet when the running version is under 2 hours old',
    change: (facts) => {
      facts.deploys = [
        deploy({ version: 'v1.4.1', occurredAt: paris('03:00') }),
        deploy({ occurredAt: paris('11:59') }),
      ];
    },
    question: 'Why did it work at 03:00 but break at 13:58?',
  },
  {
    rule: 'slow-mitigation stays quiet at exactly 60 minutes',
    change: (facts) => {
      facts.incident.mitigatedAt = paris('15:05');
    },
    question: 'What slowed down mitigation? It took 1 hour after the declaration.',
  },
  {
    rule: 'a rollback in staging suggests no fix',
    change: (facts) => {
      facts.deploys = [deploy({ environment: 'staging', status: 'rolled_back', occurredAt: paris('14:20') })];
    },
    suggestion: 'fix: Fix the fault that made checkout-api roll back, before its change goes to production again.',
  },
  {
    rule: 'a budget used but not exceeded suggests no visibility',
    change: (facts) => {
      facts.impactWindows = [
        { service: 'checkout-api', kind: 'outage', startedAt: paris('13:58'), endedAt: paris('14:40') },
      ];
    },
    suggestion:
      "visibility: Show checkout-api's error budget and how fast it burns on the team's dashboard, so that it is seen before it is gone.",
  },
];

const describeFinding = (facts: PostmortemFacts) => ({
  questions: questionsOf(facts).map((question) => question.text),
  suggestions: suggestionsOf(facts).map((suggestion) => `${suggestion.kind}: ${suggestion.text}`),
});

describe('detectQuestions and suggestActions', () => {
  it.each(fires)('$rule', ({ change, question, suggestion }) => {
    const found = describeFinding(buildQuietFacts(change));
    if (question !== undefined) expect(found.questions).toContain(question);
    if (suggestion !== undefined) expect(found.suggestions).toContain(suggestion);
  });

  it.each(holdsNot)('$rule', ({ change, question, suggestion }) => {
    const found = describeFinding(buildQuietFacts(change));
    if (question !== undefined) expect(found.questions).not.toContain(question);
    if (suggestion !== undefined) expect(found.suggestions).not.toContain(suggestion);
  });
});

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
        availability: '99.763%',
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

describe('describeDuration', () => {
  it.each([
    [-5 * 60_000, '0 minutes'],
    [0, '0 minutes'],
    [30_000, 'less than a minute'],
    [60_000, '1 minute'],
    [23 * 60_000, '23 minutes'],
    [60 * 60_000, '1 hour'],
    [79 * 60_000, '1 hour 19 minutes'],
    [(2 * 1440 + 180) * 60_000, '2 days 3 hours'],
    [1440 * 60_000, '1 day'],
  ])('writes %i ms as %s', (ms, words) => {
    expect(describeDuration(ms)).toBe(words);
  });
});
