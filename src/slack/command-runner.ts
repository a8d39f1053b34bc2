import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../observability/logger.ts';
import { createCommandQueue } from './command-queue.ts';

/** The form fields Slack posted, as `node:querystring` reads them. */
export type CommandForm = Record<string, string | string[]>;

const ZCommandForm = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** Where acknowledged commands are kept until they are answered (the database's JournaledCommand table). */
export type CommandJournal = {
  record: (command: { id: string; body: CommandForm; receivedAt: Date; leaseUntil: Date }) => Promise<void>;
  claimLapsed: (options: {
    now: Date;
    leaseUntil: Date;
    limit: number;
  }) => Promise<{ id: string; body: unknown; receivedAt: Date; attempts: number }[]>;
  renew: (ids: readonly string[], leaseUntil: Date) => Promise<void>;
  release: (ids: readonly string[], now: Date) => Promise<void>;
  finish: (id: string) => Promise<void>;
};

/** Runs one command through Bolt. `late`: its response URL has expired, so the answer goes by direct message. */
export type RunCommand = (command: { body: CommandForm; late: boolean }) => Promise<void>;

/** What the acknowledgement says: nothing (the answer follows), or at once why the command will not be run. */
export type Acceptance = 'accepted' | 'busy' | 'unrecorded';

export type CommandRunnerOptions = {
  journal: CommandJournal;
  run: RunCommand;
  logger: Logger;
  now?: () => Date;
  /** Commands acknowledged and not yet started beyond which a new one is answered "busy". */
  maxWaiting?: number;
};

/**
 * A command waits at most this many places behind others. At the few hundred commands a second one process answers,
 * that is a second or two: past it, the person is better told at once to try again than answered late.
 */
export const MAX_WAITING = 256;
/** A command held by a process that stops renewing it (killed) is taken by another after this long. */
const LEASE_MS = 20_000;
const RENEW_EVERY_MS = 5_000;
/** How often lapsed commands (a dead process's) are looked for. */
const SWEEP_EVERY_MS = 5_000;
const SWEEP_LIMIT = 50;
/** A command that was started this many times without finishing most likely kills the process that runs it. */
const MAX_ATTEMPTS = 5;
/** Slack's response URLs take answers for 30 minutes; a minute's margin for the run itself. */
const RESPONSE_URL_LIFETIME_MS = 29 * 60_000;

type Work = { id: string; body: CommandForm; late: boolean };

type Lapsed = Awaited<ReturnType<CommandJournal['claimLapsed']>>[number];

/** Runs `task` every `ms` for as long as the process has other reasons to live. */
const every = (ms: number, task: () => Promise<void>, failed: (error: unknown) => void): NodeJS.Timeout => {
  const timer = setInterval(() => {
    task().catch(failed);
  }, ms);
  timer.unref();
  return timer;
};

/** A lapsed command ready to run again, or why it is given up. */
const readLapsed = (command: Lapsed, at: Date): Work | string => {
  const body = ZCommandForm.safeParse(command.body);
  if (!body.success) return 'dropped an unreadable journaled command';
  if (command.attempts > MAX_ATTEMPTS) return 'gave up a slash command that never finished';
  const late = at.getTime() - command.receivedAt.getTime() > RESPONSE_URL_LIFETIME_MS;
  return { id: command.id, body: body.data, late };
};

/**
 * Acknowledged slash commands, durable: each is written to the journal before Slack hears 200, runs here in
 * arrival order (at most MAX_RUNNING at a time) while this process renews its lease, and leaves the journal once
 * answered. A command whose process died, or that a stopping process let go, is taken by whichever process sweeps
 * next, this one after a restart or another replica. Running one twice is safe because every flow that writes is
 * keyed by the command's trigger id.
 */
export const createCommandRunner = ({
  journal,
  run,
  logger,
  now = () => new Date(),
  maxWaiting = MAX_WAITING,
}: CommandRunnerOptions) => {
  const log = logger.child({ component: 'commands' });
  let reserved = 0;
  let stopping = false;
  const held = new Set<string>();
  const timers: NodeJS.Timeout[] = [];
  const leaseFromNow = () => new Date(now().getTime() + LEASE_MS);

  // Acknowledgements first: while a burst's journal rows are being written, the work already queued waits, or
  // starting it would keep the event loop from the writes' answers and Slack from its 200s.
  const queue = createCommandQueue<Work>(
    async (work) => {
      await run({ body: work.body, late: work.late }).catch((error: unknown) => {
        log.error({ err: error }, 'a slash command failed after its acknowledgement');
      });
      // One not struck off runs again once its lease lapses, and the flows' keys make that a no-op.
      await journal.finish(work.id).catch((error: unknown) => {
        log.warn({ err: error }, 'could not strike an answered command from the journal');
      });
      held.delete(work.id);
    },
    () => reserved === 0,
  );
  const waitingCount = () => queue.waiting() + reserved;
  const enqueue = (work: Work) => {
    held.add(work.id);
    queue.push(work);
  };

  /** Journals a command just received and queues it, or says at once why it will not run. */
  const accept = async (body: CommandForm): Promise<Acceptance> => {
    if (!stopping && waitingCount() >= maxWaiting) return 'busy';
    const id = randomUUID();
    const receivedAt = now();
    // A process on its way out journals the command already let go, for the next process to take.
    const leaseUntil = stopping ? receivedAt : leaseFromNow();
    reserved += 1;
    try {
      await journal.record({ id, body, receivedAt, leaseUntil });
    } catch (error) {
      log.error({ err: error }, 'could not journal a slash command; it was refused');
      return 'unrecorded';
    } finally {
      reserved -= 1;
      if (reserved === 0) queue.resume();
    }
    if (!stopping) enqueue({ id, body, late: false });
    return 'accepted';
  };

  /** Takes the commands whose process died or let them go, as many as there is room to wait for. */
  const sweep = async () => {
    const room = Math.min(SWEEP_LIMIT, maxWaiting - waitingCount());
    if (stopping || room <= 0) return;
    const at = now();
    const lapsed = await journal.claimLapsed({ now: at, leaseUntil: leaseFromNow(), limit: room });
    for (const command of lapsed) {
      // Only if this process stalled past its own lease: the command is already here.
      if (held.has(command.id)) continue;
      const readable = readLapsed(command, at);
      if (typeof readable === 'string') {
        log.error({ commandId: command.id, attempts: command.attempts, receivedAt: command.receivedAt }, readable);
        await journal.finish(command.id);
        continue;
      }
      log.info({ commandId: command.id, attempts: command.attempts, late: readable.late }, 'took over a slash command');
      if (!stopping) enqueue(readable);
    }
  };

  return {
    accept,
    /** Sweeps once now, then keeps sweeping and renewing the leases of the commands held here. */
    start: async () => {
      const renew = () => journal.renew([...held], leaseFromNow());
      timers.push(every(SWEEP_EVERY_MS, sweep, (err) => log.warn({ err }, 'could not look for journaled commands')));
      timers.push(every(RENEW_EVERY_MS, renew, (err) => log.warn({ err }, 'could not renew command leases')));
      await sweep();
    },
    /**
     * Starts nothing more, lets go of the commands still waiting (another process takes them), and waits up to
     * `graceMs` for those running. One still running then keeps its lease, and runs again elsewhere once it lapses.
     */
    stop: async (graceMs: number) => {
      stopping = true;
      for (const timer of timers.splice(0)) clearInterval(timer);
      const letGo = queue.close().map((work) => work.id);
      for (const id of letGo) held.delete(id);
      try {
        await journal.release(letGo, now());
      } catch (error) {
        log.warn({ err: error, commands: letGo.length }, 'could not let go of waiting commands; their leases lapse');
      }
      await queue.idleWithin(graceMs);
      if (queue.running() > 0) {
        log.warn({ running: queue.running() }, 'slash commands still running at the end of the grace period');
      }
      if (letGo.length > 0) log.info({ commands: letGo.length }, 'left waiting slash commands to the next process');
    },
    waitingCount,
  };
};

export type CommandRunner = ReturnType<typeof createCommandRunner>;
