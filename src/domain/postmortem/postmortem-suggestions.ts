import { isProductionEnvironment } from '../deploys/deploy.ts';
import { describeBudgetUse } from '../slack-lines/budget-lines.ts';
import type { PostmortemOptions } from './postmortem-facts.ts';
import { QUESTION_RULES } from './postmortem-questions.ts';
import { type Finding, type PostmortemRule, type PostmortemSuggestion, suggest } from './postmortem-rule.ts';
import { isBetween, labelNearImpact, readSignals, type Signals } from './postmortem-signals.ts';

// Action items a postmortem suggests beyond those its questions call for: a fix after a rollback, and visibility and
// documentation after an exceeded SLA budget.

const suggestFixAfterRollback = (signals: Signals): Finding => {
  const until = (signals.incident.resolvedAt ?? signals.now).getTime();
  const rollbacks = signals.facts.deploys.filter(
    (deploy) =>
      signals.incident.services.includes(deploy.service) &&
      deploy.status === 'rolled_back' &&
      isProductionEnvironment(deploy.environment) &&
      isBetween(deploy.occurredAt, signals.impactStart.getTime(), until),
  );
  return {
    questions: [],
    suggestions: rollbacks.map((rollback) =>
      suggest(
        'fix',
        `Fix the fault that made ${rollback.service} roll back, before its change goes to production again.`,
        `${rollback.service} was rolled back in production at ${labelNearImpact(signals, rollback.occurredAt)} (${rollback.layer}), during the incident.`,
      ),
    ),
  };
};

const suggestAfterBudgetBreach = (signals: Signals): Finding => ({
  questions: [],
  suggestions: signals.facts.downtime
    .filter((report) => report.breached)
    .flatMap((report) => [
      suggest(
        'visibility',
        `Show ${report.service}'s error budget and how fast it burns on the team's dashboard, so that it is seen before it is gone.`,
        describeBudgetUse(report),
      ),
      suggest(
        'doc',
        `Write down what the team does when ${report.service}'s error budget is spent (a change freeze, reliability work first) and agree it with its owners.`,
        describeBudgetUse(report),
      ),
    ]),
});

/** Every rule of the postmortem: those that ask questions first, then those that only suggest. */
export const POSTMORTEM_RULES: readonly PostmortemRule[] = [
  ...QUESTION_RULES,
  suggestFixAfterRollback,
  suggestAfterBudgetBreach,
];

/**
 * STAR action item suggestions from the same conditions as `detectQuestions`, each with the fact behind it, plus a
 * fix for each production rollback of an affected service during the incident and a visibility and a documentation
 * suggestion for each SLA budget exceeded. They are suggestions only: nothing here is an accepted action item.
 */
export const suggestActions = (options: PostmortemOptions): PostmortemSuggestion[] => {
  const signals = readSignals(options);
  return POSTMORTEM_RULES.flatMap((rule) => rule(signals).suggestions);
};
