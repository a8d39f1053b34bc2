import { describe, expect, it } from 'vitest';
import type { PostmortemFacts } from '../../../src/domain/postmortem/postmortem-facts.ts';
import { detectQuestions } from '../../../src/domain/postmortem/postmortem-questions.ts';
import { suggestActions } from '../../../src/domain/postmortem/postmortem-suggestions.ts';
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

  it('asks nothing once every condition is false', () => {
    expect(questionsOf(buildQuietFacts())).toEqual([]);
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
