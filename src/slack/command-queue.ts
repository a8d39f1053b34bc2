/**
 * Commands running at once. Enough to keep the database's connections busy (10 to PostgreSQL, 1 to PGlite) and to
 * let a slow one (a report) be overtaken; few enough that a burst waits in order, in this process.
 */
const MAX_RUNNING = 64;

/**
 * Work run in arrival order, at most MAX_RUNNING at a time, one started per turn of the event loop so that a burst
 * never holds up reading (and acknowledging) the requests that arrive meanwhile. The queue has a moving head:
 * Array#shift on hundreds waiting would move them all each time.
 */
export const createCommandQueue = <W>(
  execute: (work: W) => Promise<void>,
  /** Holds off starting work while false; call `resume` once it may be true again. */
  mayStart: () => boolean = () => true,
) => {
  let waiting: W[] = [];
  let head = 0;
  let running = 0;
  let scheduled = false;
  let closed = false;
  const idle: (() => void)[] = [];

  const take = (): W | undefined => {
    const work = waiting[head];
    head += 1;
    if (head >= waiting.length) {
      waiting = [];
      head = 0;
    } else if (head >= 1024 && head * 2 >= waiting.length) {
      waiting = waiting.slice(head);
      head = 0;
    }
    return work;
  };
  const schedule = () => {
    if (scheduled || closed || running >= MAX_RUNNING || head === waiting.length || !mayStart()) return;
    scheduled = true;
    setImmediate(startNext);
  };
  const startNext = () => {
    scheduled = false;
    if (closed || !mayStart()) return;
    const work = take();
    if (work === undefined) return;
    running += 1;
    void execute(work).finally(() => {
      running -= 1;
      if (running === 0) for (const resolve of idle.splice(0)) resolve();
      schedule();
    });
    schedule();
  };

  return {
    push: (work: W) => {
      waiting.push(work);
      schedule();
    },
    resume: () => schedule(),
    waiting: () => waiting.length - head,
    running: () => running,
    /** Starts nothing more; gives back what was waiting. */
    close: (): W[] => {
      closed = true;
      const left = waiting.slice(head);
      waiting = [];
      head = 0;
      return left;
    },
    /** Resolves once nothing runs, or after `ms`, whichever is first. */
    idleWithin: async (ms: number) => {
      if (running === 0) return;
      const drained = new Promise<void>((resolve) => idle.push(resolve));
      await Promise.race([drained, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
    },
  };
};
