// PGlite has one backend session, shared by every client of its socket. pglite-socket's own queue hands it from
// client to client between any two protocol messages, except inside a BEGIN block: so a client's Parse, Bind and
// Execute could run with another client's Parse in between (the unnamed statement replaced under it), and a
// transaction started by one client could swallow the other's queries. This queue gives the session to one client
// from its first message until the backend says it is idle again (ReadyForQuery 'I' after a Sync, a simple Query or
// the end of a COPY), so each client's pipelines and transactions run whole: what lets `sitrep backup` read one
// consistent snapshot through a running server. Plain JavaScript, for the same reason as pglite-worker.js.

/** @typedef {import('@electric-sql/pglite').PGlite} PGlite */
/**
 * @typedef {{
 *   handlerId: number;
 *   message: Uint8Array;
 *   onData: (data: Uint8Array) => void;
 *   resolve: (bytes: number) => void;
 *   reject: (error: unknown) => void;
 * }} QueuedMessage
 */

// Messages after which the backend answers ReadyForQuery: Query, Sync, CopyDone, CopyFail; 0 starts a startup packet.
const ENDS_A_CYCLE = new Set([0x51, 0x53, 0x63, 0x66, 0x00]);
const READY_FOR_QUERY = 0x5a;
const IDLE = 0x49;
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/** True when `tail` (the last bytes the backend sent) is ReadyForQuery with status idle: `Z 0 0 0 5 I`. */
const endsIdle = (/** @type {number[]} */ tail) =>
  tail.length === 6 &&
  tail[0] === READY_FOR_QUERY &&
  tail[1] === 0 &&
  tail[2] === 0 &&
  tail[3] === 0 &&
  tail[4] === 5 &&
  tail[5] === IDLE;

export class SessionQueue {
  /** @param {PGlite} db */
  constructor(db) {
    this.db = db;
    /** @type {QueuedMessage[]} */
    this.queue = [];
    this.processing = false;
    /** @type {number | null} The client holding the session until the backend is idle again. */
    this.owner = null;
  }

  /**
   * @param {number} handlerId
   * @param {Uint8Array} message
   * @param {(data: Uint8Array) => void} onData
   * @returns {Promise<number>}
   */
  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  /** @returns {QueuedMessage | undefined} */
  next() {
    const index = this.owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === this.owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  async process() {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item !== undefined; item = this.next()) await this.run(item);
    } finally {
      this.processing = false;
    }
  }

  /** @param {QueuedMessage} item */
  async run(item) {
    /** @type {number[]} */
    let tail = [];
    let bytes = 0;
    this.owner = item.handlerId;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(item.message, {
          onRawData: (data) => {
            bytes += data.length;
            tail = [...tail, ...data.subarray(Math.max(0, data.length - 6))].slice(-6);
            item.onData(data);
          },
        }),
      );
    } catch (error) {
      item.reject(error);
      return;
    }
    if (ENDS_A_CYCLE.has(item.message[0] ?? -1) && endsIdle(tail)) this.owner = null;
    item.resolve(bytes);
  }

  getQueueLength() {
    return this.queue.length;
  }

  /** @param {number} handlerId */
  clearQueueForHandler(handlerId) {
    const gone = this.queue.filter((item) => item.handlerId === handlerId);
    this.queue = this.queue.filter((item) => item.handlerId !== handlerId);
    for (const item of gone) item.reject(new Error('Handler disconnected'));
  }

  /**
   * A client that left while holding the session leaves it as it found it: a pipeline ended, a transaction rolled
   * back, so the next client does not start inside it.
   * @param {number} handlerId
   */
  async clearTransactionIfNeeded(handlerId) {
    if (this.owner !== handlerId) return;
    await this.db.runExclusive(async () => {
      await this.db.execProtocolRaw(SYNC);
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    });
    this.owner = null;
    await this.process();
  }
}
