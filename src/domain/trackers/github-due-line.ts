/**
 * GitHub issues have no due date, so sitrep keeps one in the body as a line of its own, `Due: YYYY-MM-DD`.
 * A person editing that line moves the due date; a line that no longer holds a real calendar day (`Due: soon`) means
 * no due date. The first such line counts; `due:` in any case, surrounding spaces and Windows line ends (GitHub's
 * editor writes `\r\n`) are all read.
 */

const DUE_LINE = /^[ \t]*due:[ \t]*(.*?)[ \t]*\r?$/im;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is YYYY-MM-DD naming a day that exists (no 2026-02-30). */
const isCalendarDay = (text: string): boolean => {
  const match = DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/**
 * The due day an issue's body states, or null when it has no Due line or the line holds no calendar day.
 *
 * @example readDueLine('Follow-up of INC-12\n\nDue: 2026-12-01') // '2026-12-01'
 */
export const readDueLine = (body: string | null | undefined): string | null => {
  const value = DUE_LINE.exec(body ?? '')?.[1];
  return value !== undefined && isCalendarDay(value) ? value : null;
};

export type WriteDueLineOptions = { body: string | null | undefined; dueDate: string | null };

/**
 * The body with its Due line saying `dueDate`, every other line as it was: the first Due line is rewritten (or
 * removed, for null), else a new one is added after a blank line.
 *
 * @example writeDueLine({ body: 'Fix retries', dueDate: '2026-12-01' }) // 'Fix retries\n\nDue: 2026-12-01'
 */
export const writeDueLine = ({ body, dueDate }: WriteDueLineOptions): string => {
  const text = body ?? '';
  const existing = DUE_LINE.exec(text);
  if (existing) {
    if (dueDate !== null) return text.replace(DUE_LINE, (line) => `Due: ${dueDate}${line.endsWith('\r') ? '\r' : ''}`);
    const before = text.slice(0, existing.index).replace(/(\r?\n)+$/, '');
    const after = text.slice(existing.index + existing[0].length).replace(/^\n/, '');
    return before === '' || after === '' ? `${before}${after}` : `${before}\n${after}`;
  }
  if (dueDate === null) return text;
  return text.trim() === '' ? `Due: ${dueDate}` : `${text.replace(/\s+$/, '')}\n\nDue: ${dueDate}`;
};
