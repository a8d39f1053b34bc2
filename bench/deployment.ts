import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { benchAckLatency, formatAckTable } from './ack-latency.ts';
import { benchRetentionYear, formatRetentionTable } from './retention-year.ts';

// `npm run bench:deployment`: the acknowledgement latencies (each command journaled before its 200) and a year of
// retention, rewriting only their sections of bench/RESULTS.md; `npm run bench` runs them with everything else.

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

const ackTable = formatAckTable(await benchAckLatency());
process.stdout.write(`${ackTable}\n\n`);
const retentionTable = formatRetentionTable(await benchRetentionYear());
process.stdout.write(`${retentionTable}\n`);

/** Replaces the table that starts with `heading` (its first line) in the results. */
const replaceTable = (results: string, heading: string, table: string): string => {
  const start = results.indexOf(heading);
  if (start < 0) throw new Error(`no table starting with ${heading} in RESULTS.md: run npm run bench`);
  const end = results.indexOf('\n\n', start);
  return `${results.slice(0, start)}${table}${end < 0 ? '\n' : results.slice(end)}`;
};
let results = await readFile(RESULTS, 'utf8');
results = replaceTable(results, ackTable.split('\n')[0] ?? '', ackTable);
results = replaceTable(results, retentionTable.split('\n')[0] ?? '', retentionTable);
await writeFile(RESULTS, results);
