/**
 * GitHub issues have no due date, so sitrep keeps one in the body as a line of its own, `Due: YYYY-MM-DD`.
 * A person editing that line moves the due date; a line that no longer holds a real calendar day (`Due: soon`) means
 * no due date. The first such line counts; `due:` in any case, surrounding spaces and Windows line ends (GitHub's
 * editor writes `\r\n`) are all read.
 */

// Lines are read one by one with string methods: GitHub bodies are people's text, up to 65,536 characters, and
// a pattern across them (`^[ \t]*due:[ \t]*(.*?)[ \t]*\r?$`) backtracks quadratically on a long run of tabs.

const isBlank = (char: string | undefined) => char === ' ' || char === '\t';

/** A line without its `\r` and the spaces and tabs around it. */
const trimLine = (line: string): string => {
  let start = 0;
  let end = line.endsWith('\r') ? line.length - 1 : line.length;
  while (start < end && isBlank(line[start])) start += 1;
  while (end > start && isBlank(line[end - 1])) end -= 1;
  return line.slice(start, end);
};

/** What a Due line says, or undefined for any other line. */
const dueValueOf = (line: string): string | undefined => {
  const trimmed = trimLine(line);
  return trimmed.slice(0, 4).toLowerCase() === 'due:' ? trimLine(trimmed.slice(4)) : undefined;
};

const findDueLine = (lines: readonly string[]): number => lines.findIndex((line) => dueValueOf(line) !== undefined);

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
  const lines = (body ?? '').split('\n');
  const at = findDueLine(lines);
  const value = at < 0 ? undefined : dueValueOf(lines[at] ?? '');
  return value !== undefined && isCalendarDay(value) ? value : null;
};

export type WriteDueLineOptions = { body: string | null | undefined; dueDate: string | null };

/** Whether a line holds nothing but whitespace (a `\r` included). */
const isEmptyLine = (line: string) => line.trim() === '';

/**
 * The body with its Due line saying `dueDate`, every other line as it was: the first Due line is rewritten (or
 * removed, for null, with the blank lines before it), else a new one is added after a blank line.
 *
 * @example writeDueLine({ body: 'Fix retries', dueDate: '2026-12-01' }) // 'Fix retries\n\nDue: 2026-12-01'
 */
export const writeDueLine = ({ body, dueDate }: WriteDueLineOptions): string => {
  const text = body ?? '';
  const lines = text.split('\n');
  const at = findDueLine(lines);
  if (at >= 0) {
    if (dueDate !== null) {
      lines[at] = `Due: ${dueDate}${lines[at]?.endsWith('\r') ? '\r' : ''}`;
      return lines.join('\n');
    }
    let from = at;
    while (from > 0 && isEmptyLine(lines[from - 1] ?? '')) from -= 1;
    const before = lines.slice(0, from);
    const after = lines.slice(at + 1);
    return [...before, ...after].join('\n');
  }
  if (dueDate === null) return text;
  if (text.trim() === '') return `Due: ${dueDate}`;
  let end = lines.length;
  while (end > 0 && isEmptyLine(lines[end - 1] ?? '')) end -= 1;
  return `${lines.slice(0, end).join('\n').trimEnd()}\n\nDue: ${dueDate}`;
};
