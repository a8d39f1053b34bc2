import { createHash } from 'node:crypto';

/**
 * A short version of the set of impact windows open on an incident: equal for the same windows in any order, and
 * different (but for a 2^-128 chance) once one opened or closed. The resolve question carries it instead of the
 * windows' ids, which do not fit in a button's 2,000 characters once some 45 are open; a click re-reads the windows
 * and goes ahead only when they are still the ones the person saw.
 *
 * @example versionOpenWindows(['b', 'a']) === versionOpenWindows(['a', 'b']) // => true
 */
export const versionOpenWindows = (windowIds: readonly string[]): string =>
  createHash('sha256').update(windowIds.toSorted().join(',')).digest('base64url').slice(0, 22);
