import { z } from 'zod';
import { trimTrailingSlashes } from '../text/trim-trailing-slashes.ts';
import { defineSection, defineString, describeValue } from './config-values.ts';

// `trackers:` in sitrep.yml: how sitrep reaches each issue tracker (credentials come from the environment, never the
// file) and where new tickets go; `services[].tracker` sends a service's action items elsewhere.

const defineVariable = (example: string, description: string) =>
  defineString({
    what: `the name of an environment variable such as ${example} (capitals, digits, _), not the secret itself`,
    pattern: /^[A-Z_][A-Z0-9_]*$/,
    max: 100,
  })
    .default(example)
    .meta({ description });

const defineHttpsUrl = (example: string, description: string) =>
  defineString({ what: `an http(s) address such as ${example}`, pattern: /^https?:\/\/[^\s/]+(\/\S*)?$/, max: 300 })
    .transform(trimTrailingSlashes)
    .meta({ description });

const ZLabels = z
  .array(defineString({ what: 'a label without spaces such as incident-follow-up', pattern: /^\S+$/, max: 100 }), {
    error: (issue) => `expected a list of labels such as [incident-follow-up]; got ${describeValue(issue.input)}`,
  })
  .default(() => [])
  .meta({ description: 'Labels every new ticket gets, besides its STAR kind.' });

const ZJiraConnection = defineSection('a mapping with url, emailEnv, tokenEnv and webhookSecretEnv', {
  url: defineHttpsUrl('https://acme.atlassian.net', 'The Jira Cloud site.'),
  emailEnv: defineVariable('JIRA_EMAIL', 'Environment variable with the email of the account the API token is of.'),
  tokenEnv: defineVariable('JIRA_API_TOKEN', 'Environment variable with that account’s API token.'),
  webhookSecretEnv: defineVariable(
    'JIRA_WEBHOOK_SECRET',
    'Environment variable with the secret of the admin webhook that posts to /webhooks/jira.',
  ),
});

const ZLinearConnection = defineSection('a mapping with apiUrl, apiKeyEnv and webhookSecretEnv', {
  apiUrl: defineHttpsUrl('https://api.linear.app/graphql', 'Linear’s GraphQL endpoint.').default(
    'https://api.linear.app/graphql',
  ),
  apiKeyEnv: defineVariable('LINEAR_API_KEY', 'Environment variable with a Linear personal API key.'),
  webhookSecretEnv: defineVariable(
    'LINEAR_WEBHOOK_SECRET',
    'Environment variable with the signing secret of the webhook that posts to /webhooks/linear.',
  ),
});

const ZGithubConnection = defineSection('a mapping with apiUrl and tokenEnv', {
  apiUrl: defineHttpsUrl(
    'https://api.github.com',
    'GitHub’s REST API (GitHub Enterprise: https://host/api/v3).',
  ).default('https://api.github.com'),
  tokenEnv: defineVariable('GITHUB_TOKEN', 'Environment variable with a token that may write issues.'),
});

const ZJiraTarget = defineSection('a mapping with project, issueType and labels', {
  project: defineString({ what: 'a Jira project key such as PAY', pattern: /^[A-Z][A-Z0-9_]{0,19}$/, max: 20 }).meta({
    description: 'The project new tickets are created in.',
  }),
  issueType: defineString({ what: 'an issue type name such as Task', max: 60 })
    .default('Task')
    .meta({ description: 'The issue type of new tickets.' }),
  labels: ZLabels,
});

const ZLinearTarget = defineSection('a mapping with team and labels', {
  team: defineString({ what: 'a Linear team key such as PAY', pattern: /^[A-Za-z0-9]{1,10}$/, max: 10 }).meta({
    description: 'The key of the team new issues are created in.',
  }),
  labels: ZLabels,
});

const ZGithubTarget = defineSection('a mapping with repository and labels', {
  repository: defineString({
    what: 'a repository such as acme/checkout-api',
    pattern: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
    max: 200,
  }).meta({ description: 'The repository new issues are opened in.' }),
  labels: ZLabels,
});

/** Where new tickets go: exactly one of jira, linear or github. */
export const ZTrackerTarget = z
  .union([
    z.strictObject({ jira: ZJiraTarget }),
    z.strictObject({ linear: ZLinearTarget }),
    z.strictObject({ github: ZGithubTarget }),
  ])
  .meta({ description: 'Where new tickets go: one of jira, linear or github, with what each needs.' });

export type TTrackerTargetConfig = z.infer<typeof ZTrackerTarget>;

export const ZTrackers = defineSection('a mapping with jira, linear, github and target', {
  jira: ZJiraConnection.optional().meta({ description: 'Jira Cloud, through its REST API v3 and an admin webhook.' }),
  linear: ZLinearConnection.optional().meta({ description: 'Linear, through its GraphQL API and a webhook.' }),
  github: ZGithubConnection.optional().meta({
    description: 'GitHub Issues, through the REST API; changes come back on /webhooks/github (issues events).',
  }),
  target: ZTrackerTarget.optional().meta({
    description: 'Where the team’s action items become tickets, unless their incident’s first service says otherwise.',
  }),
});

export type TTrackersConfig = z.infer<typeof ZTrackers>;
