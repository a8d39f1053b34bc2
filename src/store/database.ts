import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { AppError } from '../domain/app-error.ts';
import { type DataDirLock, lockDataDir, readLockHolder } from './data-dir-lock.ts';
import { PrismaClient } from './generated/client.ts';
import { pgliteOptions } from './pglite-options.ts';
import { defaultTemplateDir, runInitdb } from './pglite-template.ts';
import { seedDataDir } from './seed-data-dir.ts';
import type { SqlSession } from './sql-session.ts';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  /** `templateDir`: the initialised data directory a new database is copied from; by default the one npm install built. */
  | { kind: 'pglite'; dataDir: string; templateDir?: string | undefined };

export type Database = {
  /** Where the data lives, as a person would describe it in a log line (no credentials). */
  description: string;
  prisma: PrismaClient;
  /** Runs `work` on one session, for raw SQL that needs a single connection (advisory locks). */
  withSession: <T>(work: (session: SqlSession) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
  /** Set when opening created the embedded database. */
  created?: EmbeddedCreation;
};

export type OpenDatabaseOptions = {
  target: DatabaseTarget;
  /** The command opening it, written into the PGlite lock so a second process can say who holds it. */
  command: string;
  /** `serve` shares its embedded database with the CLI and psql over a Unix socket in the data directory. */
  shareEmbedded?: boolean;
  /**
   * The command needs the embedded database to itself (a restore): one served by a running sitrep is refused rather
   * than reached through its socket.
   */
  exclusive?: boolean;
  /** Connections in the pool to PostgreSQL. */
  poolSize?: number;
  /**
   * `serve` opens every connection of its pool to PostgreSQL at once and keeps them: otherwise a burst of commands
   * after a quiet spell waits for PostgreSQL to start a backend for each new connection (several milliseconds
   * apiece on a busy machine, one after another), and Slack waits for its acknowledgements meanwhile.
   */
  holdConnections?: boolean;
  /** Settings of every session on PostgreSQL, as `name=value` (`synchronous_commit=off`). */
  sessionSettings?: string[];
};

/** The Unix socket PGlite is served on: `psql -h <DATA_DIR> -U postgres postgres` finds it by this name. */
const SOCKET_FILE = '.s.PGSQL.5432';

const socketUrl = (socketDir: string): string =>
  `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;

const pgSession = (client: pg.ClientBase): SqlSession => ({
  query: async <Row extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
    (await client.query<Row>(sql, params)).rows,
  exec: async (script) => {
    await client.query(script);
  },
});

type PostgresPoolOptions = {
  poolSize: number;
  label: string;
  hold: boolean;
  settings: string[];
  /** How long a query waits for a connection of the pool before it fails as DATABASE_UNAVAILABLE. */
  connectWithinMs?: number;
};

/**
 * PGlite's one session is held for a whole transaction by whichever client has it: a `sitrep backup` of a large
 * team holds it for seconds, during which the server's queries queue for its one connection. They wait that out
 * rather than fail; a server that is gone fails at once anyway (its socket refuses).
 */
const EMBEDDED_CONNECT_WITHIN_MS = 60_000;

/**
 * `?schema=` in DATABASE_URL picks the schema, as it does for Prisma: the pool's search_path and the adapter both
 * use it, so migrations and queries agree.
 */
const openPostgres = async (
  url: string,
  { poolSize, label, hold, settings, connectWithinMs = 5_000 }: PostgresPoolOptions,
): Promise<Database> => {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const options = [...(schema ? [`search_path="${schema.replaceAll('"', '""')}"`] : []), ...settings]
    .map((setting) => `-c ${setting}`)
    .join(' ');
  const pool = new pg.Pool({
    connectionString: parsed.href,
    max: poolSize,
    // Connections above `min` are closed after 10 s idle.
    min: hold ? poolSize : 0,
    connectionTimeoutMillis: connectWithinMs,
    ...(options ? { options } : {}),
  });
  // An idle client losing its server (a failover, a restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool, schema ? { schema } : undefined),
    // The embedded database serves one connection, so transactions queue for it; under a burst (20 declarations at
    // once, a reminder sweep) on a busy machine Prisma's 2 s wait to start one is too short. Someone declaring an
    // incident would rather wait a few seconds than be refused.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
  // Like `prisma migrate deploy`, a schema named in the URL is created when missing; an existing one needs no
  // CREATE privilege on the database.
  let schemaReady: Promise<void> | undefined;
  const ensureSchema = (client: pg.ClientBase): Promise<void> => {
    if (!schema) return Promise.resolve();
    schemaReady ??= (async () => {
      const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (found.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '""')}"`);
    })().catch((error: unknown) => {
      schemaReady = undefined;
      throw error;
    });
    return schemaReady;
  };
  if (hold) {
    const opened = await Promise.allSettled(Array.from({ length: poolSize }, () => pool.connect()));
    for (const result of opened) if (result.status === 'fulfilled') result.value.release();
    const failed = opened.find((result) => result.status === 'rejected');
    if (failed) {
      await pool.end();
      throw failed.reason;
    }
  }
  return {
    description: label,
    prisma,
    withSession: async (work) => {
      const client = await pool.connect();
      try {
        await ensureSchema(client);
        return await work(pgSession(client));
      } finally {
        client.release();
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
};

const describeUrl = (url: string): string => {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  return `PostgreSQL at ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}${schema ? ` (schema ${schema})` : ''}`;
};

/** How the embedded database was made, when an open made it. */
export type EmbeddedCreation = { from: 'template' | 'initdb'; ms: number };

/**
 * A data directory without PG_VERSION becomes a new database: a copy of the template `npm install` built when there
 * is one (a fraction of a second), else initdb in a child process (seconds; its memory peak would otherwise stay
 * resident in the server).
 */
const initialiseDataDir = async ({
  dataDir,
  templateDir,
}: {
  dataDir: string;
  templateDir: string | undefined;
}): Promise<EmbeddedCreation | undefined> => {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return undefined;
  const started = performance.now();
  try {
    const seeded = await seedDataDir({ dataDir, templateDir: templateDir ?? (await defaultTemplateDir()) });
    if (!seeded) await runInitdb(dataDir);
    return { from: seeded ? 'template' : 'initdb', ms: Math.round(performance.now() - started) };
  } catch (error) {
    throw new AppError('DATABASE_UNAVAILABLE', {
      userMessage: `Could not create the embedded database in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
};

/** A client of the embedded database idle this long is disconnected, so a forgotten psql does not hold a slot. */
const EMBEDDED_IDLE_TIMEOUT_MS = 60_000;

type PgliteModules = { pgliteWasmModule: WebAssembly.Module; initdbWasmModule: WebAssembly.Module };

let pgliteModules: Promise<PgliteModules> | undefined;

/**
 * PGlite's WebAssembly, compiled once per process and shared by every PGlite thread it starts. A thread compiling
 * its own copy frees that code when it stops, and in a process that opens and closes many embedded databases (the
 * test suite does, hundreds of times) that churn now and then trips V8's process-wide record of code pages and
 * kills the process ("Check failed: jit_page.has_value()", nodejs/node#64500).
 */
const compilePgliteModules = (): Promise<PgliteModules> => {
  pgliteModules ??= (async () => {
    const dist = import.meta.resolve('@electric-sql/pglite');
    const compile = async (file: string) => WebAssembly.compile(await readFile(new URL(file, dist)));
    const [pgliteWasmModule, initdbWasmModule] = await Promise.all([
      compile('./pglite.wasm'),
      compile('./initdb.wasm'),
    ]);
    return { pgliteWasmModule, initdbWasmModule };
  })().catch((error: unknown) => {
    pgliteModules = undefined;
    throw error;
  });
  return pgliteModules;
};

/** Starts PGlite on a worker thread, serving `socketPath`; resolves once it accepts connections. */
const startPgliteWorker = async ({ dataDir, socketPath }: { dataDir: string; socketPath: string }) => {
  const modules = await compilePgliteModules();
  const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), {
    workerData: {
      ...modules,
      dataDir,
      socketPath,
      startParams: pgliteOptions().startParams ?? [],
      idleTimeoutMs: EMBEDDED_IDLE_TIMEOUT_MS,
    },
    // PGlite keeps its data in WebAssembly memory, outside these; its JavaScript side needs little heap.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 },
  });
  const message = (type: string) =>
    new Promise<void>((resolve, reject) => {
      const onMessage = (value: unknown) => {
        if (typeof value === 'object' && value !== null && 'type' in value && value.type === type) {
          worker.off('error', reject);
          worker.off('message', onMessage);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the embedded database stopped (exit code ${code})`)));
    });
  try {
    await message('ready');
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    stop: async () => {
      const closed = message('closed').catch(() => undefined);
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
};

type OpenPgliteOptions = {
  dataDir: string;
  templateDir: string | undefined;
  command: string;
  share: boolean;
  exclusive: boolean;
};

const openPglite = async ({
  dataDir,
  templateDir,
  command,
  share,
  exclusive,
}: OpenPgliteOptions): Promise<Database> => {
  let lock: DataDirLock;
  try {
    lock = await lockDataDir(dataDir, { pid: process.pid, command, ...(share ? { socketDir: dataDir } : {}) });
  } catch (error) {
    // A CLI command while `serve` runs reaches the same live data through the socket instead of failing.
    const holder = await readLockHolder(dataDir);
    if (!share && !exclusive && holder?.socketDir) {
      return openPostgres(socketUrl(holder.socketDir), {
        poolSize: 1,
        label: `the embedded database in ${dataDir}, served by sitrep ${holder.command} (pid ${holder.pid})`,
        hold: false,
        settings: [],
        connectWithinMs: EMBEDDED_CONNECT_WITHIN_MS,
      });
    }
    throw error;
  }
  try {
    const created = await initialiseDataDir({ dataDir, templateDir });
    const socketPath = join(dataDir, SOCKET_FILE);
    // We hold the lock, so a socket file here was left by a process that was killed.
    await rm(socketPath, { force: true });
    const worker = await startPgliteWorker({ dataDir, socketPath });
    // One connection: PGlite runs one query at a time anyway, and a single client's messages never interleave.
    const database = await openPostgres(socketUrl(dataDir), {
      poolSize: 1,
      label: `the embedded database in ${dataDir}`,
      hold: false,
      settings: [],
      connectWithinMs: EMBEDDED_CONNECT_WITHIN_MS,
    });
    return {
      ...database,
      ...(created ? { created } : {}),
      close: async () => {
        try {
          await database.close();
          await worker.stop();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
};

/** Opens PostgreSQL (DATABASE_URL) or the embedded PGlite database in DATA_DIR. */
export const openDatabase = async ({
  target,
  command,
  shareEmbedded = false,
  exclusive = false,
  poolSize = 10,
  holdConnections = false,
  sessionSettings = [],
}: OpenDatabaseOptions): Promise<Database> => {
  if (target.kind === 'pglite') {
    return openPglite({
      dataDir: target.dataDir,
      templateDir: target.templateDir,
      command,
      share: shareEmbedded,
      exclusive,
    });
  }
  return openPostgres(target.url, {
    poolSize,
    label: describeUrl(target.url),
    hold: holdConnections,
    settings: sessionSettings,
  });
};
