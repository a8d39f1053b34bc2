import { describe, expect, it } from 'vitest';
import { readTrackerCredentials } from '../../src/config/tracker-credentials.ts';
import { parseTeamConfig } from '../../src/domain/team-config/team-config.ts';

const trackersOf = (raw: unknown) => {
  const parsed = parseTeamConfig({ trackers: raw });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config.trackers;
};

describe('readTrackerCredentials', () => {
  const trackers = trackersOf({
    jira: { url: 'https://acme.atlassian.net' },
    linear: {},
    github: { tokenEnv: 'GH_ISSUES_TOKEN' },
  });

  it('reads each token and webhook secret from the variable sitrep.yml names; a webhook secret may be unset', () => {
    const variables: Record<string, string> = {
      JIRA_EMAIL: 'sitrep@acme.example',
      JIRA_API_TOKEN: 'jira-token',
      JIRA_WEBHOOK_SECRET: 'jira-secret',
      LINEAR_API_KEY: 'lin_api_key',
      GH_ISSUES_TOKEN: 'ghp_token',
    };
    expect(readTrackerCredentials({ trackers, readVariable: (name) => variables[name] })).toEqual({
      jira: {
        url: 'https://acme.atlassian.net',
        email: 'sitrep@acme.example',
        token: 'jira-token',
        webhookSecret: 'jira-secret',
      },
      linear: { apiUrl: 'https://api.linear.app/graphql', apiKey: 'lin_api_key', webhookSecret: undefined },
      github: { apiUrl: 'https://api.github.com', token: 'ghp_token' },
    });
  });

  it('stops at an unset token, naming the variable and never a value', () => {
    const variables: Record<string, string> = { JIRA_EMAIL: 'sitrep@acme.example', JIRA_API_TOKEN: 'jira-token' };
    expect(() => readTrackerCredentials({ trackers, readVariable: (name) => variables[name] })).toThrow(
      'LINEAR_API_KEY is missing: sitrep.yml reaches Linear (a personal API key) with it (see docs/integrations.md)',
    );
  });

  it('reads nothing when no tracker is set up', () => {
    expect(readTrackerCredentials({ trackers: trackersOf({}), readVariable: () => undefined })).toEqual({});
  });
});
