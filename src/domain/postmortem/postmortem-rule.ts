import { ACTION_KIND_LABELS, type ActionKindName } from '../action-items/action-item-kinds.ts';
import type { Signals } from './postmortem-signals.ts';

export type PostmortemQuestion = { id: string; text: string };

export type PostmortemSuggestion = { kind: ActionKindName; label: string; text: string; because: string };

/** What one rule of the postmortem finds: the questions it asks and the action items it suggests. */
export type Finding = { questions: PostmortemQuestion[]; suggestions: PostmortemSuggestion[] };

/** A rule looks at one condition and finds nothing unless it holds. */
export type PostmortemRule = (signals: Signals) => Finding;

export const NOTHING: Finding = { questions: [], suggestions: [] };

/** A suggestion of `kind`, with its label and the fact behind it. */
export const suggest = (kind: ActionKindName, text: string, because: string): PostmortemSuggestion => ({
  kind,
  label: ACTION_KIND_LABELS[kind],
  text,
  because,
});
