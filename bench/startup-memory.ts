import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { startSitrep } from '../demo/sitrep-process.ts';
import { defaultTemplateDir, isCompleteTemplate } from '../src/store/pglite-template.ts';
import { readStatusMb } from './read-status-mb.ts';

export type StartupFigure = {
  case: string;
  readyMs: number;
  idleRssMb: number;
  peakRssMb: number;
};

const SETTLE_MS = 3_000;

const measure = async (name: string, env: Record<string, string>): Promise<StartupFigure> => {
  const started = performance.now();
  const sitrep = await startSitrep({ env, readyWithinMs: 30_000 });
  const readyMs = Math.round(performance.now() - started);
  const pid = sitrep.child.pid ?? 0;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const figure = {
    case: name,
    readyMs,
    idleRssMb: await readStatusMb(pid, 'VmRSS'),
    peakRssMb: await readStatusMb(pid, 'VmHWM'),
  };
  const exit = await sitrep.stop();
  if (exit.code !== 0) throw new Error(`${name}: sitrep exited ${exit.code}\n${exit.stderr}`);
  return figure;
};

/**
 * Startup time to /readyz and resident memory of the real `sitrep serve` process: first start on an empty data
 * directory (copied from the template npm install built, else initdb in a child), restart on the same directory,
 * and PostgreSQL (when TEST_DATABASE_URL or BENCH_DATABASE_URL is set). Idle RSS is read from /proc after 3 s of quiet; peak is VmHWM of the server itself.
 */
export const benchStartupMemory = async (): Promise<StartupFigure[]> => {
  const slack = await startFakeSlackServer();
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-'));
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
    SLACK_API_URL: slack.apiUrl,
    DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'warn',
  };
  const figures: StartupFigure[] = [];
  try {
    const template = isCompleteTemplate(await defaultTemplateDir()) ? 'copied from the template' : 'initdb';
    figures.push(await measure(`PGlite, first start (${template})`, env));
    figures.push(await measure('PGlite, restart', env));
    figures.push(await measure('PGlite, second restart', env));
    const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (base) {
      const schema = `bench_${process.pid}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      try {
        const url = new URL(base);
        url.searchParams.set('schema', schema);
        figures.push(await measure('PostgreSQL, first start (migrates)', { ...env, DATABASE_URL: url.href }));
        figures.push(await measure('PostgreSQL, restart', { ...env, DATABASE_URL: url.href }));
      } finally {
        await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
        await admin.end();
      }
    }
  } finally {
    await slack.close();
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
};
