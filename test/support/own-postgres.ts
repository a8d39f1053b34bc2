import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../demo/sitrep-process.ts';

const run = promisify(execFile);

const VERSIONS_DIR = '/usr/lib/postgresql';

/** Every command and the wait for readiness give up after this long: a test must fail, never hang. */
const COMMAND_TIMEOUT_MS = 30_000;
/** pg_ctl's own wait (-t, seconds), inside the command's timeout so that pg_ctl reports rather than being killed. */
const PG_CTL_WAIT_SECONDS = '20';

/**
 * The newest installed server's bin directory (`/usr/lib/postgresql/<major>/bin`) holding `initdb`, or undefined
 * when there is none: tests that need a PostgreSQL of their own skip then.
 */
export const findPostgresBin = (): string | undefined => {
  if (!existsSync(VERSIONS_DIR)) return undefined;
  const found = readdirSync(VERSIONS_DIR)
    .filter((major) => /^\d+$/.test(major))
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join(VERSIONS_DIR, major, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')));
  return found;
};

export type OwnPostgres = {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`, trust authentication. */
  url: string;
  port: number;
  /** Starts the server and waits until it accepts connections. */
  start: () => Promise<void>;
  /** `pg_ctl stop -m fast`: sessions are ended at once (57P01), the data is checkpointed. */
  stop: () => Promise<void>;
  restart: () => Promise<void>;
  /** Stops the server if it runs (immediately) and deletes its directory; safe to call twice or after a failure. */
  destroy: () => Promise<void>;
};

const numericId = async (flag: '-u' | '-g', user: string): Promise<number> =>
  Number((await run('id', [flag, user])).stdout.trim());

/**
 * A PostgreSQL server of the caller's own: a fresh cluster (initdb, trust authentication) in a temporary directory,
 * on a free loopback port, its Unix socket in that directory too. initdb and pg_ctl refuse to run as root, so as
 * root they run as the `postgres` user, which then owns the directory.
 */
export const createOwnPostgres = async (): Promise<OwnPostgres> => {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(`no initdb under ${VERSIONS_DIR}/*/bin`);
  const asRoot = process.getuid?.() === 0;
  const pgCommand = (command: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]]
      : [join(bin, command), args];
    return run(file, argv, { timeout: COMMAND_TIMEOUT_MS, cwd: tmpdir() });
  };

  const root = await mkdtemp(join(tmpdir(), 'sitrep-own-pg-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'postgres.log');
  let port = await freePort();
  let everStarted = false;
  /** Whether a postmaster may run: its pid file is there even when a pg_ctl start was cut short. */
  const mayRun = () => existsSync(join(dataDir, 'postmaster.pid'));

  const logTail = async () =>
    (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-15).join('\n');

  const waitUntilReady = async () => {
    const deadline = Date.now() + COMMAND_TIMEOUT_MS;
    for (;;) {
      const ready = await run(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port), '-t', '2'], {
        timeout: 5_000,
      }).then(
        () => true,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) {
        throw new Error(`PostgreSQL on port ${port} not ready within ${COMMAND_TIMEOUT_MS} ms\n${await logTail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const pgCtlStart = () =>
    pgCommand('pg_ctl', [
      'start',
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      PG_CTL_WAIT_SECONDS,
      '-o',
      `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`,
    ]);

  const start = async () => {
    try {
      await pgCtlStart();
    } catch (error) {
      // Another process may have taken the port between freePort and the start: once more, on another port, but
      // only for the first start, so that a restart keeps the URL the server under test was given.
      if (everStarted) throw new Error(`pg_ctl start failed\n${await logTail()}`, { cause: error });
      port = await freePort();
      await pgCtlStart().catch(async (again: unknown) => {
        throw new Error(`pg_ctl start failed\n${await logTail()}`, { cause: again });
      });
    }
    everStarted = true;
    await waitUntilReady();
  };

  const stopWith = async (mode: 'fast' | 'immediate') => {
    await pgCommand('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w', '-t', PG_CTL_WAIT_SECONDS]);
  };

  try {
    if (asRoot) await chown(root, await numericId('-u', 'postgres'), await numericId('-g', 'postgres'));
    await pgCommand('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    await start();
  } catch (error) {
    if (mayRun()) await stopWith('immediate').catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop: () => stopWith('fast'),
    restart: async () => {
      await stopWith('fast');
      await start();
    },
    destroy: async () => {
      if (mayRun()) await stopWith('immediate').catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
};
