import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type SitrepProcess, startSitrep } from '../demo/sitrep-process.ts';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../sitrep.example.yml', import.meta.url));

/**
 * The databases a benchmark runs sitrep on, each as its name and environment: PGlite in `dir`, and PostgreSQL in
 * `schema` when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (the benchmark drops it with `dropSchema`).
 */
export const benchDatabases = (dir: string, schema: string): [string, Record<string, string>][] => {
  const databases: [string, Record<string, string>][] = [['PGlite', { DATA_DIR: join(dir, 'data') }]];
  const postgres = benchPostgresUrl();
  if (postgres) {
    const url = new URL(postgres);
    url.searchParams.set('schema', schema);
    databases.push(['PostgreSQL', { DATABASE_URL: url.toString() }]);
  }
  return databases;
};

export const benchPostgresUrl = (): string | undefined =>
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

/**
 * The real `sitrep serve` with the example sitrep.yml, against the fake Slack at `slackApiUrl`; `env` adds to (or
 * overrides) that environment, the web view's variables for instance.
 */
export const startBenchSitrep = ({
  slackApiUrl,
  signingSecret,
  databaseEnv,
  env = {},
}: {
  slackApiUrl: string;
  signingSecret: string;
  databaseEnv: Record<string, string>;
  env?: Record<string, string>;
}): Promise<SitrepProcess> =>
  startSitrep({
    env: {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slackApiUrl,
      SITREP_CONFIG: EXAMPLE_CONFIG,
      LOG_LEVEL: 'warn',
      ...databaseEnv,
      ...env,
    },
    readyWithinMs: 60_000,
  });

/** Stops a sitrep the benchmark started; what it printed is shown only when it did not exit cleanly. */
export const stopSitrep = async (sitrep: SitrepProcess): Promise<void> => {
  const exit = await sitrep.stop();
  if (exit.code !== 0) process.stderr.write(`sitrep exited ${exit.code}\n${exit.stdout}\n${exit.stderr}\n`);
};

/** Drops the schema a benchmark made on PostgreSQL, with everything in it. */
export const dropSchema = async (connectionString: string, schema: string): Promise<void> => {
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await admin.end();
  }
};
