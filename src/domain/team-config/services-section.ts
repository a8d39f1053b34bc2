import { z } from 'zod';
import {
  defineBoolean,
  defineInteger,
  defineSection,
  defineString,
  describeExpectation,
  describeValue,
} from './config-values.ts';
import { ZTrackerTarget } from './trackers-section.ts';

const ZSlackMemberId = defineString({
  what: 'a Slack user id (U... or W...) or user group id (S...), such as U024BE7LH, not a @name',
  pattern: /^[UWS][A-Z0-9]{8,}$/,
  max: 32,
});

const ZRepository = defineString({
  what: 'a repository path such as acme/checkout-api or, on GitLab, group/subgroup/name (no URL, no .git)',
  pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)+$/,
  max: 255,
}).refine(
  (repository) => !repository.endsWith('.git'),
  describeExpectation(
    'a repository path such as acme/checkout-api or, on GitLab, group/subgroup/name (no URL, no .git)',
  ),
);

const ZSla = defineSection('a mapping with target, window, degradedWeight and excludeMaintenance', {
  target: z
    .number(describeExpectation('a number between 0 and 100 (exclusive of 100), such as 99.9'))
    .gt(0, describeExpectation('a number between 0 and 100 (exclusive of 100), such as 99.9'))
    .lt(100, describeExpectation('a number between 0 and 100 (exclusive of 100), such as 99.9'))
    .default(99.9)
    .meta({ description: 'Availability objective in percent, such as 99.9.' }),
  window: z
    .enum(['monthly', 'quarterly'], describeExpectation('monthly or quarterly'))
    .default('monthly')
    .meta({ description: 'Calendar period the target is measured over, in the team time zone.' }),
  degradedWeight: z
    .number(describeExpectation('a number from 0 to 1, such as 0.5'))
    .min(0, describeExpectation('a number from 0 to 1, such as 0.5'))
    .max(1, describeExpectation('a number from 0 to 1, such as 0.5'))
    .default(0)
    .meta({ description: 'How much a minute of degraded service counts as downtime: 0 not at all, 1 fully.' }),
  excludeMaintenance: defineBoolean('leave impact inside scheduled maintenance out of downtime').default(false).meta({
    description:
      'Whether impact inside the service’s scheduled maintenance (`/incident maintenance`) is left out of its downtime; reports say which, and how much.',
  }),
});

const ZPagerDuty = defineSection('a mapping with routingKeyEnv, severities and escalationPolicyId', {
  routingKeyEnv: defineString({
    what: 'the name of an environment variable such as PAGERDUTY_CHECKOUT_API (capitals, digits, _), not the key itself',
    pattern: /^[A-Z_][A-Z0-9_]*$/,
    max: 100,
  }).meta({
    description:
      'Environment variable holding the Events API v2 integration (routing) key of the PagerDuty service; the key never goes in this file.',
  }),
  severities: z
    .array(defineInteger({ what: 'a severity level from 1 to 9, such as 1', min: 1, max: 9 }), {
      error: (issue) => `expected a list of severity levels such as [1, 2]; got ${describeValue(issue.input)}`,
    })
    .default(() => [1])
    .meta({
      description: 'Severity levels whose incidents page the on-call (declared at, or raised to, one of them).',
    }),
  escalationPolicyId: defineString({
    what: 'a PagerDuty escalation policy id such as PABC123 (from its page’s address)',
    pattern: /^[A-Z0-9]{5,20}$/,
    max: 20,
  })
    .optional()
    .meta({
      description:
        'The service’s escalation policy in PagerDuty, for `/incident oncall` (with PAGERDUTY_API_TOKEN set).',
    }),
});

const ZService = defineSection(
  'a mapping of name, description, owners, responders, sla, repositories, pagerduty, tracker',
  {
    name: defineString({
      what: 'a lowercase slug such as checkout-api (letters, digits, single hyphens), at most 40 characters',
      pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/,
      max: 40,
    }).meta({ description: 'Unique lowercase slug; also used in incident channel names.' }),
    description: defineString({ what: 'a short description of the service', max: 300 })
      .optional()
      .meta({ description: 'What the service does, in a sentence.' }),
    owners: z
      .array(ZSlackMemberId, {
        error: (issue) => `expected a list of Slack user or user group ids; got ${describeValue(issue.input)}`,
      })
      .default(() => [])
      .meta({ description: 'Slack user (U..., W...) or user group (S...) ids accountable for the service.' }),
    responders: z
      .array(ZSlackMemberId, {
        error: (issue) => `expected a list of Slack user or user group ids; got ${describeValue(issue.input)}`,
      })
      .default(() => [])
      .meta({ description: 'Slack user (U..., W...) or user group (S...) ids invited to its incident channels.' }),
    sla: ZSla.prefault({}).meta({
      description: 'Availability objective the downtime of incidents is measured against.',
    }),
    repositories: z
      .array(ZRepository, {
        error: (issue) =>
          `expected a list of repository paths such as acme/checkout-api; got ${describeValue(issue.input)}`,
      })
      .default(() => [])
      .meta({ description: 'Repositories whose deploys change this service, as owner/name or group/subgroup/name.' }),
    pagerduty: ZPagerDuty.optional().meta({
      description: 'Page the service’s on-call through PagerDuty (Events API v2) for incidents of these severities.',
    }),
    tracker: ZTrackerTarget.optional().meta({
      description: 'Where action items of incidents whose first service this is become tickets (else trackers.target).',
    }),
  },
);

/** `services:`: each with a unique name, its SLA, and repositories that belong to it alone. */
export const ZServices = z
  .array(ZService, {
    error: (issue) => `expected a list of services; got ${describeValue(issue.input)}`,
  })
  .superRefine((services, context) => {
    const repositoryOwners = new Map<string, number>();
    services.forEach((service, index) => {
      const twin = services.findIndex((other) => other.name === service.name);
      if (twin < index) {
        context.addIssue({
          code: 'custom',
          path: [index, 'name'],
          input: service.name,
          message: `expected a name not used by another service; got ${describeValue(service.name)}, already used by services[${twin}]`,
        });
      }
      service.repositories.forEach((repository, repositoryIndex) => {
        // GitHub and GitLab paths are case-insensitive.
        const key = repository.toLowerCase();
        const owner = repositoryOwners.get(key);
        if (owner === undefined) {
          repositoryOwners.set(key, index);
          return;
        }
        const where = owner === index ? 'listed twice' : `already belongs to services[${owner}]`;
        context.addIssue({
          code: 'custom',
          path: [index, 'repositories', repositoryIndex],
          input: repository,
          message: `expected a repository that belongs to one service only; got ${describeValue(repository)}, ${where}`,
        });
      });
    });
  })
  .default(() => [])
  .meta({ description: 'The services incidents are about. Each repository belongs to one service at most.' });
