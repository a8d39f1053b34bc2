import { isProductionEnvironment } from '../deploys/deploy.ts';
import { describeDuration } from '../text/describe-duration.ts';
import type { PostmortemOptions } from './postmortem-facts.ts';
import { type Finding, NOTHING, type PostmortemQuestion, type PostmortemRule, suggest } from './postmortem-rule.ts';
import { isBetween, labelNearImpact, latestSuspects, readSignals, type Signals } from './postmortem-signals.ts';

// The detection and response questions a postmortem asks, each with the action items its condition suggests.

const HOUR = 60 * 60_000;
const SLOW_MITIGATION_MS = HOUR;
const QUIET_RUN_MS = 2 * HOUR;

const askWhenImpactStarted = (signals: Signals): Finding =>
  signals.incident.impactStartedAt !== null
    ? NOTHING
    : {
        questions: [
          {
            id: 'impact-start-unknown',
            text: 'When did the impact really start? None was recorded, so the times here count from the declaration.',
          },
        ],
        suggestions: [],
      };

const askAboutSlowDetection = (signals: Signals): Finding => {
  const { incident, firstAlert, slowDetectionMs } = signals;
  if (incident.impactStartedAt === null) return NOTHING;
  const gap = incident.declaredAt.getTime() - incident.impactStartedAt.getTime();
  if (gap <= slowDetectionMs) return NOTHING;
  const alertLag = firstAlert === undefined ? 0 : firstAlert.startsAt.getTime() - incident.impactStartedAt.getTime();
  return {
    questions: [{ id: 'slow-detection', text: `Why did it take ${describeDuration(gap)} before anybody noticed?` }],
    suggestions:
      firstAlert === undefined || alertLag <= slowDetectionMs
        ? []
        : [
            suggest(
              'alarm',
              `Make ${firstAlert.alertName} fire sooner: a lower threshold or a shorter evaluation window.`,
              `Impact started at ${labelNearImpact(signals, incident.impactStartedAt)} but ${firstAlert.alertName} fired only ${describeDuration(alertLag)} later.`,
            ),
          ],
  };
};

const askWhyAlertWasNotActedOn = (signals: Signals): Finding => {
  const { incident, firstAlert, slowDetectionMs } = signals;
  if (firstAlert === undefined) return NOTHING;
  const wait = incident.declaredAt.getTime() - firstAlert.startsAt.getTime();
  if (wait <= slowDetectionMs) return NOTHING;
  const fired = labelNearImpact(signals, firstAlert.startsAt);
  const declared = labelNearImpact(signals, incident.declaredAt);
  return {
    questions: [
      {
        id: 'alert-not-acted-on',
        text: `${firstAlert.alertName} fired at ${fired}; why was the incident declared only at ${declared}?`,
      },
    ],
    suggestions: [
      suggest(
        'doc',
        `Write down who declares an incident when ${firstAlert.alertName} fires, and link that runbook from the alert.`,
        `${firstAlert.alertName} fired ${describeDuration(wait)} before the incident was declared.`,
      ),
    ],
  };
};

/** Something automatic spoke up before a person declared the incident: an alert, or a deploy that failed. */
const hasAutomaticSignal = (signals: Signals): boolean => {
  const { incident, facts, lookbackFrom } = signals;
  const declared = incident.declaredAt.getTime();
  return (
    incident.detectedAt !== null ||
    signals.firstAlert !== undefined ||
    facts.timeline.some((row) => row.source === 'alert' && row.occurredAt.getTime() <= declared) ||
    facts.deploys.some(
      (deploy) =>
        incident.services.includes(deploy.service) &&
        (deploy.status === 'failed' || deploy.status === 'rolled_back') &&
        isBetween(deploy.occurredAt, lookbackFrom, declared),
    )
  );
};

const askWhyNoAlert = (signals: Signals): Finding => {
  if (hasAutomaticSignal(signals)) return NOTHING;
  const services = signals.incident.services.join(', ') || 'the service';
  return {
    questions: [{ id: 'no-alert', text: 'Why was no alert raised?' }],
    suggestions: [
      suggest(
        'alarm',
        `Add an alarm on what the users of ${services} felt (errors, latency, failed requests), so that it pages before a person has to notice.`,
        `Nothing automatic (an alert or a failed deploy) was recorded before the incident was declared at ${labelNearImpact(signals, signals.incident.declaredAt)}.`,
      ),
    ],
  };
};

const askHowDeployPassedPipeline = (signals: Signals): Finding => {
  const findings = latestSuspects(signals).map((deploy): Finding => {
    const release = `${deploy.service} ${deploy.version}`;
    const before = describeDuration(signals.impactStart.getTime() - deploy.occurredAt.getTime());
    return {
      questions: [
        {
          id: `passed-pipeline:${deploy.service}@${deploy.version}`,
          text: `Why did ${release} pass through the pipeline?`,
        },
      ],
      suggestions: [
        suggest(
          'test',
          `Add a test that fails on what broke in ${release}, so that the pipeline stops the next change like it.`,
          `${release} reached production at ${labelNearImpact(signals, deploy.occurredAt)}, ${before} before the impact started.`,
        ),
      ],
    };
  });
  return {
    questions: findings.flatMap((finding) => finding.questions),
    suggestions: findings.flatMap((finding) => finding.suggestions),
  };
};

