import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/app/open-migrated-database.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { openDatabase } from '../../src/store/database.ts';
import { readMigrations } from '../../src/store/migrate.ts';
import { buildPgliteTemplate, isCompleteTemplate, TEMPLATE_MARKER } from '../../src/store/pglite-template.ts';
import { seedDataDir } from '../../src/store/seed-data-dir.ts';

let root: string;
let templateDir: string;
let firstBuild: string;
/** Whether the template's folder was ever seen, while it was built, without its marker. */
let sawIncomplete = false;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sitrep-seed-'));
  templateDir = join(root, 'cache', 'pglite-test');
  const watch = setInterval(() => {
    if (existsSync(templateDir) && !isCompleteTemplate(templateDir)) sawIncomplete = true;
  }, 2);
  try {
    firstBuild = await buildPgliteTemplate(templateDir);
  } finally {
    clearInterval(watch);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const newDataDir = async (name: string): Promise<string> => {
  const dataDir = join(root, name);
  await mkdir(dataDir);
  // sitrep's own file beside the database: a seed must leave it as it was.
  await writeFile(join(dataDir, 'commands.journal'), '{"kept":true}\n');
  return dataDir;
};

/** Opens `dataDir` as `sitrep serve` does, migrations applied, and reads what the log and the database say. */
const serveOpen = async (dataDir: string, template: string) => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const { database } = await openMigratedDatabase({
    target: { kind: 'pglite', dataDir, templateDir: template },
    migrationsDir: MIGRATIONS_DIR,
    logger: createLogger({ level: 'info', destination }),
  });
  try {
    const applied = await database.withSession((session) =>
      session.query<{ name: string }>(
        'SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1',
      ),
    );
    const created = lines.find((line) => line.msg === 'created the embedded database');
    return { from: created?.from, applied: applied.map((row) => row.name) };
  } finally {
    await database.close();
  }
};

const migrationNames = async () => (await readMigrations(MIGRATIONS_DIR)).map((migration) => migration.name);

describe('the PGlite template', () => {
  it('is built beside its place and renamed in whole, marker included, so it is never seen half-built', () => {
    expect(firstBuild).toBe('built');
    expect(sawIncomplete).toBe(false);
    expect(isCompleteTemplate(templateDir)).toBe(true);
    expect(existsSync(join(templateDir, 'PG_VERSION'))).toBe(true);
  });

  it('is built once: a second build keeps the complete template and leaves nothing beside it', async () => {
    const before = await stat(join(templateDir, TEMPLATE_MARKER));
    expect(await buildPgliteTemplate(templateDir)).toBe('present');
    expect((await stat(join(templateDir, TEMPLATE_MARKER))).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(join(root, 'cache'))).toEqual(['pglite-test']);
  });

  it('replaces a half-built template, one without the marker', async () => {
    const half = join(root, 'cache', 'pglite-half');
    await mkdir(join(half, 'base'), { recursive: true });
    await writeFile(join(half, 'PG_VERSION'), '17\n');
    expect(await buildPgliteTemplate(half)).toBe('built');
    expect(isCompleteTemplate(half)).toBe(true);
    expect((await readdir(join(half, 'base'))).length).toBeGreaterThan(0);
    await rm(half, { recursive: true });
  }, 120_000);
});

describe('a new DATA_DIR', () => {
  it('is copied from the template, keeps sitrep files already there, and takes every migration', async () => {
    const dataDir = await newDataDir('seeded');
    expect(await serveOpen(dataDir, templateDir)).toEqual({ from: 'template', applied: await migrationNames() });
    expect(await readFile(join(dataDir, 'commands.journal'), 'utf8')).toBe('{"kept":true}\n');
    expect((await readdir(dataDir)).filter((name) => name.startsWith('.seeding-'))).toEqual([]);
    expect(existsSync(join(dataDir, TEMPLATE_MARKER))).toBe(false);
    // Opened again it is a database like any other: nothing is copied twice.
    expect(await serveOpen(dataDir, templateDir)).toEqual({ from: undefined, applied: await migrationNames() });
  });

  it('left half-seeded by a crash (staging folder, some entries moved, no PG_VERSION) is seeded again', async () => {
    const dataDir = await newDataDir('crashed');
    const staging = join(dataDir, '.seeding-999999');
    await cp(templateDir, staging, { recursive: true });
    await rm(join(staging, 'base'), { recursive: true });
    await rm(join(staging, 'PG_VERSION'));
    await cp(join(templateDir, 'base'), join(dataDir, 'base'), { recursive: true });
    // A partial copy: one database of base/ lost a file on its way.
    const [someDatabase] = await readdir(join(dataDir, 'base'));
    const [someFile] = await readdir(join(dataDir, 'base', someDatabase ?? ''));
    await rm(join(dataDir, 'base', someDatabase ?? '', someFile ?? ''));

    expect(await serveOpen(dataDir, templateDir)).toEqual({ from: 'template', applied: await migrationNames() });
    expect((await readdir(dataDir)).filter((name) => name.startsWith('.seeding-'))).toEqual([]);
    expect(await readFile(join(dataDir, 'commands.journal'), 'utf8')).toBe('{"kept":true}\n');
    expect(await readdir(join(dataDir, 'base', someDatabase ?? ''))).toContain(someFile);
  });

  it('holding database files no seed left (no staging folder, no PG_VERSION) is refused, and nothing is deleted', async () => {
    const dataDir = await newDataDir('foreign');
    await cp(join(templateDir, 'base'), join(dataDir, 'base'), { recursive: true });
    const before = await readdir(join(dataDir, 'base'), { recursive: true });
    await expect(seedDataDir({ dataDir, templateDir })).rejects.toThrow(/holds base… but no PG_VERSION/);
    expect(await readdir(join(dataDir, 'base'), { recursive: true })).toEqual(before);
    expect((await readdir(dataDir)).toSorted()).toEqual(['base', 'commands.journal']);
  });

  it('is not touched when there is no template', async () => {
    const dataDir = await newDataDir('untouched');
    expect(await seedDataDir({ dataDir, templateDir: join(root, 'cache', 'missing') })).toBe(false);
    expect(await readdir(dataDir)).toEqual(['commands.journal']);
  });

  it('runs initdb when the template has no marker (its build never finished)', async () => {
    const unfinished = join(root, 'cache', 'pglite-unfinished');
    await cp(templateDir, unfinished, { recursive: true });
    await rm(join(unfinished, TEMPLATE_MARKER));
    const dataDir = await newDataDir('initdb');
    const database = await openDatabase({
      target: { kind: 'pglite', dataDir, templateDir: unfinished },
      command: 'test',
      poolSize: 1,
    });
    try {
      expect(database.created?.from).toBe('initdb');
      expect(await database.withSession((session) => session.query('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
    expect((await readdir(dataDir)).filter((name) => name.startsWith('.seeding-'))).toEqual([]);
  }, 120_000);
});
