import { AppError } from '../domain/app-error.ts';
import type { TTrackersConfig } from '../domain/team-config/trackers-section.ts';

/** How sitrep reaches each tracker sitrep.yml sets up, its secrets read from the environment. */
export type TrackerCredentials = {
  jira?: { url: string; email: string; token: string; webhookSecret: string | undefined };
  linear?: { apiUrl: string; apiKey: string; webhookSecret: string | undefined };
  github?: { apiUrl: string; token: string };
};

type Reader = (name: string) => string | undefined;

const requireVariable = (readVariable: Reader, variable: string, what: string): string => {
  const value = readVariable(variable);
  if (value === undefined) {
    throw new AppError('CONFIG_INVALID', {
      userMessage: `${variable} is missing: sitrep.yml reaches ${what} with it (see docs/integrations.md)`,
    });
  }
  return value;
};

/**
 * Reads the token (and webhook secret) of every tracker under sitrep.yml's `trackers:` from the variables it names.
 * Throws `AppError('CONFIG_INVALID')` with one line (never the secret) when a token is unset, so `serve` stops at
 * startup rather than at the first ticket. A webhook secret may be unset: tickets are then opened and updated, and
 * the tracker's webhook answers 404 until it is set.
 */
export const readTrackerCredentials = ({
  trackers,
  readVariable,
}: {
  trackers: TTrackersConfig;
  readVariable: Reader;
}): TrackerCredentials => {
  const { jira, linear, github } = trackers;
  return {
    ...(jira && {
      jira: {
        url: jira.url,
        email: requireVariable(readVariable, jira.emailEnv, 'Jira (the email of the API token’s account)'),
        token: requireVariable(readVariable, jira.tokenEnv, 'Jira (an API token)'),
        webhookSecret: readVariable(jira.webhookSecretEnv),
      },
    }),
    ...(linear && {
      linear: {
        apiUrl: linear.apiUrl,
        apiKey: requireVariable(readVariable, linear.apiKeyEnv, 'Linear (a personal API key)'),
        webhookSecret: readVariable(linear.webhookSecretEnv),
      },
    }),
    ...(github && {
      github: { apiUrl: github.apiUrl, token: requireVariable(readVariable, github.tokenEnv, 'GitHub (a token)') },
    }),
  };
};