const askWhyOnlyInProduction = (signals: Signals): Finding => {
  for (const suspect of latestSuspects(signals)) {
    const earlier = signals.facts.deploys
      .filter(
        (deploy) =>
          deploy.service === suspect.service &&
          deploy.version === suspect.version &&
          deploy.status === 'succeeded' &&
          !isProductionEnvironment(deploy.environment) &&
          deploy.occurredAt.getTime() < suspect.occurredAt.getTime(),
      )
      .toSorted((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())[0];
    if (earlier === undefined) continue;
    const release = `${suspect.service} ${suspect.version}`;
    return {
      questions: [{ id: 'only-in-production', text: 'Why did this only happen in production?' }],
      suggestions: [
        suggest(
          'test',
          `Find what ${earlier.environment} lacks compared with production for ${suspect.service} (data, traffic, configuration, dependencies) and cover it with a test or a check there.`,
          `${release} ran in ${earlier.environment} from ${labelNearImpact(signals, earlier.occurredAt)} before production at ${labelNearImpact(signals, suspect.occurredAt)}.`,
        ),
      ],
    };
  }
  return NOTHING;
};

const askWhyItBrokeLater = (signals: Signals): Finding => {
  const start = signals.impactStart.getTime();
  const findings = signals.incident.services.flatMap((service): Finding[] => {
    const running = signals.facts.deploys
      .filter(
        (deploy) =>
          deploy.service === service &&
          deploy.status === 'succeeded' &&
          isProductionEnvironment(deploy.environment) &&
          deploy.occurredAt.getTime() <= start,
      )
      .toSorted((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())[0];
    if (running === undefined || start - running.occurredAt.getTime() < QUIET_RUN_MS) return [];
    const worked = labelNearImpact(signals, running.occurredAt);
    const broke = labelNearImpact(signals, signals.impactStart);
    return [
      {
        questions: [
          { id: `worked-then-broke:${service}`, text: `Why did it work at ${worked} but break at ${broke}?` },
        ],
        suggestions: [
          suggest(
            'visibility',
            `Graph what changes around ${service} between ${worked} and ${broke} (traffic, data volume, scheduled jobs, dependencies) on one dashboard.`,
            `${service} ${running.version} ran in production from ${worked} for ${describeDuration(start - running.occurredAt.getTime())} without impact.`,
          ),
        ],
      },
    ];
  });
  // Two services deployed at the same minute ask the same question once.
  const texts = new Set<string>();
  return {
    questions: findings
      .flatMap((finding) => finding.questions)
      .filter((question) => !texts.has(question.text) && texts.add(question.text)),
    suggestions: findings.flatMap((finding) => finding.suggestions),
  };
};

const askAboutSlowMitigation = (signals: Signals): Finding => {
  const { incident } = signals;
  const mitigatedAt = incident.mitigatedAt ?? incident.resolvedAt;
  if (mitigatedAt === null) return NOTHING;
  const took = mitigatedAt.getTime() - incident.declaredAt.getTime();
  if (took <= SLOW_MITIGATION_MS) return NOTHING;
  const services = incident.services.join(', ') || 'the service';
  return {
    questions: [
      {
        id: 'slow-mitigation',
        text: `What slowed down mitigation? It took ${describeDuration(took)} after the declaration.`,
      },
    ],
    suggestions: [
      suggest(
        'doc',
        `Write a runbook for restoring ${services} quickly (rollback, feature flags, failover) and link it from its alerts.`,
        `Mitigation came ${describeDuration(took)} after the declaration.`,
      ),
    ],
  };
};

/** The rules that ask questions, in the order the questions are asked. */
export const QUESTION_RULES: readonly PostmortemRule[] = [
  askWhenImpactStarted,
  askAboutSlowDetection,
  askWhyAlertWasNotActedOn,
  askWhyNoAlert,
  askHowDeployPassedPipeline,
  askWhyOnlyInProduction,
  askWhyItBrokeLater,
  askAboutSlowMitigation,
];

/**
 * The detection and response questions the facts call for, each only while its condition holds:
 * - `impact-start-unknown`: no impact start was recorded.
 * - `slow-detection`: the impact started more than `postmortem.slowDetectionMinutes` before the declaration.
 * - `alert-not-acted-on`: the first alert on an affected service fired that much before the declaration.
 * - `no-alert`: nothing automatic (an alert, `detectedAt`, an alert on the timeline, a failed or rolled-back deploy
 *   since the lookback) came before the declaration.
 * - `passed-pipeline:<service>@<version>`: a succeeded production deploy of an affected service within
 *   `deploys.suspectLookbackMinutes` before the impact start (or declaration), both ends included.
 * - `only-in-production`: such a deploy's version had succeeded in another environment before.
 * - `worked-then-broke:<service>`: the version running in production at the impact start had run 2 h or more.
 * - `slow-mitigation`: mitigated (or, without that stamp, resolved) more than 60 min after the declaration.
 * Times are the team's wall clock, with the date when not on the impact start's day.
 *
 * @example detectQuestions({ facts: impact 13:58, declared 14:21 Paris, team: slowDetectionMinutes 10, now })
 *   // => [{ id: 'slow-detection', text: 'Why did it take 23 minutes before anybody noticed?' }, …]
 */
export const detectQuestions = (options: PostmortemOptions): PostmortemQuestion[] => {
  const signals = readSignals(options);
  return QUESTION_RULES.flatMap((rule) => rule(signals).questions);
};
