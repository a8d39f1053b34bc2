import { z } from 'zod';
import type { GraphqlField, GraphqlOperation, GraphqlValue } from './graphql-document.ts';

// The slice of Linear's GraphQL schema (packages/sdk/src/schema.graphql in linear/linear) the fake serves: the root
// fields, object fields and input fields it knows, with their types as the schema spells them. A document asking for
// anything else is refused as Linear refuses a field its schema lacks; an input field the fake does not know is
// refused too, which makes the fake stricter than Linear, never laxer.

type FieldType = { type: string; args?: Record<string, string> };

const connection = (node: string): Record<string, FieldType> => ({
  nodes: { type: `[${node}!]!` },
  pageInfo: { type: 'PageInfo!' },
});

const FIRST = { first: 'Int', after: 'String', includeArchived: 'Boolean' };

const SCHEMA: Record<string, Record<string, FieldType>> = {
  Query: {
    issue: { type: 'Issue!', args: { id: 'String!' } },
    teams: { type: 'TeamConnection!', args: { filter: 'TeamFilter', ...FIRST } },
    users: { type: 'UserConnection!', args: { filter: 'UserFilter', includeDisabled: 'Boolean', ...FIRST } },
    user: { type: 'User!', args: { id: 'String!' } },
    viewer: { type: 'User!' },
    issueLabels: { type: 'IssueLabelConnection!', args: { filter: 'IssueLabelFilter', ...FIRST } },
    workflowStates: { type: 'WorkflowStateConnection!', args: { filter: 'WorkflowStateFilter', ...FIRST } },
  },
  Mutation: {
    issueCreate: { type: 'IssuePayload!', args: { input: 'IssueCreateInput!' } },
    issueUpdate: { type: 'IssuePayload!', args: { id: 'String!', input: 'IssueUpdateInput!' } },
    issueLabelCreate: {
      type: 'IssueLabelPayload!',
      args: { input: 'IssueLabelCreateInput!', replaceTeamLabels: 'Boolean' },
    },
    commentCreate: { type: 'CommentPayload!', args: { input: 'CommentCreateInput!' } },
  },
  Issue: {
    id: { type: 'ID!' },
    identifier: { type: 'String!' },
    number: { type: 'Float!' },
    title: { type: 'String!' },
    description: { type: 'String' },
    url: { type: 'String!' },
    dueDate: { type: 'TimelessDate' },
    priority: { type: 'Float!' },
    createdAt: { type: 'DateTime!' },
    updatedAt: { type: 'DateTime!' },
    state: { type: 'WorkflowState!' },
    assignee: { type: 'User' },
    team: { type: 'Team!' },
    labels: { type: 'IssueLabelConnection!', args: FIRST },
  },
  User: {
    id: { type: 'ID!' },
    name: { type: 'String!' },
    displayName: { type: 'String!' },
    email: { type: 'String!' },
    active: { type: 'Boolean!' },
    url: { type: 'String!' },
  },
  Team: { id: { type: 'ID!' }, key: { type: 'String!' }, name: { type: 'String!' } },
  WorkflowState: {
    id: { type: 'ID!' },
    name: { type: 'String!' },
    type: { type: 'String!' },
    position: { type: 'Float!' },
    color: { type: 'String!' },
    team: { type: 'Team!' },
  },
  IssueLabel: {
    id: { type: 'ID!' },
    name: { type: 'String!' },
    color: { type: 'String!' },
    isGroup: { type: 'Boolean!' },
    team: { type: 'Team' },
  },
  Comment: { id: { type: 'ID!' }, body: { type: 'String!' }, issue: { type: 'Issue' }, user: { type: 'User' } },
  PageInfo: { hasNextPage: { type: 'Boolean!' }, endCursor: { type: 'String' } },
  TeamConnection: connection('Team'),
  UserConnection: connection('User'),
  IssueLabelConnection: connection('IssueLabel'),
  WorkflowStateConnection: connection('WorkflowState'),
  IssuePayload: { success: { type: 'Boolean!' }, lastSyncId: { type: 'Float!' }, issue: { type: 'Issue' } },
  IssueLabelPayload: {
    success: { type: 'Boolean!' },
    lastSyncId: { type: 'Float!' },
    issueLabel: { type: 'IssueLabel!' },
  },
  CommentPayload: { success: { type: 'Boolean!' }, lastSyncId: { type: 'Float!' }, comment: { type: 'Comment!' } },
};

