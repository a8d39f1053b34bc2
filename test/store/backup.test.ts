import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { inspectBackup } from '../../src/store/backup/inspect-backup.ts';
import { restoreBackup } from '../../src/store/backup/restore-backup.ts';
import { inSnapshot, readTable } from '../../src/store/backup/snapshot.ts';
import { readTableCatalog } from '../../src/store/backup/table-catalog.ts';
import { writeBackup } from '../../src/store/backup/write-backup.ts';
import { applyMigrations, type LocalMigration, readMigrations } from '../../src/store/migrate.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { declareIncident } from '../support/incident-factory.ts';
import { seedHistory } from '../support/seed-history.ts';

const INCIDENTS = 60;

/** Every table's row count and checksum, read the way a backup reads them. */
const fingerprint = (database: TestDatabase) =>
  database.withSession((session) =>
    inSnapshot(session, 'read only', async () => {
      const { tables } = await readTableCatalog(session);
      const found: Record<string, string> = {};
      for (const table of tables) {
        const { rows, sha256 } = await readTable({ session, table });
        found[table.name] = `${rows}:${sha256}`;
      }
      return found;
    }),
  );

const failureOf = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
};

describe.each(databaseKinds)('backup and restore on %s', (kind) => {
  let source: TestDatabase;
  let dir: string;
  let file: string;
  let migrations: LocalMigration[];

  beforeAll(async () => {
    migrations = await readMigrations(MIGRATIONS_DIR);
    source = await openTestDatabase(kind);
    await seedHistory(source.prisma, { incidents: INCIDENTS });
    await source.prisma.outboxMessage.create({
      data: { id: randomUUID(), dedupeKey: 'k1', kind: 'post', payload: { text: 'é\n"x"' }, runAt: new Date() },
    });
    dir = await mkdtemp(join(tmpdir(), 'sitrep-backup-test-'));
    file = join(dir, 'backup.sitrep.gz');
    await source.withSession((session) =>
      writeBackup({ session, file, sitrepVersion: '0.1.0', source: 'test', now: () => new Date() }),
    );
  });
  afterAll(async () => {
    await source.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores every row of every table, and the next incident number continues', async () => {
    const target = await openTestDatabase(kind, { migrate: false });
    try {
      const backup = await inspectBackup({ file, migrations, sitrepVersion: '0.1.0' });
      expect(backup.header.migration).toBe(migrations.at(-1)?.name);
      expect(backup.trailer.tables.find((t) => t.name === 'Incident')?.rows).toBe(INCIDENTS);
      await target.withSession((session) => restoreBackup({ session, backup, migrations, target: 'the target' }));
      expect(await fingerprint(target)).toEqual(await fingerprint(source));
      expect((await declareIncident(target.prisma, { requestKey: 'after-restore' })).number).toBe(INCIDENTS + 1);
      const outbox = await target.prisma.outboxMessage.findFirstOrThrow();
      expect(outbox.payload).toEqual({ text: 'é\n"x"' });
    } finally {
      await target.destroy();
    }
  });

  it('refuses a target that holds data, and writes nothing there', async () => {
    const before = await fingerprint(source);
    const backup = await inspectBackup({ file, migrations, sitrepVersion: '0.1.0' });
    const error = await failureOf(
      source.withSession((session) => restoreBackup({ session, backup, migrations, target: 'the target' })),
    );
    expect(error.code).toBe('RESTORE_TARGET_NOT_EMPTY');
    expect(error.userMessage).toMatch(/^the target is not empty: it has rows in .*Incident/);
    expect(await fingerprint(source)).toEqual(before);
  });

  it('leaves no row behind when the restore fails half-way, so it can be run again', async () => {
    const target = await openTestDatabase(kind, { migrate: false });
    try {
      const backup = await inspectBackup({ file, migrations, sitrepVersion: '0.1.0' });
      await target.withSession(async (session) => {
        // Action items come after incidents, timelines and impact windows: those are inserted when this fails.
        await applyMigrations(session, migrations);
        await session.exec(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'disk full'; END $$;
          CREATE TRIGGER refuse BEFORE INSERT ON "ActionItem" FOR EACH ROW EXECUTE FUNCTION refuse();`);
      });
      const first = await target
        .withSession((session) => restoreBackup({ session, backup, migrations, target: 'the target' }))
        .then(
          () => 'restored',
          (error: unknown) => String(error),
        );
      expect(first).toContain('disk full');
      expect(await target.prisma.incident.count()).toBe(0);
      expect(await target.prisma.timelineEntry.count()).toBe(0);
      await target.withSession((session) => session.exec('DROP TRIGGER refuse ON "ActionItem"'));
      await target.withSession((session) => restoreBackup({ session, backup, migrations, target: 'the target' }));
      expect(await fingerprint(target)).toEqual(await fingerprint(source));
    } finally {
      await target.destroy();
    }
  });

  it('says the rows are in and to run sitrep migrate when a migration after the backup fails', async () => {
    const target = await openTestDatabase(kind, { migrate: false });
    try {
      const backup = await inspectBackup({ file, migrations, sitrepVersion: '0.1.0' });
      const failing = { name: '29991231000000_fails', script: 'SELECT 1/0;', checksum: 'x' };
      const error = await failureOf(
        target.withSession((session) =>
          restoreBackup({ session, backup, migrations: [...migrations, failing], target: 'the target' }),
        ),
      );
      expect(error.code).toBe('RESTORE_UNFINISHED');
      expect(error.userMessage).toMatch(
        new RegExp(
          `^Every row was restored at migration ${backup.header.migration}, but a later migration failed: .*Run \`sitrep migrate\` to finish.$`,
        ),
      );
      expect(await target.prisma.incident.count()).toBe(INCIDENTS);
    } finally {
      await target.destroy();
    }
  });

  it('refuses a file cut short, corrupted, edited or from a newer schema, naming the problem', async () => {
    const bytes = await readFile(file);
    const cases: [string, Buffer, string, RegExp][] = [
      ['cut.gz', bytes.subarray(0, Math.floor(bytes.length / 2)), 'BACKUP_DAMAGED', /cut short/],
      ['empty.gz', Buffer.alloc(0), 'BACKUP_DAMAGED', /empty|cut short/],
      ['plain.gz', Buffer.from('hello'), 'BACKUP_DAMAGED', /damaged/],
    ];
    const flipped = Buffer.from(bytes);
    const middle = Math.floor(flipped.length / 2);
    flipped[middle] = (flipped[middle] ?? 0) ^ 0xff;
    cases.push(['flipped.gz', flipped, 'BACKUP_DAMAGED', /damaged/]);
    const text = gunzipSync(bytes).toString('utf8');
    const edited = text.replace('Seeded incident 7 ', 'Seeded incident 8 ');
    cases.push(['edited.gz', gzipSync(edited), 'BACKUP_DAMAGED', /checksum of table Incident does not match/]);
    const headless = text.split('\n').slice(0, -2).join('\n');
    cases.push(['no-end.gz', gzipSync(`${headless}\n`), 'BACKUP_DAMAGED', /cut short \(no last line\)/]);
    const future = text.replace(/"migration":"[^"]+"/, '"migration":"29991231000000_from_the_future"');
    cases.push(['newer.gz', gzipSync(future), 'BACKUP_NEWER', /29991231000000_from_the_future.*newer schema/]);
    for (const [name, content, code, message] of cases) {
      const path = join(dir, name);
      await writeFile(path, content);
      const error = await failureOf(inspectBackup({ file: path, migrations, sitrepVersion: '0.1.0' }));
      expect({ name, code: error.code }).toEqual({ name, code });
      expect(error.userMessage).toMatch(message);
    }
  });
});
