import { createHmac } from 'node:crypto';
import { type FakeJiraIssue, type FakeJiraUser, RESOLUTIONS } from './fake-jira-model.ts';

// The deliveries of a Jira Cloud admin webhook: `jira:issue_created` and `jira:issue_updated` (with the changelog of
// what that one change did), signed with the webhook's secret in X-Hub-Signature as `sha256=<hex>`.

/** One POST the real Jira would send: its headers and the exact body they sign. */
export type FakeJiraDelivery = { headers: Record<string, string>; body: string };

/** One changelog item, as Jira writes it (`from`/`to` are ids, `fromString`/`toString` what people read). */
export type ChangelogItem = {
  field: string;
  fieldtype: 'jira';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
  tmpFromAccountId?: string | null;
  tmpToAccountId?: string | null;
};

/** The issue's state before a change, to write its changelog from. */
export type IssueBefore = Pick<FakeJiraIssue, 'status' | 'resolution' | 'assigneeId' | 'duedate' | 'summary'>;

const resolutionId = (name: string | null) => RESOLUTIONS.find((known) => known.name === name)?.id ?? null;

/** Jira writes a due date's `toString` as a timestamp at midnight. */
const dayString = (day: string | null) => (day === null ? null : `${day} 00:00:00.0`);

const item = (field: string, values: Omit<ChangelogItem, 'field' | 'fieldId' | 'fieldtype'>): ChangelogItem => ({
  field,
  fieldtype: 'jira',
  fieldId: field,
  ...values,
});

/** The changelog items of what differs between `before` and `issue` now, in the order Jira lists them. */
export const changelogItems = ({
  before,
  issue,
  users,
}: {
  before: IssueBefore;
  issue: FakeJiraIssue;
  users: readonly FakeJiraUser[];
}): ChangelogItem[] => {
  const nameOf = (accountId: string | null) => users.find((user) => user.accountId === accountId)?.displayName ?? null;
  const items: ChangelogItem[] = [];
  if (before.summary !== issue.summary) {
    items.push(item('summary', { from: null, fromString: before.summary, to: null, toString: issue.summary }));
  }
  if (before.resolution !== issue.resolution) {
    items.push(
      item('resolution', {
        from: resolutionId(before.resolution),
        fromString: before.resolution,
        to: resolutionId(issue.resolution),
        toString: issue.resolution,
      }),
    );
  }
  if (before.status.id !== issue.status.id) {
    items.push(
      item('status', {
        from: before.status.id,
        fromString: before.status.name,
        to: issue.status.id,
        toString: issue.status.name,
      }),
    );
  }
  if (before.assigneeId !== issue.assigneeId) {
    items.push(
      item('assignee', {
        from: before.assigneeId,
        fromString: nameOf(before.assigneeId),
        to: issue.assigneeId,
        toString: nameOf(issue.assigneeId),
        tmpFromAccountId: before.assigneeId,
        tmpToAccountId: issue.assigneeId,
      }),
    );
  }
  if (before.duedate !== issue.duedate) {
    items.push(
      item('duedate', {
        from: before.duedate,
        fromString: dayString(before.duedate),
        to: issue.duedate,
        toString: dayString(issue.duedate),
      }),
    );
  }
  return items;
};

export type SignDeliveryOptions = {
  secret: string;
  /** Jira's X-Atlassian-Webhook-Identifier: unique on the site, the same on each retry. */
  deliveryId: string;
  payload: Record<string, unknown>;
};

/** The payload as Jira posts it: JSON, signed with the webhook's secret. */
export const signDelivery = ({ secret, deliveryId, payload }: SignDeliveryOptions): FakeJiraDelivery => {
  const body = JSON.stringify(payload);
  return {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Atlassian Webhook HTTP Client',
      'x-atlassian-webhook-identifier': deliveryId,
      'x-atlassian-webhook-flow': 'Primary',
      'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
    body,
  };
};
