// PGlite on a thread of its own. PGlite runs each query synchronously in WebAssembly, which on the main thread
// would hold up every other request, a slash command waiting for its acknowledgement among them. The database is
// served on a Unix socket in the data directory, where the server's pool, `sitrep migrate` and psql reach it.
//
// Plain JavaScript, checked by tsc through JSDoc: a TypeScript entry point would load Node's type stripper into this
// thread too, 15 MB for one small file.
import { createServer } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { SessionQueue } from './pglite-session-queue.js';

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

// Compiled once by the process that starts this thread (src/store/embedded-server.ts says why).
const db = new PGlite(dataDir, { startParams, pgliteWasmModule, initdbWasmModule });
await db.waitReady;
// Two connections: the server's own and one more for `sitrep migrate`, `sitrep backup` or psql. They take turns at
// PGlite's one session, each keeping it for a whole pipeline or transaction (pglite-session-queue.js); an idle one is
// let go after a while.
const MAX_CONNECTIONS = 2;
const queue = new SessionQueue(db);
/** @type {Set<PGLiteSocketHandler>} */
const handlers = new Set();
const server = createServer((socket) => {
  if (handlers.size >= MAX_CONNECTIONS) {
    socket.end('Too many connections\n');
    return;
  }
  // pglite-socket types its queue as its own class; ours keeps the same four methods.
  const handler = new PGLiteSocketHandler({
    queryQueue: /** @type {any} */ (queue),
    closeOnDetach: true,
    idleTimeout: idleTimeoutMs,
  });
  handlers.add(handler);
  const forget = () => handlers.delete(handler);
  handler.addEventListener('close', forget);
  handler.addEventListener('error', forget);
  handler.attach(socket).catch(() => {
    forget();
    socket.destroy();
  });
});
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(socketPath, () => resolve(undefined));
});
port.postMessage({ type: 'ready' });

port.on('message', (/** @type {unknown} */ message) => {
  if (typeof message !== 'object' || message === null || !('type' in message) || message.type !== 'close') return;
  void (async () => {
    for (const handler of handlers) await handler.detach(true);
    await new Promise((resolve) => server.close(() => resolve(undefined)));
    await db.close();
    port.postMessage({ type: 'closed' });
    port.close();
  })();
});
