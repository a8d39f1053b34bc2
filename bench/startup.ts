import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { startSitrep } from '../demo/sitrep-process.ts';
import { buildPgliteTemplate, defaultTemplateDir } from '../src/store/pglite-template.ts';
import { writeResultsSection } from './results-section.ts';
import { median } from './timing.ts';

// `npm run bench:startup`: the real `sitrep serve` on an empty DATA_DIR, its database copied from the template
// npm install built and, for comparison, made by initdb (DATA_DIR_TEMPLATE pointing where there is none); then a
// restart on the same directory. Rounds alternate the cases, so a busy spell on the machine falls on each alike.
// Rewrites its section of RESULTS.md.

const ROUNDS = 5;

type Start = { readyMs: number; createdMs: number | undefined };

/** Spawns serve, waits for /readyz 200 and stops it; reads how long creating the database took from its log. */
const timeStart = async (env: Record<string, string>): Promise<Start> => {
  const started = performance.now();
  const sitrep = await startSitrep({ env, readyWithinMs: 60_000 });
  const readyMs = performance.now() - started;
  const exit = await sitrep.stop();
  if (exit.code !== 0) throw new Error(`sitrep exited ${exit.code}\n${exit.stderr}`);
  const created = exit.stdout.split('\n').find((line) => line.includes('"msg":"created the embedded database"'));
  const createdMs: unknown = created ? JSON.parse(created).ms : undefined;
  return { readyMs, createdMs: typeof createdMs === 'number' ? createdMs : undefined };
};

const CASES = ['PGlite, first start, copied from the template', 'PGlite, first start, initdb', 'PGlite, restart'];

const benchStartup = async (dir: string): Promise<Map<string, Start[]>> => {
  const slack = await startFakeSlackServer();
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'info',
  };
  const runs = new Map<string, Start[]>(CASES.map((name) => [name, []]));
  const record = (name: string, start: Start) => runs.get(name)?.push(start);
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const seeded = { ...env, DATA_DIR: join(dir, `template-${round}`) };
      record('PGlite, first start, copied from the template', await timeStart(seeded));
      record('PGlite, restart', await timeStart(seeded));
      const initdb = { ...env, DATA_DIR: join(dir, `initdb-${round}`), DATA_DIR_TEMPLATE: join(dir, 'no-template') };
      record('PGlite, first start, initdb', await timeStart(initdb));
      await rm(seeded.DATA_DIR, { recursive: true, force: true });
      await rm(initdb.DATA_DIR, { recursive: true, force: true });
    }
  } finally {
    await slack.close();
  }
  return runs;
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const formatTable = (runs: Map<string, Start[]>): string =>
  [
    `| ${ROUNDS} runs each | median to /readyz 200 | fastest – slowest | of which creating the database (median) |`,
    '| --- | --- | --- | --- |',
    ...[...runs].map(([name, starts]) => {
      const ready = starts.map((start) => start.readyMs);
      const created = starts.flatMap((start) => (start.createdMs === undefined ? [] : [start.createdMs]));
      return `| ${name} | ${seconds(median(ready))} | ${seconds(Math.min(...ready))} – ${seconds(Math.max(...ready))} | ${
        created.length > 0 ? seconds(median(created)) : ''
      } |`;
    }),
  ].join('\n');

const SECTION = '## Startup (issue 23)';
const TARGET = 'Targets (issue 23): a first start on an empty DATA_DIR under 2 s, a restart under 1 s.';

const loadAtStart = loadavg()[0]?.toFixed(1) ?? '?';
const templateDir = await defaultTemplateDir();
// The template is npm install's work; a checkout installed with --ignore-scripts has none yet.
await buildPgliteTemplate(templateDir);
const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-startup-'));
try {
  const runs = await benchStartup(dir);
  const table = formatTable(runs);
  const medianOf = (name: string) => median((runs.get(name) ?? []).map((start) => start.readyMs));
  const verdict = (name: string, limitMs: number) =>
    `${name}: ${seconds(medianOf(name))}, ${medianOf(name) < limitMs ? 'met' : 'missed'}`;
  const against = `In this run: ${verdict(CASES[0] ?? '', 2_000)}; ${verdict(CASES[2] ?? '', 1_000)}.`;
  process.stdout.write(`${table}\n`);
  const intro = `${SECTION}

\`npm run bench:startup\` (\`bench/startup.ts\`): the real \`sitrep serve\` process against the fake Slack HTTP server,
from spawning it to the first 200 from \`/readyz\` (database open, every migration applied, port listening), on an
empty DATA_DIR: its database copied from the template \`npm install\` built (\`node_modules/.cache/sitrep/\`), and made
by initdb in a child process as it was before the template (\`DATA_DIR_TEMPLATE\` set to a folder with none); then a
restart on the copied one. The rounds alternate the three, ${ROUNDS} each. Creating the database is the time sitrep logs
for it ("created the embedded database"); the rest is the same work as a restart's, plus the migrations. Every start
loads sitrep's modules from Node's compile cache, which \`npm install\` warms (bin/sitrep.js).`;
  const run = `Run on ${new Date().toISOString().slice(0, 10)}, the load average at ${loadAtStart} when it started and ${loadavg()[0]?.toFixed(1)} when it ended: on a busy machine every row grows, the first starts' difference from a restart is what to compare.`;
  await writeResultsSection({
    heading: SECTION,
    text: `${intro}\n${run}\n\n${table}\n\n${against}\n${TARGET}\n`,
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
