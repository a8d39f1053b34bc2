import { describe, expect, it } from 'vitest';
import { parseTeamConfig } from '../../../src/domain/team-config/team-config.ts';

describe('trackers in sitrep.yml', () => {
  it('takes connections with default variable names, a team target and a service’s own', () => {
    const result = parseTeamConfig({
      trackers: {
        jira: { url: 'https://acme.atlassian.net/' },
        linear: {},
        target: { jira: { project: 'OPS', labels: ['incident'] } },
      },
      services: [{ name: 'checkout-api', tracker: { linear: { team: 'PAY' } } }],
    });
    expect(result.ok && result.config.trackers).toEqual({
      jira: {
        url: 'https://acme.atlassian.net',
        emailEnv: 'JIRA_EMAIL',
        tokenEnv: 'JIRA_API_TOKEN',
        webhookSecretEnv: 'JIRA_WEBHOOK_SECRET',
      },
      linear: {
        apiUrl: 'https://api.linear.app/graphql',
        apiKeyEnv: 'LINEAR_API_KEY',
        webhookSecretEnv: 'LINEAR_WEBHOOK_SECRET',
      },
      target: { jira: { project: 'OPS', issueType: 'Task', labels: ['incident'] } },
    });
    expect(result.ok && result.config.services[0]?.tracker).toEqual({ linear: { team: 'PAY', labels: [] } });
  });

  it('refuses a target whose tracker has no connection, a token in place of a variable name, and two trackers at once', () => {
    const result = parseTeamConfig({
      trackers: { github: { tokenEnv: 'ghp_abc' }, target: { jira: { project: 'OPS' } } },
      services: [{ name: 'search', tracker: { github: { repository: 'acme/search' }, linear: { team: 'S' } } }],
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(
      errors.some((line) => line.startsWith('trackers.github.tokenEnv: expected the name of an environment variable')),
    ).toBe(true);
    expect(errors.some((line) => line.startsWith('services[0].tracker'))).toBe(true);
  });

  it('says which connection a target lacks', () => {
    const result = parseTeamConfig({ trackers: { target: { jira: { project: 'OPS' } } } });
    expect(result).toEqual({
      ok: false,
      errors: ['trackers.target.jira: expected trackers.jira to say how to reach Jira; it is missing'],
    });
  });
});
