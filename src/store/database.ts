import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { AppError } from '../domain/app-error.ts';
import { type DataDirLock, lockDataDir, readLockHolder } from './data-dir-lock.ts';
import { PrismaClient } from './generated/client.ts';
import { pgliteOptions } from './pglite-options.ts';
import type { SqlSession } from './sql-session.ts';

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export type Database = {
  /** Where the data lives, as a person would describe it in a log line (no credentials). */
  description: string;
  prisma: PrismaClient;
  /** Runs `work` on one session, for raw SQL that needs a single connection (advisory locks). */
  withSession: <T>(work: (session: SqlSession) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};

export type OpenDatabaseOptions = {
  target: DatabaseTarget;
  /** The command opening it, written into the PGlite lock so a second process can say who holds it. */
  command: string;
  /** `serve` shares its embedded database with the CLI and psql over a Unix socket in the data directory. */
  shareEmbedded?: boolean;
  /** Connections in the pool to PostgreSQL. */
  poolSize?: number;
};

/** The Unix socket PGlite is served on: `psql -h <DATA_DIR> -U postgres postgres` finds it by this name. */
const SOCKET_FILE = '.s.PGSQL.5432';

const pgSession = (client: pg.ClientBase): SqlSession => ({
  query: async <Row extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
    (await client.query<Row>(sql, params)).rows,
  exec: async (script) => {
    await client.query(script);
  },
});

/**
 * `?schema=` in DATABASE_URL picks the schema, as it does for Prisma: the pool's search_path and the adapter both
 * use it, so migrations and queries agree.
 */
const openPostgres = (url: string, poolSize: number, label: string): Database => {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const pool = new pg.Pool({
    connectionString: parsed.href,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    ...(schema ? { options: `-c search_path="${schema.replaceAll('"', '""')}"` } : {}),
  });
  // An idle client losing its server (a failover, a restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
  return {
    description: label,
    prisma,
    withSession: async (work) => {
      const client = await pool.connect();
      try {
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

/** initdb runs in a child process: its memory peak would otherwise stay resident in the server. */
const initialiseDataDir = async (dataDir: string): Promise<void> => {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const script = fileURLToPath(new URL('./pglite-init.ts', import.meta.url));
  // Baseline WebAssembly compilation halves both initdb's time and its memory peak.
  const child = spawn(process.execPath, ['--liftoff-only', script, dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) {
    throw new AppError('DATABASE_UNAVAILABLE', {
      userMessage: `Could not create the embedded database in ${dataDir}: ${stderr.trim() || `exit code ${code}`}`,
    });
  }
};

const pgliteSession = (db: PGlite): SqlSession => ({
  query: async <Row extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
    (await db.query<Row>(sql, params)).rows,
  exec: async (script) => {
    await db.exec(script);
  },
});

const openPglite = async (dataDir: string, command: string, share: boolean): Promise<Database> => {
  let lock: DataDirLock;
  try {
    lock = await lockDataDir(dataDir, { pid: process.pid, command, ...(share ? { socketDir: dataDir } : {}) });
  } catch (error) {
    // A CLI command while `serve` runs reaches the same live data through the socket instead of failing.
    const holder = await readLockHolder(dataDir);
    if (!share && holder?.socketDir) {
      return openPostgres(
        `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(holder.socketDir)}`,
        2,
        `the embedded database in ${dataDir}, served by sitrep ${holder.command} (pid ${holder.pid})`,
      );
    }
    throw error;
  }
  try {
    await initialiseDataDir(dataDir);
    const db = new PGlite(dataDir, pgliteOptions());
    await db.waitReady;
    let server: PGLiteSocketServer | undefined;
    if (share) {
      const socketPath = join(dataDir, SOCKET_FILE);
      // We hold the lock, so a socket file here was left by a process that was killed.
      await rm(socketPath, { force: true });
      server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 8 });
      await server.start();
    }
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
    return {
      description: `the embedded database in ${dataDir}`,
      prisma,
      withSession: (work) => work(pgliteSession(db)),
      close: async () => {
        await server?.stop();
        await prisma.$disconnect();
        await db.close();
        await lock.release();
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
  poolSize = 10,
}: OpenDatabaseOptions): Promise<Database> =>
  target.kind === 'postgres'
    ? openPostgres(target.url, poolSize, describeUrl(target.url))
    : openPglite(target.dataDir, command, shareEmbedded);