const namedType = (type: string): string => type.replaceAll(/[[\]!]/g, '');

/** A variable declared `String!` may be passed where `String` is taken, not the other way round. */
const fits = (declared: string, expected: string): boolean => declared === expected || declared === `${expected}!`;

const variablesIn = (value: GraphqlValue): string[] => {
  if (value.kind === 'variable') return [value.name];
  if (value.kind === 'list') return value.values.flatMap(variablesIn);
  if (value.kind === 'object') return Object.values(value.fields).flatMap(variablesIn);
  return [];
};

const checkField = (
  parent: string,
  field: GraphqlField,
  context: { operation: GraphqlOperation; errors: string[]; used: Set<string> },
): void => {
  const definition = SCHEMA[parent]?.[field.name];
  if (definition === undefined) {
    context.errors.push(`Cannot query field "${field.name}" on type "${parent}".`);
    return;
  }
  const args = definition.args ?? {};
  for (const [name, value] of Object.entries(field.args)) {
    const expected = args[name];
    if (expected === undefined) {
      context.errors.push(`Unknown argument "${name}" on field "${parent}.${field.name}".`);
      continue;
    }
    for (const variable of variablesIn(value)) context.used.add(variable);
    const declared = value.kind === 'variable' ? context.operation.variables.get(value.name) : undefined;
    if (declared !== undefined && !fits(declared.type, expected)) {
      context.errors.push(
        `Variable "$${value.kind === 'variable' ? value.name : ''}" of type "${declared.type}" used in position expecting type "${expected}".`,
      );
    }
  }
  for (const [name, type] of Object.entries(args)) {
    if (type.endsWith('!') && field.args[name] === undefined) {
      context.errors.push(
        `Field "${field.name}" argument "${name}" of type "${type}" is required, but it was not provided.`,
      );
    }
  }
  const child = namedType(definition.type);
  if (SCHEMA[child] === undefined) {
    if (field.selections !== undefined) {
      context.errors.push(
        `Field "${field.name}" must not have a selection since type "${definition.type}" has no subfields.`,
      );
    }
    return;
  }
  if (field.selections === undefined) {
    context.errors.push(`Field "${field.name}" of type "${definition.type}" must have a selection of subfields.`);
    return;
  }
  for (const selection of field.selections) checkField(child, selection, context);
};

/** graphql-js's validation, for the slice: unknown fields and arguments, missing ones, variables declared and used. */
export const validateOperation = (operation: GraphqlOperation): string[] => {
  const errors: string[] = [];
  const context = { operation, errors, used: new Set<string>() };
  const root = operation.type === 'query' ? 'Query' : 'Mutation';
  for (const field of operation.selections) checkField(root, field, context);
  for (const name of context.used) {
    if (!operation.variables.has(name)) context.errors.push(`Variable "$${name}" is not defined.`);
  }
  for (const name of operation.variables.keys()) {
    if (!context.used.has(name)) context.errors.push(`Variable "$${name}" is never used.`);
  }
  return context.errors;
};

/** The arguments with the request's variables put in; a required variable not given is an error. */
export const resolveValue = (value: GraphqlValue, variables: Record<string, unknown>): unknown => {
  if (value.kind === 'variable') return variables[value.name] ?? null;
  if (value.kind === 'literal') return value.value;
  if (value.kind === 'enum') return value.name;
  if (value.kind === 'list') return value.values.map((item) => resolveValue(item, variables));
  return Object.fromEntries(Object.entries(value.fields).map(([key, item]) => [key, resolveValue(item, variables)]));
};

/** Picks what the document asked of a value the resolvers built whole. */
export const project = (value: unknown, selections: GraphqlField[] | undefined): unknown => {
  if (selections === undefined || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((item) => project(item, selections));
  const record = z.record(z.string(), z.unknown()).parse(value);
  return Object.fromEntries(selections.map((field) => [field.key, project(record[field.name], field.selections)]));
};
