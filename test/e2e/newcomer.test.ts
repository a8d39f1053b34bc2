import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { collectOutput } from '../../demo/sitrep-process.ts';

// A newcomer clones the repository and types the README's Quick start. The clone is of the committed HEAD, as a
// newcomer's would be: changes not yet committed in this working tree are not seen here.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** `npm install` fetches every package (30 to 60 s here), then the demo starts sitrep on a fresh database. */
const TIMEOUT_MS = 6 * 60_000;

/** The commands of README.md's Quick start code block, one a line, as a newcomer copies them. */
const quickStartCommands = (readme: string): string[] => {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start\n'));
  const block = section?.match(/^```(?:sh|shell|bash)?\n([\s\S]*?)^```/m)?.[1];
  if (block === undefined) throw new Error('README.md has no code block under "## Quick start"');
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
};

/**
 * A newcomer's shell: PATH without what npm and npx put in front of it (node_modules/.bin, npm's node-gyp-bin), so
 * `node` is the system's until the clone has its own; HOME, with its .npmrc; and, when set, npm's cache, registry
 * and certificate settings and the proxies, which a machine needs to reach the registry at all.
 */
const newcomerEnvironment = (): NodeJS.ProcessEnv => ({
  PATH: (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter),
  HOME: process.env.HOME ?? tmpdir(),
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) =>
      /^(npm_config_(cache|registry|cafile|userconfig)|NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|(https?|no)_proxy)$/i.test(
        name,
      ),
    ),
  ),
});

type Ran = { command: string; code: number | null; stdout: string; stderr: string };

let running: ReturnType<typeof spawn> | undefined;
let workDir: string | undefined;

/** Runs one line as `sh` would from the README, in its own process group so that a stuck one can be stopped whole. */
const runLine = (command: string, cwd: string): Promise<Ran> =>
  new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env: newcomerEnvironment(), detached: true });
    running = child;
    const output = collectOutput(child);
    child.on('error', reject);
    child.on('close', (code) => {
      running = undefined;
      resolve({ command, code, ...output() });
    });
  });

afterAll(async () => {
  // Only when the test timed out: the process group of the command still running, started by this test.
  if (running?.pid !== undefined && running.exitCode === null) process.kill(-running.pid, 'SIGKILL');
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

it(
  "a fresh clone runs the README's Quick start: npm install, then the demo to its postmortem and its last line",
  async () => {
    const commands = quickStartCommands(await readFile(join(ROOT, 'README.md'), 'utf8'));
    expect(commands.length).toBeGreaterThan(0);
    workDir = await mkdtemp(join(tmpdir(), 'sitrep-newcomer-'));
    const clone = join(workDir, 'sitrep');
    await promisify(execFile)('git', ['clone', '--quiet', ROOT, clone]);

    const ran: Ran[] = [];
    for (const command of commands) {
      const result = await runLine(command, clone);
      ran.push(result);
      expect(result.code, `\`${command}\` exited ${result.code}:\n${result.stderr.slice(-3_000)}`).toBe(0);
    }

    // The last command is the demo: the transcript, the postmortem as the canvas received it, then its last line.
    const demo = ran.at(-1)?.stdout ?? '';
    expect(demo).toMatch(/^━━━ The canvas "Postmortem draft v1: .*" in #inc-1-\S+ \(also shared as .*\.md\) ━━━$/m);
    expect(demo).toMatch(/^# Postmortem: incident 1, /m);
    expect(demo).toContain('━━━ End of the postmortem draft ━━━');
    expect(demo.trimEnd().split('\n').at(-1)).toMatch(/^Done: #inc-1-\S+ has one pinned summary/);
  },
  TIMEOUT_MS,
);
