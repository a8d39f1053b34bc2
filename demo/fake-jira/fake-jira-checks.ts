import type { FakeJiraProject, FakeJiraUser } from './fake-jira-model.ts';

// What Jira Cloud's REST API v3 refuses in an issue's fields, in its words: `{ errorMessages, errors }` with one
// message per field.

/** Jira's error body. */
export type JiraErrors = { errorMessages: string[]; errors: Record<string, string> };

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const BLOCK_NODES = new Set([
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'codeBlock',
  'blockquote',
  'rule',
  'panel',
]);
const INLINE_NODES = new Set(['text', 'hardBreak', 'mention', 'emoji', 'inlineCard']);
const MARKS = new Set(['link', 'strong', 'em', 'code', 'strike', 'underline']);

const isMark = (mark: unknown): boolean =>
  isRecord(mark) &&
  typeof mark.type === 'string' &&
  MARKS.has(mark.type) &&
  (mark.type !== 'link' || (isRecord(mark.attrs) && typeof mark.attrs.href === 'string' && mark.attrs.href !== ''));

const isAdfNode = (node: unknown): boolean => {
  if (!isRecord(node) || typeof node.type !== 'string') return false;
  if (node.type === 'text') {
    return (
      typeof node.text === 'string' &&
      node.text !== '' &&
      (node.marks === undefined || (Array.isArray(node.marks) && node.marks.every(isMark)))
    );
  }
  if (!BLOCK_NODES.has(node.type) && !INLINE_NODES.has(node.type)) return false;
  return node.content === undefined || (Array.isArray(node.content) && node.content.every(isAdfNode));
};

/** An Atlassian Document: `{ type: 'doc', version: 1, content: [...] }` of known nodes and marks. */
export const isAdfDocument = (value: unknown): boolean =>
  isRecord(value) &&
  value.type === 'doc' &&
  value.version === 1 &&
  Array.isArray(value.content) &&
  value.content.every((node) => isRecord(node) && typeof node.type === 'string' && BLOCK_NODES.has(node.type)) &&
  value.content.every(isAdfNode);

export const ADF_REQUIRED = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
export const cannotBeSet = (field: string) =>
  `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
export const USER_UNKNOWN = 'Specified user does not exist or you do not have required permissions';

const isDay = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export type FieldContext = { users: readonly FakeJiraUser[]; projects: readonly FakeJiraProject[] };

type FieldCheck = (value: unknown, context: FieldContext) => string | undefined;

const EDITABLE: Record<string, FieldCheck> = {
  summary: (value) => {
    if (typeof value !== 'string' || value.trim() === '') return 'You must specify a summary of the issue.';
    if (value.length > 255) return 'Summary must be less than 255 characters.';
    return /[\r\n]/.test(value) ? 'The summary is invalid because it contains newline characters.' : undefined;
  },
  description: (value) => (value === null || isAdfDocument(value) ? undefined : ADF_REQUIRED),
  labels: (value) => {
    if (!Array.isArray(value)) return 'Data was not an array';
    const spaced = value.find((label) => typeof label !== 'string' || /\s/.test(label) || label === '');
    return spaced === undefined ? undefined : `The label '${String(spaced)}' contains spaces which is invalid.`;
  },
  duedate: (value) =>
    value === null || (typeof value === 'string' && isDay(value))
      ? undefined
      : `Error parsing date string: ${String(value)}`,
  assignee: (value, { users }) => {
    if (value === null) return undefined;
    const accountId = isRecord(value) ? value.accountId : undefined;
    const user = users.find((known) => known.accountId === accountId);
    return user?.active ? undefined : USER_UNKNOWN;
  },
};

const checkFields = ({
  fields,
  allowed,
  context,
}: {
  fields: Record<string, unknown>;
  allowed: Record<string, FieldCheck>;
  context: FieldContext;
}): Record<string, string> => {
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    const check = allowed[name];
    const message = check ? check(value, context) : cannotBeSet(name);
    if (message !== undefined) errors[name] = message;
  }
  return errors;
};

/** The project and issue type a create names, or Jira's errors for them and the other fields. */
export const checkCreateFields = (
  fields: Record<string, unknown>,
  context: FieldContext,
): { errors: Record<string, string>; project?: FakeJiraProject; issueType?: string } => {
  const { project: projectRef, issuetype: typeRef, ...rest } = fields;
  const errors = checkFields({ fields: rest, allowed: EDITABLE, context });
  if (!('summary' in rest)) errors.summary = 'You must specify a summary of the issue.';
  const project = context.projects.find(
    (known) => isRecord(projectRef) && (projectRef.key === known.key || projectRef.id === known.id),
  );
  if (!project) errors.project = 'valid project is required';
  const issueType = project?.issueTypes.find((name) => isRecord(typeRef) && typeRef.name === name);
  if (!isRecord(typeRef)) errors.issuetype = 'Specify an issue type';
  else if (project && !issueType) errors.issuetype = 'Specify a valid issue type';
  return { errors, ...(project ? { project } : {}), ...(issueType ? { issueType } : {}) };
};

/** Jira's errors for the fields of an edit (`PUT /rest/api/3/issue/{key}`): status and resolution are not fields. */
export const checkEditFields = (fields: Record<string, unknown>, context: FieldContext): Record<string, string> =>
  checkFields({ fields, allowed: EDITABLE, context });
