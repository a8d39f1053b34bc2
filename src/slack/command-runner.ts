import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../observability/logger.ts';
import { type PeriodicJob, startPeriodicJob } from '../timers/periodic-job.ts';
import { createCommandQueue } from './command-queue.ts';

/** The form fields Slack posted, as `node:querystring` reads them. */
export type CommandForm = Record<string, string | string[]>;

const ZCommandForm = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** Where acknowledged commands are kept until they are answered: a table on PostgreSQL, a file beside PGlite. */
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
/** The longest a burst being journaled holds off the work already queued. */
const MAX_HOLD_OFF_MS = 5;
/** How often lapsed commands (a dead process's) are looked for. */
const SWEEP_EVERY_MS = 5_000;
const SWEEP_LIMIT = 50;
/** A command that was started this many times without finishing most likely kills the process that runs it. */
const MAX_ATTEMPTS = 5;
/** Slack's response URLs take answers for 30 minutes; a minute's margin for the run itself. */
const RESPONSE_URL_LIFETIME_MS = 29 * 60_000;

type Work = { id: string; body: CommandForm; late: boolean };

type Lapsed = Awaited<ReturnType<CommandJournal['claimLapsed']>>[number];

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
 * next, this one after a restart or another replica. A command runs again only when its process died between
 * doing it and striking it off: what declare, note, impact and action items write is keyed by the trigger id, so
 * they write nothing twice; status, severity, roles, resolve and reopen check the state they change, so the rerun
 * answers "already …" instead of changing it twice.
 */
export const createCommandRunner = ({
  journal,
  run,
  logger,
  now = () => new Date(),
  maxWaiting = MAX_WAITING,
}: CommandRunnerOptions) => {
  const log = logger.child({ component: 'commands' });
  let [reserved, stopping, journalingSince] = [0, false, 0];
  const leaseFromNow = () => new Date(now().getTime() + LEASE_MS);
  const leases = createLeaseKeeper({ journal, leaseFromNow, log });
  // Acknowledgements first: while a burst's journal rows are being written, the work already queued waits (or
  // starting it would keep the event loop from the writes' answers and Slack from its 200s), but never long.
  const queue = createCommandQueue<Work>(
    async (work) => {
      await run({ body: work.body, late: work.late }).catch((error: unknown) => {
        log.error({ err: error }, 'a slash command failed after its acknowledgement');
      });
      await leases.strike(work.id);
    },
    () => reserved === 0 || performance.now() - journalingSince >= MAX_HOLD_OFF_MS,
  );
  const waitingCount = () => queue.waiting() + reserved;
  const enqueue = (work: Work) => {
    leases.hold(work.id);
    queue.push(work);
  };
  const letGo = (ids: string[]) => leases.letGo(ids, now());

  /** Journals a command just received and queues it, or says at once why it will not run. */
  const accept = async (body: CommandForm): Promise<Acceptance> => {
    if (!stopping && waitingCount() >= maxWaiting) return 'busy';
    const id = randomUUID();
    const receivedAt = now();
    // A process on its way out journals the command already let go, for the next process to take.
    const leaseUntil = stopping ? receivedAt : leaseFromNow();
    if (reserved === 0) journalingSince = performance.now();
    reserved += 1;
    try {
      await journal.record({ id, body, receivedAt, leaseUntil });
    } catch (error) {
      log.error({ err: error }, 'could not journal a slash command; it was refused');
      return 'unrecorded';
    } finally {
      reserved -= 1;
      queue.resume();
    }
    if (stopping) await letGo([id]);
    else enqueue({ id, body, late: false });
    return 'accepted';
  };

  /** Takes the commands whose process died or let them go, as many as there is room to wait for. */
  const sweep = async () => {
    const room = Math.min(SWEEP_LIMIT, maxWaiting - waitingCount());
    if (stopping || room <= 0) return;
    const at = now();
    const lapsed = await journal.claimLapsed({ now: at, leaseUntil: leaseFromNow(), limit: room });
    if (stopping) return letGo(lapsed.map((command) => command.id));
    for (const command of lapsed) {
      // Only if this process stalled past its own lease: the command is already here.
      if (leases.has(command.id)) continue;
      const readable = readLapsed(command, at);
      if (typeof readable === 'string') {
        log.error({ commandId: command.id, attempts: command.attempts, receivedAt: command.receivedAt }, readable);
        await leases.strike(command.id);
        continue;
      }
      log.info({ commandId: command.id, attempts: command.attempts, late: readable.late }, 'took over a slash command');
      enqueue(readable);
    }
  };

  let sweeping: PeriodicJob | undefined;
  let renewing: PeriodicJob | undefined;
  return {
    accept,
    /** Sweeps now, then keeps sweeping and renewing the leases of the commands held here. */
    start: async () => {
      renewing = startPeriodicJob({ task: leases.renew, everyMs: RENEW_EVERY_MS, runAtOnce: false });
      const sweepOrWarn = () =>
        sweep().catch((err: unknown) => log.warn({ err }, 'could not look for journaled slash commands'));
      sweeping = startPeriodicJob({ task: sweepOrWarn, everyMs: SWEEP_EVERY_MS, runAtOnce: false });
      await sweepOrWarn();
    },
    /**
     * Starts nothing more, lets go of the commands still waiting (another process takes them), and waits up to
     * `graceMs` for those running, renewing their leases meanwhile. One still running then keeps its lease, and runs
     * again elsewhere once that lapses.
     */
    stop: async (graceMs: number) => {
      stopping = true;
      void sweeping?.stop();
      const waiting = queue.close().map((work) => work.id);
      for (const id of waiting) leases.drop(id);
      await letGo(waiting);
      await queue.idleWithin(graceMs);
      void renewing?.stop();
      const running = queue.running();
      if (running > 0) log.warn({ running }, 'slash commands still running at the end of the grace period');
      if (waiting.length > 0) log.info({ commands: waiting.length }, 'left waiting slash commands to the next process');
    },
    waitingCount,
  };
};

/**
 * The commands this process holds: their leases renewed together, and each struck off the journal once answered. A
 * strike that fails is tried again at each renewal, the command still held meanwhile, so that neither this process
 * nor another runs it again.
 */
const createLeaseKeeper = ({
  journal,
  leaseFromNow,
  log,
}: {
  journal: CommandJournal;
  leaseFromNow: () => Date;
  log: Logger;
}) => {
  const held = new Set<string>();
  const unstruck = new Set<string>();
  const strike = async (id: string) => {
    try {
      await journal.finish(id);
      held.delete(id);
      unstruck.delete(id);
    } catch (error) {
      if (!unstruck.has(id)) log.warn({ err: error }, 'could not strike an answered command from the journal');
      unstruck.add(id);
    }
  };
  return {
    hold: (id: string) => held.add(id),
    drop: (id: string) => held.delete(id),
    has: (id: string) => held.has(id),
    strike,
    /** Lets go at once of commands this process will not run, for another to take. */
    letGo: (ids: string[], at: Date) =>
      journal.release(ids, at).catch((error: unknown) => {
        log.warn({ err: error, commands: ids.length }, 'could not let go of commands; their leases lapse');
      }),
    /** Never throws: a renewal that fails is logged and tried again at the next. */
    renew: async () => {
      for (const id of [...unstruck]) await strike(id);
      await journal.renew([...held], leaseFromNow()).catch((err: unknown) => {
        log.warn({ err }, 'could not renew command leases');
      });
    },
  };
};

export type CommandRunner = ReturnType<typeof createCommandRunner>;
