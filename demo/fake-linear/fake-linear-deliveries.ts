import { createHmac, randomUUID } from 'node:crypto';
import {
  type FakeLinearComment,
  type FakeLinearData,
  type FakeLinearIssue,
  type FakeLinearLabel,
  type FakeLinearUser,
  findById,
  issueUrl,
  mustFind,
  userUrl,
} from './fake-linear-data.ts';

// The webhook deliveries Linear sends on a data change (https://linear.app/developers/webhooks): an HTTP POST with
// `Linear-Delivery` (a UUID per delivery), `Linear-Event` (the entity type) and `Linear-Signature` (the hex
// HMAC-SHA256 of the raw body under the webhook's signing secret); the body is `{ action, actor, createdAt, data,
// url, type, organizationId, webhookTimestamp, webhookId }`, with `updatedFrom` on an update.

/** A delivery as it would be posted to the webhook's URL. */
export type FakeLinearDelivery = { headers: Record<string, string>; body: string };

export type DeliveryContext = { data: FakeLinearData; secret: string; webhookId: string; now: () => Date };

const PRIORITY_LABELS = ['No priority', 'Urgent', 'High', 'Medium', 'Low'];

const userChild = (data: FakeLinearData, user: FakeLinearUser) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  avatarUrl: null,
  url: userUrl(data, user),
});

/** An issue as `IssueWebhookPayload` has it; absent fields (no assignee, no due date) are left out. */
export const issueWebhookData = (data: FakeLinearData, issue: FakeLinearIssue) => {
  const team = mustFind(data.teams, issue.teamId);
  const state = mustFind(data.states, issue.stateId);
  const assignee = findById(data.users, issue.assigneeId);
  return {
    id: issue.id,
    createdAt: issue.createdAt.toISOString(),
    updatedAt: issue.updatedAt.toISOString(),
    number: issue.number,
    title: issue.title,
    ...(issue.description === null ? {} : { description: issue.description }),
    priority: issue.priority,
    priorityLabel: PRIORITY_LABELS[issue.priority] ?? 'No priority',
    prioritySortOrder: 0,
    sortOrder: -issue.number,
    identifier: issue.identifier,
    url: issueUrl(data, issue),
    teamId: team.id,
    team: { id: team.id, key: team.key, name: team.name },
    stateId: state.id,
    state: { id: state.id, color: state.color, name: state.name, type: state.type },
    labelIds: issue.labelIds,
    labels: issue.labelIds.map((id) => {
      const label = mustFind(data.labels, id);
      return { id: label.id, color: label.color, name: label.name };
    }),
    creatorId: issue.creatorId,
    subscriberIds: [issue.creatorId],
    previousIdentifiers: [],
    reactionData: [],
    ...(assignee === undefined ? {} : { assigneeId: assignee.id, assignee: userChild(data, assignee) }),
    ...(issue.dueDate === null ? {} : { dueDate: issue.dueDate }),
  };
};

const labelWebhookData = (label: FakeLinearLabel, now: Date) => ({
  id: label.id,
  name: label.name,
  color: label.color,
  isGroup: false,
  teamId: label.teamId,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
});

const commentWebhookData = (data: FakeLinearData, comment: FakeLinearComment) => {
  const issue = mustFind(data.issues, comment.issueId);
  return {
    id: comment.id,
    body: comment.body,
    issueId: issue.id,
    issue: {
      id: issue.id,
      identifier: issue.identifier,
      title: issue.title,
      teamId: issue.teamId,
      url: issueUrl(data, issue),
    },
    userId: comment.userId,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.createdAt.toISOString(),
    reactionData: [],
  };
};

export type Change =
  | {
      type: 'Issue';
      action: 'create' | 'update' | 'remove';
      issue: FakeLinearIssue;
      updatedFrom?: Record<string, unknown>;
    }
  | { type: 'IssueLabel'; action: 'create'; label: FakeLinearLabel }
  | { type: 'Comment'; action: 'create'; comment: FakeLinearComment };

const entityOf = (context: DeliveryContext, change: Change, now: Date) => {
  const { data } = context;
  if (change.type === 'Issue') {
    return { data: issueWebhookData(data, change.issue), url: issueUrl(data, change.issue) };
  }
  if (change.type === 'IssueLabel') return { data: labelWebhookData(change.label, now), url: undefined };
  const issue = mustFind(data.issues, change.comment.issueId);
  return {
    data: commentWebhookData(data, change.comment),
    url: `${issueUrl(data, issue)}#comment-${change.comment.id.slice(0, 8)}`,
  };
};

/** The delivery Linear sends for `change`, made by `actor`, signed with the webhook's secret. */
export const deliveryFor = (context: DeliveryContext, change: Change, actor: FakeLinearUser): FakeLinearDelivery => {
  const now = context.now();
  const entity = entityOf(context, change, now);
  const body = JSON.stringify({
    action: change.action,
    actor: { id: actor.id, type: 'user', name: actor.name, email: actor.email, url: userUrl(context.data, actor) },
    createdAt: now.toISOString(),
    data: entity.data,
    ...(entity.url === undefined ? {} : { url: entity.url }),
    type: change.type,
    ...(change.type === 'Issue' && change.updatedFrom !== undefined ? { updatedFrom: change.updatedFrom } : {}),
    organizationId: context.data.organizationId,
    webhookTimestamp: now.getTime(),
    webhookId: context.webhookId,
  });
  return {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Linear-Webhook',
      'linear-delivery': randomUUID(),
      'linear-event': change.type,
      'linear-signature': createHmac('sha256', context.secret).update(body).digest('hex'),
    },
    body,
  };
};
