import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchStartupMemory } from './startup-memory.ts';

// `npm run bench`: runs every benchmark on this machine, prints one table and rewrites bench/RESULTS.md.

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;

const startup = await benchStartupMemory();
const rows = startup.map((f) => `| ${f.case} | ${f.readyMs} ms | ${f.idleRssMb} MB | ${f.peakRssMb} MB |`);
const table = [
  '| startup | to /readyz 200 | idle RSS | peak RSS (server) |',
  '| --- | --- | --- | --- |',
  ...rows,
].join('\n');
process.stdout.write(`${table}\n`);

const results = `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}.

## Startup and memory

The real \`sitrep serve\` process (\`bin/sitrep.js\`) against the fake Slack HTTP server, HTTP mode. Time is from
spawning the process to the first 200 from \`/readyz\` (database open, migrations applied, port listening). Idle RSS
is \`VmRSS\` from \`/proc/<pid>/status\` after 3 s of quiet; peak is the server's own \`VmHWM\`. On a first start
PGlite's initdb runs in a child process, whose peak is not the server's and is gone when it exits. PostgreSQL rows
appear when \`TEST_DATABASE_URL\` or \`BENCH_DATABASE_URL\` is set.

${table}

Targets (issue: foundation): ready within 10 s on a first start and 3 s later; idle RSS under 250 MB on PGlite and
under 150 MB on PostgreSQL.
`;
await writeFile(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), results);
