import { describe, expect, it } from 'vitest';
import type { PostmortemFacts } from '../../../src/domain/postmortem/postmortem-facts.ts';
import { suggestActions } from '../../../src/domain/postmortem/postmortem-suggestions.ts';
import { buildQuietFacts, buildScriptFacts, buildTeam, deploy, paris } from '../../support/postmortem-script.ts';

const NOW = paris('16:30');
const team = buildTeam();

const suggestionsOf = (facts: PostmortemFacts) => suggestActions({ facts, team, now: NOW });

describe('the scripted incident', () => {
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

  it('suggests nothing once every condition is false', () => {
    expect(suggestionsOf(buildQuietFacts())).toEqual([]);
  });
});

type SuggestionCase = { rule: string; change: (facts: PostmortemFacts) => void; suggestion: string };

// The rules that only suggest, once where the condition holds and once where it just does not.
const fires: SuggestionCase[] = [
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

const holdsNot: SuggestionCase[] = [
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

const describeSuggestions = (facts: PostmortemFacts) =>
  suggestionsOf(facts).map((suggestion) => `${suggestion.kind}: ${suggestion.text}`);

describe('suggestActions', () => {
  it.each(fires)('$rule', ({ change, suggestion }) => {
    expect(describeSuggestions(buildQuietFacts(change))).toContain(suggestion);
  });

  it.each(holdsNot)('$rule', ({ change, suggestion }) => {
    expect(describeSuggestions(buildQuietFacts(change))).not.toContain(suggestion);
  });
});
