import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { inspectBackup } from '../../src/store/backup/inspect-backup.ts';
import { readMigrations } from '../../src/store/migrate.ts';
import { declareIncident } from '../support/incident-factory.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const EXAMPLE = fileURLToPath(new URL('../../sitrep.example.yml', import.meta.url));
const MINUTE = 60_000;
/** Each backup is a `sitrep backup` process of its own: a few seconds on a busy machine. */
const BACKUP_WITHIN_MS = 30_000;

describe('scheduled backups of the embedded database', () => {
  let dir: string;
  let server: TestServer;
  let clock = new Date('2026-12-07T10:00:00Z');

  const backups = async () => (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.sitrep.gz')).sort();
  const ageGauge = async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return text.split('\n').find((line) => line.startsWith('sitrep_backup_age_seconds '));
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sitrep-scheduled-'));
    const config = join(dir, 'sitrep.yml');
    const backupDir = join(dir, 'backups');
    await writeFile(
      config,
      `${await readFile(EXAMPLE, 'utf8')}\nbackup:\n  every: 5m\n  keep: 2\n  path: ${JSON.stringify(backupDir)}\n`,
    );
    dir = backupDir;
    server = await startTestServer('pglite', { teamConfigPath: config, now: () => clock, backupCheckEveryMs: 20 });
  });
  afterAll(async () => {
    await server.close();
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('backs up at start, again once the newest is `every` old, keeps `keep`, and shows the age in /metrics', async () => {
    await until(async () => (await backups()).length === 1, 'the first backup, at start', BACKUP_WITHIN_MS);
    expect(await backups()).toEqual(['sitrep-2026-12-07T10-00-00Z.sitrep.gz']);
    expect(await ageGauge()).toBe('sitrep_backup_age_seconds 0');

    await declareIncident(server.database.prisma, { requestKey: 'between-backups' });
    clock = new Date(clock.getTime() + 4 * MINUTE);
    await until(async () => (await ageGauge()) === 'sitrep_backup_age_seconds 240', 'the gauge to follow the clock');
    expect(await backups()).toHaveLength(1);

    clock = new Date(clock.getTime() + MINUTE);
    await until(async () => (await backups()).length === 2, 'the backup due after five minutes', BACKUP_WITHIN_MS);
    clock = new Date(clock.getTime() + 5 * MINUTE);
    await until(
      async () => (await backups()).at(-1) === 'sitrep-2026-12-07T10-10-00Z.sitrep.gz',
      'a third backup',
      BACKUP_WITHIN_MS,
    );
    await until(async () => (await backups()).length === 2, 'the oldest to be pruned');
    expect(await backups()).toEqual(['sitrep-2026-12-07T10-05-00Z.sitrep.gz', 'sitrep-2026-12-07T10-10-00Z.sitrep.gz']);

    const newest = await inspectBackup({
      file: join(dir, 'sitrep-2026-12-07T10-10-00Z.sitrep.gz'),
      migrations: await readMigrations(MIGRATIONS_DIR),
      sitrepVersion: '0.1.0',
    });
    expect(newest.trailer.tables.find((table) => table.name === 'Incident')?.rows).toBe(1);
  }, 120_000);
});
