import { createHmac, randomUUID } from 'node:crypto';
import {
  type FakeGithubIssue,
  type FakeGithubUser,
  issueJson,
  labelJson,
  type ResourceOptions,
  repositoryJson,
  simpleUserJson,
} from './fake-github-resources.ts';

// The `issues` webhook deliveries GitHub sends after a change to an issue, signed as GitHub signs them: the body's
// HMAC under the webhook's secret, as SHA-256 (`X-Hub-Signature-256`) and, for old receivers, SHA-1.

/** A webhook delivery, byte for byte: POST its body with its headers to /webhooks/github. */
export type FakeGithubDelivery = { headers: Record<string, string>; body: string };

export type IssuesAction = 'opened' | 'closed' | 'reopened' | 'assigned' | 'unassigned' | 'edited' | 'labeled';

export type IssuesDeliveryOptions = ResourceOptions & {
  secret: string;
  /** The webhook's id, the same on each of its deliveries. */
  hookId: number;
  action: IssuesAction;
  /** The issue as it is after the change. */
  issue: FakeGithubIssue;
  sender: FakeGithubUser;
  /** `assigned` and `unassigned`: who was. */
  assignee?: FakeGithubUser;
  /** `labeled`: which label. */
  label?: string;
  /** `edited`: what the title and body were before. */
  changes?: { title?: string; body?: string | null };
};

const hmac = (algorithm: 'sha1' | 'sha256', secret: string, body: string) =>
  `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;

/** The signature headers GitHub sends with `body`: HMAC-SHA256 (and SHA-1, for old receivers) under `secret`. */
export const signatureHeaders = ({ secret, body }: { secret: string; body: string }) => ({
  'x-hub-signature': hmac('sha1', secret, body),
  'x-hub-signature-256': hmac('sha256', secret, body),
});

const changesJson = (changes: NonNullable<IssuesDeliveryOptions['changes']>) => ({
  ...(changes.title === undefined ? {} : { title: { from: changes.title } }),
  ...(changes.body === undefined ? {} : { body: { from: changes.body ?? '' } }),
});

/** One `issues` delivery, signed with `secret`, under a new `X-GitHub-Delivery` id. */
export const issuesDelivery = (options: IssuesDeliveryOptions): FakeGithubDelivery => {
  const { urls, secret, hookId, action, issue, sender, assignee, label, changes } = options;
  const body = JSON.stringify({
    action,
    issue: issueJson(options, issue),
    ...(assignee === undefined ? {} : { assignee: simpleUserJson(urls, assignee) }),
    ...(label === undefined ? {} : { label: labelJson(urls, issue.repository, label) }),
    ...(changes === undefined ? {} : { changes: changesJson(changes) }),
    repository: repositoryJson(urls, issue.repository),
    sender: simpleUserJson(urls, sender),
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/2b9e4f1',
      'x-github-event': 'issues',
      'x-github-delivery': randomUUID(),
      'x-github-hook-id': String(hookId),
      'x-github-hook-installation-target-type': 'repository',
      'x-github-hook-installation-target-id': String(repositoryJson(urls, issue.repository).id),
      ...signatureHeaders({ secret, body }),
    },
  };
};
