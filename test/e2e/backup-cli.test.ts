import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedExampleWorkspace } from '../../demo/fake-slack/example-workspace.ts';
import { createFakeSlack } from '../../demo/fake-slack/fake-slack.ts';
import { type FakeSlackServer, startFakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { postSigned } from '../../demo/fake-slack/sign.ts';
import { runSitrep, type SitrepProcess, startSitrep } from '../../demo/sitrep-process.ts';
import { runReportCommand } from '../../src/cli/report-command.ts';
import { runTimelineCommand } from '../../src/cli/timeline-command.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { type DatabaseTarget, openDatabase } from '../../src/store/database.ts';
import { applyMigrations, readMigrations } from '../../src/store/migrate.ts';
import { createTestTarget, databaseKinds, type TestTarget } from '../support/database.ts';
import { seedHistory } from '../support/seed-history.ts';
import { createSlackHarness, type SlackHarness } from '../support/slack/slack-harness.ts';

const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const SEEDED = 500;
/** One signed command every 50 ms. */
const COMMANDS_PER_SECOND = 20;
const READY_WITHIN_MS = 45_000;

const envOf = (target: DatabaseTarget): Record<string, string> => ({
  ...(target.kind === 'pglite' ? { DATA_DIR: target.dataDir } : { DATABASE_URL: target.url }),
  SITREP_CONFIG: 'sitrep.example.yml',
  LOG_LEVEL: 'warn',
});

/** `sitrep serve` on `target`, with a fake Slack of its own and Alice typing into it. */
type World = { sitrep: SitrepProcess; slack: SlackHarness; fakeSlack: FakeSlackServer; stop: () => Promise<void> };

const startWorld = async (target: DatabaseTarget): Promise<World> => {
  const fake = createFakeSlack();
  seedExampleWorkspace(fake);
  const fakeSlack = await startFakeSlackServer({ fake });
  const sitrep = await startSitrep({
    env: {
      ...envOf(target),
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fakeSlack.apiUrl,
    },
    readyWithinMs: READY_WITHIN_MS,
  });
  const slack = createSlackHarness({
    fake,
    post: (request) => postSigned({ url: `${sitrep.url}/slack/events`, signingSecret: SIGNING_SECRET, ...request }),
    replyWithinMs: 30_000,
  });
  return {
    sitrep,
    slack,
    fakeSlack,
    stop: async () => {
      const exit = await sitrep.stop();
      // What it printed shows in the difference when it did not stop cleanly.
      expect({ code: exit.code, output: exit.stdout + exit.stderr }).toEqual({ code: 0, output: expect.any(String) });
      await fakeSlack.close();
    },
  };
};

/** Notes into incident `number`, one every 50 ms until stopped; each must be acknowledged with a 200. */
const keepNoting = (slack: SlackHarness, number: number) => {
  const acks: { sentAt: number; ms: number }[] = [];
  const failures: unknown[] = [];
  let sent = 0;
  const timer = setInterval(() => {
    sent += 1;
    const sentAt = Date.now();
    slack.sendCommand(`note #${number} load note ${sent}`).then(
      () => acks.push({ sentAt, ms: Date.now() - sentAt }),
      (error: unknown) => failures.push(error),
    );
  }, 1000 / COMMANDS_PER_SECOND);
  return {
    acks,
    stop: async () => {
      clearInterval(timer);
      const deadline = Date.now() + 10_000;
      while (acks.length + failures.length < sent && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(failures).toEqual([]);
      return { sent, acks };
    },
  };
};

/** What `/incident list` shows, less how long each incident has been open (the two servers are asked seconds apart). */
const listOf = async (slack: SlackHarness) => {
  const reply = await slack.ask('list');
  return reply.shown.replace(/for [^(]+\(since/g, 'for … (since');
};

/** Exit 0, and nothing on stderr but progress lines (a command taking over a second says where it is). */
const expectDone = (result: { code: number | null; stderr: string }, command: string) => {
  const unexpected = result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith(`sitrep ${command}: `));
  expect({ code: result.code, unexpected }).toEqual({ code: 0, unexpected: [] });
};

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The moment both databases are asked about: the report says when it was made. */
const ASKED_AT = new Date('2026-12-01T12:00:00Z');

/** What `sitrep report` or `sitrep timeline` prints about `target` (the same command code as the CLI, in this process). */
const answerOf = async (args: string[], target: DatabaseTarget): Promise<string> => {
  let stdout = '';
  let stderr = '';
  const call = {
    args: args.slice(1),
    env: envOf(target),
    cwd: ROOT,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  };
  const code =
    args[0] === 'report' ? await runReportCommand({ ...call, now: () => ASKED_AT }) : await runTimelineCommand(call);
  expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
  return stdout;
};

describe.each(databaseKinds)('sitrep backup and restore on %s, while serve takes commands', (kind) => {
  let original: TestTarget;
  let restored: TestTarget;
  let moved: TestTarget | undefined;
  let dir: string;
  let source: World | undefined;

  beforeAll(async () => {
    original = await createTestTarget(kind);
    restored = await createTestTarget(kind);
    dir = await mkdtemp(join(tmpdir(), 'sitrep-backup-e2e-'));
    const database = await openDatabase({ target: original.target, command: 'test', poolSize: 2 });
    try {
      await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
      await seedHistory(database.prisma, { incidents: SEEDED });
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await source?.stop();
    await original.cleanup();
    await restored.cleanup();
    await moved?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores what the original answered at the moment of the backup; refuses damaged, newer and non-empty', async () => {
    const file = join(dir, 'backup.sitrep.gz');
    source = await startWorld(original.target);
    const declared = await source.slack.ask('declare sev2 checkout-api: Backup under load');
    expect(declared.shown).toContain(`Declared incident ${SEEDED + 1}`);

    const load = keepNoting(source.slack, SEEDED + 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const backupStarted = Date.now();
    const backup = await runSitrep(['backup', file], envOf(original.target));
    const backupEnded = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const { sent, acks } = await load.stop();
    expectDone(backup, 'backup');
    expect(backup.stdout).toMatch(
      /^Backed up .* to .*backup\.sitrep\.gz: \d+ tables, [\d,]+ rows, at migration \d+_\w+/,
    );
    // Commands kept arriving, and were acknowledged in time, while the backup ran.
    const during = acks.filter((ack) => ack.sentAt >= backupStarted && ack.sentAt <= backupEnded);
    expect(during.length).toBeGreaterThan(0);
    expect(acks).toHaveLength(sent);
    expect(Math.max(...acks.map((ack) => ack.ms))).toBeLessThan(3_000);

    const restore = await runSitrep(['restore', file], envOf(restored.target));
    expectDone(restore, 'restore');
    expect(restore.stdout).toContain('each table checked against the file');

    const copy = await startWorld(restored.target);
    try {
      // The seeded history is the same, answer for answer.
      for (const args of [
        ['report', '--json', '--month', '2026-07'],
        ['timeline', '7'],
        ['timeline', '250', '--format', 'json'],
      ]) {
        const [was, is] = await Promise.all([answerOf(args, original.target), answerOf(args, restored.target)]);
        expect({ args, is }).toEqual({ args, is: was });
      }
      // The incident under load: the restore holds some of its notes (those written before the snapshot), each as
      // the original has it, and not those written after.
      const notesOf = async (target: DatabaseTarget) =>
        (await answerOf(['timeline', String(SEEDED + 1)], target))
          .split('\n')
          .filter((line) => line.includes('load note'));
      const [after, before] = await Promise.all([notesOf(original.target), notesOf(restored.target)]);
      expect(after).toEqual(expect.arrayContaining(before));
      expect(before.length).toBeLessThan(after.length);
      expect(await listOf(copy.slack)).toEqual(await listOf(source.slack));
    } finally {
      await copy.stop();
      await source.stop();
      source = undefined;
    }

    // Refused, with exit 2 and a message naming the problem, and nothing written.
    const bytes = await readFile(file);
    const cut = join(dir, 'cut.sitrep.gz');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const newer = join(dir, 'newer.sitrep.gz');
    const text = gunzipSync(bytes).toString('utf8');
    await writeFile(newer, gzipSync(text.replace(/"migration":"[^"]+"/, '"migration":"29991231000000_later"')));
    const empty = await createTestTarget(kind);
    try {
      for (const [path, target, message] of [
        [cut, empty.target, /cut\.sitrep\.gz is damaged or not a sitrep backup: it was cut short/],
        [newer, empty.target, /newer\.sitrep\.gz was written by sitrep 0\.1\.0 at migration 29991231000000_later/],
        [file, restored.target, /is not empty: it has rows in .*Incident/],
      ] as const) {
        const refused = await runSitrep(['restore', path], envOf(target));
        expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 2, stdout: '' });
        expect(refused.stderr).toMatch(message);
      }
      const untouched = await openDatabase({ target: empty.target, command: 'test', poolSize: 1 });
      try {
        const tables = await untouched.withSession((s) =>
          s.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema()`),
        );
        expect(tables).toEqual([{ n: 0 }]);
      } finally {
        await untouched.close();
      }
    } finally {
      await empty.cleanup();
    }
  }, 180_000);

  it.runIf(kind === 'pglite' && process.env.TEST_DATABASE_URL)(
    'moves the embedded database to PostgreSQL, where serve declares the next incident; a second move is refused',
    async () => {
      // Moving needs the embedded database to itself.
      await source?.stop();
      source = undefined;
      moved = await createTestTarget('postgres');
      const target = moved.target;
      if (target.kind !== 'postgres') throw new Error('expected PostgreSQL');
      const move = await runSitrep(['move-to-postgres', target.url], envOf(original.target));
      expectDone(move, 'move-to-postgres');
      expect(move.stdout).toMatch(/Incident\s+501 rows/);
      expect(move.stdout.trim().split('\n').at(-1)).toBe(`DATABASE_URL=${target.url}`);

      const again = await runSitrep(['move-to-postgres', target.url], envOf(original.target));
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/is not empty: it has rows in/);

      const world = await startWorld(target);
      try {
        const next = await world.slack.ask('declare sev3 search: First on PostgreSQL');
        expect(next.shown).toContain(`Declared incident ${SEEDED + 2}`);
      } finally {
        await world.stop();
      }
    },
    120_000,
  );
});
