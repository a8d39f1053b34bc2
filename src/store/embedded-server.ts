// The embedded database's server side: the data directory's lock, its creation (copied from the template or made by
// initdb) and PGlite on a thread of its own serving a Unix socket. No Prisma and no pg here: `sitrep serve` starts
// this first, and PGlite starts on its thread while the main thread loads the rest of sitrep.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../domain/app-error.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { pgliteOptions } from './pglite-options.ts';
import { defaultTemplateDir, runInitdb } from './pglite-template.ts';
import { seedDataDir } from './seed-data-dir.ts';

/** The Unix socket PGlite is served on: `psql -h <DATA_DIR> -U postgres postgres` finds it by this name. */
const SOCKET_FILE = '.s.PGSQL.5432';

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

/**
 * Starts PGlite on a worker thread, serving `socketPath`. Resolves once the thread is spawned: PGlite starts on it
 * whatever this thread does meanwhile; `ready` resolves once it accepts connections.
 */
const spawnPgliteWorker = async ({ dataDir, socketPath }: { dataDir: string; socketPath: string }) => {
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
  const ready = message('ready').catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  return {
    ready,
    stop: async () => {
      const closed = message('closed').catch(() => undefined);
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
};

/** The embedded database, locked, created if it was not, and served on its socket in the data directory. */
export type EmbeddedServer = {
  /** Set when this start created the database. */
  created: EmbeddedCreation | undefined;
  /** Stops PGlite's thread and lets go of the data directory. */
  stop: () => Promise<void>;
};

export type StartEmbeddedServerOptions = {
  dataDir: string;
  /** The initialised data directory a new database is copied from; by default the one npm install built. */
  templateDir: string | undefined;
  /** The command starting it, written into the lock so a second process can say who holds it. */
  command: string;
  /** `serve` shares the database over the socket: the lock says where, so the CLI and psql can reach it. */
  share: boolean;
};

/**
 * Takes the data directory's lock (DATABASE_LOCKED when another process has it), creates the database if need be and
 * spawns PGlite's thread; `server` resolves once PGlite accepts connections. Its start goes on on that thread while
 * this one does other work, even work that holds this thread's event loop, such as loading modules.
 */
export const launchEmbeddedServer = async ({
  dataDir,
  templateDir,
  command,
  share,
}: StartEmbeddedServerOptions): Promise<{ server: Promise<EmbeddedServer> }> => {
  const lock = await lockDataDir(dataDir, { pid: process.pid, command, ...(share ? { socketDir: dataDir } : {}) });
  try {
    const created = await initialiseDataDir({ dataDir, templateDir });
    const socketPath = join(dataDir, SOCKET_FILE);
    // We hold the lock, so a socket file here was left by a process that was killed.
    await rm(socketPath, { force: true });
    const worker = await spawnPgliteWorker({ dataDir, socketPath });
    const stop = async () => {
      try {
        await worker.stop();
      } finally {
        await lock.release();
      }
    };
    const server = worker.ready.then(
      () => ({ created, stop }),
      async (error: unknown) => {
        await lock.release();
        throw error;
      },
    );
    // Whoever awaits `server` hears of its failure; until then it is not an unhandled rejection.
    server.catch(() => {});
    return { server };
  } catch (error) {
    await lock.release();
    throw error;
  }
};

/** The embedded database, locked, created if need be and accepting connections. */
export const startEmbeddedServer = async (options: StartEmbeddedServerOptions): Promise<EmbeddedServer> =>
  (await launchEmbeddedServer(options)).server;
