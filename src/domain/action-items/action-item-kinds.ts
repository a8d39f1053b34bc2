/** The five STAR kinds of action item, as the `ActionKind` enum spells them. */
export const ACTION_KINDS = ['fix', 'test', 'alarm', 'doc', 'visibility'] as const;
export type ActionKindName = (typeof ACTION_KINDS)[number];

export const ACTION_KIND_LABELS: Record<ActionKindName, string> = {
  fix: 'Software or configuration fix',
  test: 'Missing test',
  alarm: 'Alarm',
  doc: 'Support documentation',
  visibility: 'Visibility',
};
