import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupCommand } from '../../src/cli/backup-command.ts';
import type { CommandCall } from '../../src/cli/command-exit.ts';
import { createProgressLine } from '../../src/cli/file-command.ts';
import { runMoveToPostgresCommand } from '../../src/cli/move-to-postgres-command.ts';
import { runRestoreCommand } from '../../src/cli/restore-command.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { createTestTarget, type TestTarget } from '../support/database.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a command in this process, as cli.ts would, and returns its exit code and what it printed. */
const run = async (command: (call: CommandCall) => Promise<number>, args: string[], env: Record<string, string>) => {
  let stdout = '';
  let stderr = '';
  const code = await command({
    args,
    env: { SITREP_CONFIG: 'sitrep.example.yml', LOG_LEVEL: 'silent', ...env },
    cwd: ROOT,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
};

describe('sitrep backup, restore and move-to-postgres refusals', () => {
  let dir: string;
  let served: TestTarget;
  let server: Database;
  let dataDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sitrep-backup-cli-'));
    served = await createTestTarget('pglite');
    if (served.target.kind !== 'pglite') throw new Error('expected PGlite');
    dataDir = served.target.dataDir;
    // As `sitrep serve` holds it: locked, and served on its socket.
    server = await openDatabase({ target: served.target, command: 'serve', shareEmbedded: true, poolSize: 1 });
  });
  afterAll(async () => {
    await server.close();
    await served.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 2 on arguments to fix, with the usage line', async () => {
    for (const [command, args] of [
      [runBackupCommand, []],
      [runBackupCommand, ['a.gz', 'b.gz']],
      [runRestoreCommand, ['--force', 'a.gz']],
      [runMoveToPostgresCommand, ['mysql://db/sitrep']],
    ] as const) {
      const result = await run(command, [...args], { DATA_DIR: dataDir });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/^sitrep: usage: sitrep (backup|restore|move-to-postgres) /);
    }
    expect((await run(runBackupCommand, ['--help'], {})).stdout).toMatch(/^usage: sitrep backup <file>/);
  });

  it('refuses with exit 2: no database to back up, a missing file, a served DATA_DIR to restore into or move', async () => {
    const cases = [
      [runBackupCommand, [join(dir, 'x.gz')], { DATA_DIR: join(dir, 'nothing') }, /There is no embedded database in/],
      [runBackupCommand, [join(dir, 'no', 'x.gz')], { DATA_DIR: dataDir }, /there is no directory .*no to write/],
      [runRestoreCommand, [join(dir, 'missing.gz')], { DATA_DIR: join(dir, 'new') }, /There is no file .*missing\.gz/],
      [
        runMoveToPostgresCommand,
        ['postgresql://localhost/x'],
        { DATA_DIR: dataDir },
        /sitrep serve \(pid \d+\) is using/,
      ],
      [
        runMoveToPostgresCommand,
        ['postgresql://localhost/x'],
        { DATABASE_URL: 'postgresql://localhost/y' },
        /sitrep already uses PostgreSQL/,
      ],
    ] as const;
    for (const [command, args, env, message] of cases) {
      const result = await run(command, [...args], env);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(result.stderr).toMatch(message);
    }
  });

  it('restores nothing into a DATA_DIR a running serve holds', async () => {
    const file = join(dir, 'served.sitrep.gz');
    await server.withSession(async (session) => {
      await session.exec(
        'CREATE TABLE "_prisma_migrations" (migration_name text, finished_at timestamptz, rolled_back_at timestamptz)',
      );
      await session.exec(`INSERT INTO "_prisma_migrations" VALUES ('20261123090000_init', now(), NULL)`);
    });
    const backup = await run(runBackupCommand, [file], { DATA_DIR: dataDir });
    expect({ code: backup.code, stderr: backup.stderr }).toEqual({ code: 0, stderr: '' });
    const restore = await run(runRestoreCommand, [file], { DATA_DIR: dataDir });
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(/The data directory .* is in use by `sitrep serve`/);
  });
});

describe('the progress line', () => {
  it('says nothing during the first second, then at most a line a second', () => {
    let clock = 0;
    let printed = '';
    const progress = createProgressLine({ write: (text: string) => (printed += text) }, 'backup', () => clock);
    progress('Incident: 10 rows');
    clock = 999;
    progress('Incident: 20 rows');
    clock = 1_000;
    progress('Incident: 30 rows');
    clock = 1_500;
    progress('Incident: 40 rows');
    clock = 2_100;
    progress('TimelineEntry: 5 rows');
    expect(printed).toBe('sitrep backup: Incident: 30 rows\nsitrep backup: TimelineEntry: 5 rows\n');
  });
});
