import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedExampleWorkspace } from '../demo/fake-slack/example-workspace.ts';
import { createFakeSlack } from '../demo/fake-slack/fake-slack.ts';
import { startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { openDatabase } from '../src/store/database.ts';
import { applyMigrations, readMigrations } from '../src/store/migrate.ts';
import { seedHistory } from '../test/support/seed-history.ts';
import { benchPostgresUrl, dropSchema, startBenchSitrep, stopSitrep } from './bench-sitrep.ts';
import { readStatusMb } from './read-status-mb.ts';
import { writeResultsSection } from './results-section.ts';

// `npm run bench:backup`: `sitrep backup` of 10,000 incidents (with their timelines, impact windows, postmortem
// versions and action items) through a running `sitrep serve` on PGlite, with no server, and on PostgreSQL when
// TEST_DATABASE_URL or BENCH_DATABASE_URL is set; then `sitrep restore` of the file. Rewrites its table in RESULTS.md.

const INCIDENTS = 10_000;
const BIN = fileURLToPath(new URL('../bin/sitrep.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const POLL_MS = 20;

type BackupFigure = {
  case: string;
  seconds: number;
  /** The CLI process's own peak (VmHWM), read until it exits. */
  commandPeakMb: number;
  /** The running server's resident memory before, and the highest read while the command ran. */
  serverMb?: { before: number; peak: number };
  /** The longest `/readyz` (a query on the server's own connection) took while the command ran. */
  serverWaitMs?: number;
  fileMb?: number;
};

/** Runs `sitrep <args>` and samples its memory (and the server's) until it exits. */
const runMeasured = async (args: string[], env: Record<string, string>, serverPid?: number) => {
  const started = performance.now();
  const child = spawn(process.execPath, ['--liftoff-only', '--max-semi-space-size=2', BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', SITREP_CONFIG: 'sitrep.example.yml', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = once(child, 'exit');
  let commandPeakMb = 0;
  let serverPeak = 0;
  const serverBefore = serverPid === undefined ? 0 : await readStatusMb(serverPid, 'VmRSS');
  let running = true;
  exited.then(() => (running = false));
  while (running) {
    if (child.pid !== undefined) {
      // An exiting process has no VmHWM any more: NaN, or no file at all.
      const peak = await readStatusMb(child.pid, 'VmHWM').catch(() => Number.NaN);
      if (Number.isFinite(peak)) commandPeakMb = Math.max(commandPeakMb, peak);
    }
    if (serverPid !== undefined) serverPeak = Math.max(serverPeak, await readStatusMb(serverPid, 'VmRSS'));
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const [code] = await exited;
  if (code !== 0) throw new Error(`sitrep ${args.join(' ')} exited ${code}:\n${output}`);
  process.stdout.write(output);
  return {
    seconds: Math.round((performance.now() - started) / 100) / 10,
    commandPeakMb,
    ...(serverPid === undefined ? {} : { serverMb: { before: serverBefore, peak: serverPeak } }),
  };
};

/** Asks the server's /readyz (which reads the database) one after another; `stop` gives the longest answer. */
const probeReadiness = (url: string) => {
  let longest = 0;
  let stopped = false;
  const probing = (async () => {
    while (!stopped) {
      const started = performance.now();
      await fetch(`${url}/readyz`).then((res) => res.arrayBuffer());
      longest = Math.max(longest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await probing;
      return Math.round(longest);
    },
  };
};

const fileMb = async (file: string) => Math.round(((await stat(file)).size / 2 ** 20) * 10) / 10;

const seed = async (dataDir: string) => {
  const database = await openDatabase({ target: { kind: 'pglite', dataDir }, command: 'bench', poolSize: 1 });
  try {
    await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
    await seedHistory(database.prisma, { incidents: INCIDENTS, batch: 1_000 });
  } finally {
    await database.close();
  }
};

const benchBackup = async (dir: string): Promise<BackupFigure[]> => {
  const dataDir = join(dir, 'data');
  const file = join(dir, 'backup.sitrep.gz');
  const pglite = { DATA_DIR: dataDir };
  process.stdout.write(`seeding ${INCIDENTS} incidents…\n`);
  await seed(dataDir);
  const fake = createFakeSlack();
  seedExampleWorkspace(fake);
  const slack = await startFakeSlackServer({ fake });
  const sitrep = await startBenchSitrep({
    slackApiUrl: slack.apiUrl,
    signingSecret: SIGNING_SECRET,
    databaseEnv: pglite,
  });
  const figures: BackupFigure[] = [];
  try {
    const probe = probeReadiness(sitrep.url);
    const live = await runMeasured(['backup', file], pglite, sitrep.child.pid);
    const serverWaitMs = await probe.stop();
    figures.push({ case: 'PGlite, through the running serve', ...live, fileMb: await fileMb(file), serverWaitMs });
    // What any command costs, for comparison: the CLI loads the same code for each.
    const timeline = await runMeasured(['timeline', '1'], pglite, sitrep.child.pid);
    figures.push({ case: '(for comparison: `sitrep timeline 1`, same way)', ...timeline });
  } finally {
    await stopSitrep(sitrep);
    await slack.close();
  }
  const direct = await runMeasured(['backup', file], pglite);
  figures.push({ case: 'PGlite, no server running', ...direct, fileMb: await fileMb(file) });
  const restored = await runMeasured(['restore', file], { DATA_DIR: join(dir, 'restored') });
  figures.push({ case: 'restore into an empty DATA_DIR', ...restored });
  const postgres = benchPostgresUrl();
  if (postgres) {
    const schema = `bench_backup_${process.pid}`;
    const url = new URL(postgres);
    url.searchParams.set('schema', schema);
    try {
      figures.push({
        case: 'restore into PostgreSQL',
        ...(await runMeasured(['restore', file], { DATABASE_URL: url.href })),
      });
      const again = join(dir, 'postgres.sitrep.gz');
      const fromPostgres = await runMeasured(['backup', again], { DATABASE_URL: url.href });
      figures.push({ case: 'PostgreSQL backup', ...fromPostgres, fileMb: await fileMb(again) });
    } finally {
      await dropSchema(postgres, schema);
    }
  }
  return figures;
};

const formatTable = (figures: BackupFigure[]): string =>
  [
    `| ${INCIDENTS.toLocaleString('en-US')} incidents | time | file | peak RSS (command) | server RSS before → peak | server's longest wait |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.case} | ${f.seconds} s | ${f.fileMb === undefined ? '' : `${f.fileMb} MB`} | ${f.commandPeakMb} MB | ${
          f.serverMb ? `${f.serverMb.before} MB → ${f.serverMb.peak} MB` : ''
        } | ${f.serverWaitMs === undefined ? '' : `${f.serverWaitMs} ms`} |`,
    ),
  ].join('\n');

const SECTION = '## Backing up and restoring';
const INTRO = `${SECTION}

\`npm run bench:backup\` (\`bench/backup.ts\`): ${INCIDENTS.toLocaleString('en-US')} incidents written straight to PGlite, each with
its service, lead, six timeline entries, an impact window, two postmortem versions (two in three) and two action
items, then \`sitrep backup\` run as its own process while \`sitrep serve\` runs on the same DATA_DIR (read through its
socket in one transaction), again with no server, and \`sitrep restore\` of the file (every row read back against
the file's checksums before the commit). Times include the command's own start (the \`sitrep timeline\` row).
Peak RSS is the command's \`VmHWM\`; the server's is its \`VmRSS\` sampled every ${POLL_MS} ms while the command ran,
and its longest wait the slowest of the \`/readyz\` (a query on its own connection) asked one after another during
the backup: how long its work waited for the snapshot. PostgreSQL rows when \`TEST_DATABASE_URL\` or
\`BENCH_DATABASE_URL\` is set.`;
const TARGET = 'Target (issue: backups): a backup of 10,000 incidents on PGlite in under 10 s.';
const RUN = `Run on ${new Date().toISOString().slice(0, 10)}, the load average at ${loadavg()[0]?.toFixed(1)} when it started.`;

const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-backup-'));
try {
  const table = formatTable(await benchBackup(dir));
  process.stdout.write(`${table}\n`);
  await writeResultsSection({ heading: SECTION, text: `${INTRO} ${RUN}\n\n${table}\n\n${TARGET}\n` });
} finally {
  await rm(dir, { recursive: true, force: true });
}
