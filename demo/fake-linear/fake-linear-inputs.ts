import { z } from 'zod';

// The input types of the fake's root fields, as Linear's schema has them (every field nullable unless `!`), each
// closed: a field Linear's input type lacks is refused, as GraphQL refuses it.

const ZString = z.string().nullish();
const ZStrings = z.array(z.string()).nullish();

const ZStringComparator = z.strictObject({
  eq: ZString,
  neq: ZString,
  eqIgnoreCase: ZString,
  in: ZStrings,
  nin: ZStrings,
});

const ZIdComparator = z.strictObject({ eq: ZString, neq: ZString, in: ZStrings, nin: ZStrings });

const ZTeamFilter = z.strictObject({
  id: ZIdComparator.nullish(),
  key: ZStringComparator.nullish(),
  name: ZStringComparator.nullish(),
});

const ZNullableTeamFilter = z.strictObject({ ...ZTeamFilter.shape, null: z.boolean().nullish() });

const ZUserFilter = z.strictObject({
  id: ZIdComparator.nullish(),
  email: ZStringComparator.nullish(),
  name: ZStringComparator.nullish(),
  displayName: ZStringComparator.nullish(),
});

const ZIssueLabelFields = {
  id: ZIdComparator.nullish(),
  name: ZStringComparator.nullish(),
  team: ZNullableTeamFilter.nullish(),
};

/** `and` and `or` nest one level here, which is as deep as a client asking for labels by name goes. */
const ZIssueLabelFilter = z.strictObject({
  ...ZIssueLabelFields,
  and: z.array(z.strictObject(ZIssueLabelFields)).nullish(),
  or: z.array(z.strictObject(ZIssueLabelFields)).nullish(),
});

const ZWorkflowStateFilter = z.strictObject({
  id: ZIdComparator.nullish(),
  name: ZStringComparator.nullish(),
  type: ZStringComparator.nullish(),
  team: ZTeamFilter.nullish(),
});

export type TStringComparator = z.infer<typeof ZStringComparator>;
export type TIdComparator = z.infer<typeof ZIdComparator>;
export type TTeamFilter = z.infer<typeof ZNullableTeamFilter>;
export type TIssueLabelFilter = z.infer<typeof ZIssueLabelFilter>;

const ZIssueFields = {
  title: ZString,
  description: ZString,
  labelIds: ZStrings,
  assigneeId: ZString,
  dueDate: ZString,
  stateId: ZString,
  priority: z.number().int().nullish(),
};

const ZPage = { first: z.number().int().nullish(), after: ZString, includeArchived: z.boolean().nullish() };

/** Each root field's arguments once the variables are in. */
export const ZRootArgs = {
  issue: z.object({ id: z.string() }),
  teams: z.object({ filter: ZTeamFilter.nullish(), ...ZPage }),
  users: z.object({ filter: ZUserFilter.nullish(), includeDisabled: z.boolean().nullish(), ...ZPage }),
  user: z.object({ id: z.string() }),
  viewer: z.object({}),
  issueLabels: z.object({ filter: ZIssueLabelFilter.nullish(), ...ZPage }),
  workflowStates: z.object({ filter: ZWorkflowStateFilter.nullish(), ...ZPage }),
  issueCreate: z.object({ input: z.strictObject({ id: ZString, teamId: z.string(), ...ZIssueFields }) }),
  issueUpdate: z.object({ id: z.string(), input: z.strictObject(ZIssueFields) }),
  issueLabelCreate: z.object({
    input: z.strictObject({ id: ZString, name: z.string(), teamId: ZString, color: ZString, description: ZString }),
    replaceTeamLabels: z.boolean().nullish(),
  }),
  commentCreate: z.object({ input: z.strictObject({ id: ZString, issueId: z.string(), body: z.string() }) }),
};

export type RootField = keyof typeof ZRootArgs;
export type RootArgs = { [K in RootField]: z.infer<(typeof ZRootArgs)[K]> };

export const isRootField = (name: string): name is RootField => Object.hasOwn(ZRootArgs, name);

/** Whether `value` passes a StringComparator: what Linear's filters do with the operators the fake knows. */
export const matchesString = (comparator: TStringComparator | null | undefined, value: string): boolean => {
  if (comparator == null) return true;
  if (comparator.eq != null && value !== comparator.eq) return false;
  if (comparator.neq != null && value === comparator.neq) return false;
  if (comparator.eqIgnoreCase != null && value.toLowerCase() !== comparator.eqIgnoreCase.toLowerCase()) return false;
  if (comparator.in != null && !comparator.in.includes(value)) return false;
  if (comparator.nin?.includes(value)) return false;
  return true;
};

/** What GraphQL says of an argument it cannot take, from zod's issue. */
export const describeArgumentIssues = (field: string, issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.map((issue) => {
    const at = [field, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return `Argument "${at}" has an invalid value: Field "${issue.keys.join('", "')}" is not defined by its input type.`;
    }
    return `Argument "${at}" has an invalid value: ${issue.message}.`;
  });
