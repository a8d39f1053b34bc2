import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

export type ResultsSection = {
  /** The section's heading line (`## …`), where it starts; it ends where the next `## ` heading starts. */
  heading: string;
  /** The whole section, heading included, ending with a newline. */
  text: string;
  /** The heading of the section it goes before the first time; by default it goes at the end. */
  before?: string;
};

/**
 * For a benchmark run on its own (`npm run bench:backup`): rewrites its section of RESULTS.md, or adds it, and
 * leaves the rest of the file as it was, sections written by hand after it included.
 */
export const writeResultsSection = async ({ heading, text, before }: ResultsSection): Promise<void> => {
  const results = await readFile(RESULTS, 'utf8');
  const start = results.indexOf(heading);
  const end = start < 0 ? -1 : results.indexOf('\n## ', start + heading.length);
  const insertAt = before === undefined ? -1 : results.indexOf(before);
  await writeFile(
    RESULTS,
    start >= 0
      ? `${results.slice(0, start)}${text}${end < 0 ? '' : results.slice(end)}`
      : insertAt >= 0
        ? `${results.slice(0, insertAt)}${text}\n${results.slice(insertAt)}`
        : `${results.trimEnd()}\n\n${text}`,
  );
};
