// PGlite on a thread of its own. PGlite runs each query synchronously in WebAssembly, which on the main thread
// would hold up every other request, a slash command waiting for its acknowledgement among them. The database is
// served on a Unix socket in the data directory, where the server's pool, `sitrep migrate` and psql reach it.
//
// Plain JavaScript, checked by tsc through JSDoc: a TypeScript entry point would load Node's type stripper into this
// thread too, 15 MB for one small file.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * @typedef {{
 *   dataDir: string;
 *   socketPath: string;
 *   startParams: string[];
 *   idleTimeoutMs: number;
 *   pgliteWasmModule: WebAssembly.Module;
 *   initdbWasmModule: WebAssembly.Module;
 * }} PgliteWorkerData
 */

const port = parentPort;
if (!port) throw new Error('pglite-worker must run in a worker thread');
const { dataDir, socketPath, startParams, idleTimeoutMs, pgliteWasmModule, initdbWasmModule } =
  /** @type {PgliteWorkerData} */ (workerData);

// Compiled once by the process that starts this thread (src/store/database.ts says why).
const db = new PGlite(dataDir, { startParams, pgliteWasmModule, initdbWasmModule });
await db.waitReady;
// Two connections: the server's own and one more for `sitrep migrate` or psql. The socket server queues protocol
// messages rather than whole queries, so every client beyond one adds a chance of interleaving; an idle one is let
// go after a while.
const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 2, idleTimeout: idleTimeoutMs });
await server.start();
port.postMessage({ type: 'ready' });

port.on('message', (/** @type {unknown} */ message) => {
  if (typeof message !== 'object' || message === null || !('type' in message) || message.type !== 'close') return;
  void (async () => {
    await server.stop();
    await db.close();
    port.postMessage({ type: 'closed' });
    port.close();
  })();
});
