import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/sitrep.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What `npm start` and the shebang of bin/sitrep.js give Node (see there why). */
const NODE_FLAGS = ['--liftoff-only', '--max-semi-space-size=2'];

export type Exit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

export type SitrepProcess = {
  child: ChildProcess;
  url: string;
  output: () => { stdout: string; stderr: string };
  /** Sends SIGTERM and waits for the process to exit. */
  stop: () => Promise<Exit>;
  exited: Promise<Exit>;
};

/** A free TCP port on loopback, for a process that must be told its port up front. */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
};

/** Collects what a child process prints; call the result for everything printed so far. */
export const collectOutput = (child: ChildProcess) => {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return () => ({ stdout, stderr });
};

/** The environment a child sitrep gets: only what the test gives it, plus PATH. */
const childEnv = (env: Record<string, string>): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  LOG_LEVEL: 'info',
  ...env,
});

/** Runs `sitrep <args>` to completion (for commands that exit). */
export const runSitrep = async (args: string[], env: Record<string, string>, cwd = ROOT): Promise<Exit> => {
  const child = spawn(process.execPath, [...NODE_FLAGS, BIN, ...args], { cwd, env: childEnv(env) });
  const output = collectOutput(child);
  const [code, signal] = await once(child, 'exit');
  return { code, signal, ...output() };
};

/** Starts `sitrep serve` on a free port (unless env names one), without waiting for anything. */
export const spawnSitrepServe = async ({ env, cwd = ROOT }: { env: Record<string, string>; cwd?: string }) => {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, [...NODE_FLAGS, BIN, 'serve'], {
    cwd,
    env: childEnv({ HOST: '127.0.0.1', ...env, PORT: port }),
  });
  const output = collectOutput(child);
  const exited: Promise<Exit> = once(child, 'exit').then(([code, signal]) => ({ code, signal, ...output() }));
  return { child, port, output, exited };
};

export type StartSitrepOptions = { env: Record<string, string>; cwd?: string; readyWithinMs?: number };

/** Starts `sitrep serve` and resolves once /readyz answers 200, or rejects with what the process printed. */
export const startSitrep = async ({
  env,
  cwd = ROOT,
  readyWithinMs = 20_000,
}: StartSitrepOptions): Promise<SitrepProcess> => {
  const { child, port, output, exited } = await spawnSitrepServe({ env, cwd });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyWithinMs;
  let done = false;
  exited.then(() => {
    done = true;
  });
  while (!done && Date.now() < deadline) {
    const ready = await fetch(`${url}/readyz`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) {
      return {
        child,
        url,
        exited,
        output,
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  await exited;
  const { stdout, stderr } = output();
  throw new Error(`sitrep was not ready within ${readyWithinMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`);
};
