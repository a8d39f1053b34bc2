import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { runSitrep, spawnSitrepServe, startSitrep } from '../../demo/sitrep-process.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { checksumOf, readMigrations } from '../../src/store/migrate.ts';
import { defaultTemplateDir, isCompleteTemplate } from '../../src/store/pglite-template.ts';
import { fakeSlackEnv } from '../support/real-sitrep.ts';

let slack: Awaited<ReturnType<typeof startFakeSlackServer>>;
let dataDir: string;

beforeAll(async () => {
  slack = await startFakeSlackServer();
  dataDir = await mkdtemp(join(tmpdir(), 'sitrep-e2e-'));
});
afterAll(async () => {
  await slack.close();
  await rm(dataDir, { recursive: true, force: true });
});

const baseEnv = (): Record<string, string> => ({
  ...fakeSlackEnv(slack),
  DATA_DIR: join(dataDir, 'data'),
});

const readRows = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (
      await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
      )
    ).rows;
  } finally {
    await client.end();
  }
};

const expectedRows = async () =>
  (await readMigrations(MIGRATIONS_DIR)).map((m) => ({ migration_name: m.name, checksum: checksumOf(m.script) }));

describe('sitrep serve on the embedded database', () => {
  // How fast it starts is measured in bench/ (npm run bench), on a quiet machine, not here among other tests.
  it('creates the database on first start, is ready, and records every migration with its checksum', async () => {
    const sitrep = await startSitrep({ env: baseEnv(), readyWithinMs: 60_000 });
    try {
      expect(existsSync(join(dataDir, 'data', 'PG_VERSION'))).toBe(true);
      expect((await fetch(`${sitrep.url}/healthz`)).status).toBe(200);
      // The live database is shared on a socket in the data directory while serve runs.
      const rows = await readRows(`postgresql://postgres@localhost/postgres?host=${join(dataDir, 'data')}`);
      expect(rows.map(({ migration_name, checksum }) => ({ migration_name, checksum }))).toEqual(await expectedRows());
      expect(rows.every((row) => row.finished_at !== null)).toBe(true);

      const second = await runSitrep(['serve'], { ...baseEnv(), PORT: '0' });
      expect(second.code).toBe(2);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
      expect(second.stderr).toMatch(/is in use by `sitrep serve` \(pid \d+\)/);

      const migrate = await runSitrep(['migrate'], baseEnv());
      expect(migrate.code).toBe(0);
      expect(migrate.stdout).toMatch(/served by sitrep serve .* is up to date/);
    } finally {
      const exit = await sitrep.stop();
      expect(exit.code).toBe(0);
    }
    // npm install built the template (postinstall) unless it could not; without one initdb runs, as before.
    const from = isCompleteTemplate(await defaultTemplateDir()) ? 'template' : 'initdb';
    const created = sitrep
      .output()
      .stdout.split('\n')
      .filter((line) => line.includes('"msg":"created the embedded database"'));
    expect(created).toHaveLength(1);
    expect(JSON.parse(created[0] ?? '{}')).toMatchObject({ from, ms: expect.any(Number) });
    // On a machine busy with other suites initdb alone can take most of a minute: room for readyWithinMs and the checks.
  }, 120_000);

  it('starts again on the same data directory, keeping what was written', async () => {
    const sitrep = await startSitrep({ env: baseEnv(), readyWithinMs: 45_000 });
    try {
      const rows = await readRows(`postgresql://postgres@localhost/postgres?host=${join(dataDir, 'data')}`);
      expect(rows.map(({ migration_name }) => migration_name)).toEqual(
        (await expectedRows()).map(({ migration_name }) => migration_name),
      );
      expect(sitrep.output().stdout).not.toContain('created the embedded database');
    } finally {
      expect((await sitrep.stop()).code).toBe(0);
    }
  }, 60_000);

  it('stopped by SIGTERM while it starts, finishes starting, then drains and exits 0', async () => {
    const sitrep = await spawnSitrepServe({ env: baseEnv() });
    const deadline = Date.now() + 30_000;
    while (!sitrep.output().stdout.includes('"msg":"starting"') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(sitrep.output().stdout).not.toContain('sitrep is ready');
    sitrep.child.kill('SIGTERM');
    const exit = await sitrep.exited;
    expect({ code: exit.code, signal: exit.signal, stderr: exit.stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
    const order = ['"msg":"starting"', '"msg":"stopping"', '"msg":"sitrep is ready"'].map((msg) =>
      exit.stdout.indexOf(msg),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  }, 60_000);
});

describe.runIf(process.env.TEST_DATABASE_URL)('sitrep serve on PostgreSQL', () => {
  it('creates the schema named in DATABASE_URL, migrates it at startup and answers /readyz', async () => {
    const base = process.env.TEST_DATABASE_URL ?? '';
    const schema = `e2e_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      const url = new URL(base);
      url.searchParams.set('schema', schema);
      const sitrep = await startSitrep({ env: { ...baseEnv(), DATABASE_URL: url.href }, readyWithinMs: 30_000 });
      try {
        const client = new pg.Client({ connectionString: base, options: `-c search_path=${schema}` });
        await client.connect();
        const rows = (await client.query('SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY 1')).rows;
        await client.end();
        expect(rows).toEqual(await expectedRows());
      } finally {
        expect((await sitrep.stop()).code).toBe(0);
      }
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  });
});

describe('sitrep refuses to start when misconfigured', () => {
  it.each([
    [{ SLACK_SIGNING_SECRET: undefined }, /^sitrep: SLACK_SIGNING_SECRET is missing/],
    [{ PORT: 'eighty' }, /^sitrep: PORT should be a TCP port number/],
    [{ SITREP_CONFIG: '/nonexistent/sitrep.yml' }, /^sitrep: .*\/nonexistent\/sitrep\.yml/],
  ])('exits 2 with one line for %j', async (override, message) => {
    const env = Object.fromEntries(
      Object.entries({ ...baseEnv(), ...override }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const exit = await runSitrep(['serve'], env);
    expect(exit.code).toBe(2);
    expect(exit.stderr).toMatch(message);
    expect(exit.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 with one line, never a key, when a PagerDuty routing key sitrep.yml names is unset or malformed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sitrep-pagerduty-'));
    try {
      const config = join(dir, 'sitrep.yml');
      await writeFile(
        config,
        'services:\n  - name: checkout-api\n    pagerduty: { routingKeyEnv: PAGERDUTY_CHECKOUT_API }\n',
      );
      const unset = await runSitrep(['serve'], { ...baseEnv(), SITREP_CONFIG: config });
      expect(unset.code).toBe(2);
      expect(unset.stderr).toBe(
        "sitrep: PAGERDUTY_CHECKOUT_API is missing: sitrep.yml pages the checkout-api on-call with it; set it to the Integration Key of the PagerDuty service's Events API v2 integration (see docs/integrations.md)\n",
      );
      const pasted = 'https://events.pagerduty.com/integration/0123/enqueue';
      const malformed = await runSitrep(['serve'], {
        ...baseEnv(),
        SITREP_CONFIG: config,
        PAGERDUTY_CHECKOUT_API: pasted,
      });
      expect(malformed.code).toBe(2);
      expect(malformed.stderr.trim().split('\n')).toHaveLength(1);
      expect(malformed.stderr).toMatch(/^sitrep: PAGERDUTY_CHECKOUT_API should be the 32-character Integration Key/);
      expect(malformed.stderr).not.toContain(pasted);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
