import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

export type ResultsSection = {
  /** The section's heading line, where it starts. */
  heading: string;
  /** Its last line, where it ends. */
  target: string;
  /** The whole section, heading and target line included. */
  text: string;
};

/**
 * For a benchmark run on its own (`npm run bench:backup`): rewrites its section of RESULTS.md, or adds it at the end,
 * and leaves the rest of the file as it was.
 */
export const writeResultsSection = async ({ heading, target, text }: ResultsSection): Promise<void> => {
  const results = await readFile(RESULTS, 'utf8');
  const start = results.indexOf(heading);
  await writeFile(
    RESULTS,
    start < 0
      ? `${results.trimEnd()}\n\n${text}`
      : `${results.slice(0, start)}${text}${results.slice(results.indexOf(target, start) + target.length + 1)}`,
  );
};
