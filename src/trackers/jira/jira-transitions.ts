import { z } from 'zod';
import { isCancellingName } from '../../domain/trackers/jira-status.ts';
import type { TicketStatus } from '../../domain/trackers/tracker.ts';

const ZAllowedValue = z.looseObject({ id: z.string().optional(), name: z.string().optional() });

/** A transition as `GET /rest/api/3/issue/{key}/transitions?expand=transitions.fields` lists it. */
export const ZJiraTransition = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  to: z.looseObject({ name: z.string(), statusCategory: z.looseObject({ key: z.string() }) }),
  // The fields of the transition's screen; absent when it has none.
  fields: z
    .record(
      z.string(),
      z.looseObject({ required: z.boolean().optional(), allowedValues: z.array(ZAllowedValue).optional() }),
    )
    .optional(),
});

export type TJiraTransition = z.infer<typeof ZJiraTransition>;

export type TransitionPlan = {
  transitionId: string;
  /** The resolution to set, by name, when the transition's screen has the field. */
  resolution: string | null;
  /** False when a cancel had to close the ticket as plain done: its workflow has no way to say "won't do". */
  cancelKept: boolean;
};

const namesOf = (transition: TJiraTransition) => [transition.name, transition.to.name];

const resolutionFor = (transition: TJiraTransition, wanted: 'done' | 'cancelled'): string | null => {
  const field = transition.fields?.resolution;
  if (field === undefined) return null;
  const names = (field.allowedValues ?? []).flatMap((value) => (value.name === undefined ? [] : [value.name]));
  const fitting =
    wanted === 'done'
      ? names.filter((name) => !isCancellingName(name))
      : names.filter((name) => isCancellingName(name) && !/duplicate/i.test(name));
  const preferred = wanted === 'done' ? fitting.find((name) => /^(done|fixed)$/i.test(name)) : undefined;
  // A required resolution must be given even when none fits; an optional one is then left to the workflow.
  return preferred ?? fitting[0] ?? (field.required === true ? (names[0] ?? null) : null);
};

const planCancel = (closing: TJiraTransition[]): TransitionPlan | null => {
  const named = closing.find((transition) => namesOf(transition).some(isCancellingName));
  if (named) return { transitionId: named.id, resolution: resolutionFor(named, 'cancelled'), cancelKept: true };
  const resolvable = closing.find((transition) => {
    const resolution = resolutionFor(transition, 'cancelled');
    return resolution !== null && isCancellingName(resolution);
  });
  if (resolvable) {
    return { transitionId: resolvable.id, resolution: resolutionFor(resolvable, 'cancelled'), cancelKept: true };
  }
  const [plain] = closing;
  return plain ? { transitionId: plain.id, resolution: resolutionFor(plain, 'done'), cancelKept: false } : null;
};

/**
 * The transition that takes a ticket to `to`, from those Jira offers it now, or null when none does. Open: a status
 * in the new category, else in progress. Done: a done-category status not named like a cancel. Cancelled: a
 * done-category status named like one (Won't Do, Cancelled), else one whose screen takes a cancelling resolution,
 * else plain done (`cancelKept` false). Transition ids differ by workflow, so they are never assumed.
 */
export const planTransition = ({
  transitions,
  to,
}: {
  transitions: readonly TJiraTransition[];
  to: TicketStatus;
}): TransitionPlan | null => {
  const inCategory = (key: string) => transitions.filter((transition) => transition.to.statusCategory.key === key);
  if (to === 'open') {
    const [opening] = [...inCategory('new'), ...inCategory('indeterminate')];
    return opening ? { transitionId: opening.id, resolution: null, cancelKept: true } : null;
  }
  const closing = inCategory('done');
  if (to === 'cancelled') return planCancel(closing);
  // A status named like a cancel reads back as cancelled, whatever its resolution.
  const done = closing.find((transition) => !namesOf(transition).some(isCancellingName));
  return done ? { transitionId: done.id, resolution: resolutionFor(done, 'done'), cancelKept: true } : null;
};
