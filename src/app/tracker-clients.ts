import type { TrackerCredentials } from '../config/tracker-credentials.ts';
import type { TrackerClient, TrackerKind } from '../domain/trackers/tracker.ts';
import { createGithubClient } from '../trackers/github/github-client.ts';
import { createJiraClient } from '../trackers/jira/jira-client.ts';
import { createLinearClient } from '../trackers/linear/linear-client.ts';

/** A client for each tracker sitrep.yml sets up, by tracker. */
export const createTrackerClients = (
  { jira, linear, github }: TrackerCredentials,
  now: () => Date,
): Map<TrackerKind, TrackerClient> => {
  const clients = new Map<TrackerKind, TrackerClient>();
  if (jira) clients.set('jira', createJiraClient({ url: jira.url, email: jira.email, token: jira.token, now }));
  if (linear) clients.set('linear', createLinearClient({ apiUrl: linear.apiUrl, apiKey: linear.apiKey, now }));
  if (github) clients.set('github', createGithubClient({ apiUrl: github.apiUrl, token: github.token }));
  return clients;
};
