import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { readLockHolder } from './data-dir-lock.ts';
import { type EmbeddedCreation, type EmbeddedServer, startEmbeddedServer } from './embedded-server.ts';
import { PrismaClient } from './generated/client.ts';
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
  /** The embedded database already being started for this target (`serve` starts it before loading the rest). */
  embedded?: Promise<EmbeddedServer> | undefined;
};

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

type OpenPgliteOptions = {
  dataDir: string;
  templateDir: string | undefined;
  command: string;
  share: boolean;
  exclusive: boolean;
  started: Promise<EmbeddedServer> | undefined;
};

const openPglite = async ({
  dataDir,
  templateDir,
  command,
  share,
  exclusive,
  started,
}: OpenPgliteOptions): Promise<Database> => {
  let server: EmbeddedServer;
  try {
    server = await (started ?? startEmbeddedServer({ dataDir, templateDir, command, share }));
  } catch (error) {
    // A CLI command while `serve` runs reaches the same live data through the socket instead of failing.
    // Whatever the error: were the lock ours, it is let go by now, so a holder with a socket is another process.
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
      ...(server.created ? { created: server.created } : {}),
      close: async () => {
        try {
          await database.close();
        } finally {
          await server.stop();
        }
      },
    };
  } catch (error) {
    await server.stop();
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
  embedded,
}: OpenDatabaseOptions): Promise<Database> => {
  if (target.kind === 'pglite') {
    return openPglite({
      dataDir: target.dataDir,
      templateDir: target.templateDir,
      command,
      share: shareEmbedded,
      exclusive,
      started: embedded,
    });
  }
  return openPostgres(target.url, {
    poolSize,
    label: describeUrl(target.url),
    hold: holdConnections,
    settings: sessionSettings,
  });
};
