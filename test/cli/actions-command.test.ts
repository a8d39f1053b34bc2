import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSitrep } from '../../demo/sitrep-process.ts';
import { runActionsCommand } from '../../src/cli/actions-command.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { createActionItemStore, type NewActionItem } from '../../src/store/action-item-store.ts';
import { openDatabase } from '../../src/store/database.ts';
import { applyMigrations, readMigrations } from '../../src/store/migrate.ts';
import { createTestTarget, databaseKinds, type TestTarget } from '../support/database.ts';
import { declareIncident } from '../support/incident-factory.ts';
import { sitrepEnv } from '../support/real-sitrep.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Monday 23 November 2026, 13:00 in Paris (sitrep.example.yml's team zone). */
const NOW = new Date('2026-11-23T12:00:00Z');
const ALICE = 'U05ALICE01';
const BOB = 'U05BOB0001';

type SeededAction = Pick<NewActionItem, 'title' | 'kind' | 'ownerId' | 'ownerTimeZone' | 'trackerUrl'> & {
  incidentId: string;
  dueAt: string | null;
};

/**
 * Two incidents and six action items, made through the stores as the Slack flows make them. Open, soonest due
 * first: the alert (due Friday 20 in Paris, overdue at NOW), the cache test (Bob in Auckland: 2026-11-27T23:30Z is
 * already Saturday 28 there), the upgrade (Alice with no zone known: 2026-11-30T23:30Z is 1 December in Paris, the
 * team's zone) and the runbook (no owner, no due date, so last). Closed: the rollback (done) and the sharding
 * (won't do).
 */
const seedActions = async (target: TestTarget['target']): Promise<void> => {
  const database = await openDatabase({ target, command: 'test' });
  try {
    await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
    const declare = async (requestKey: string, title: string, services: string[]): Promise<string> =>
      (
        await declareIncident(database.prisma, {
          requestKey,
          title,
          services,
          declaredBy: ALICE,
          declaredAt: new Date('2026-11-16T09:00:00Z'),
          text: 'Declared',
        })
      ).id;
    const actions = createActionItemStore(database.prisma);
    const checkout = await declare('actions-1', 'Checkout is down', ['checkout-api']);
    const search = await declare('actions-2', 'Search | slow', ['search']);
    let created = 0;
    const add = async ({ dueAt, ...action }: SeededAction): Promise<string> => {
      created += 1;
      const createdAt = new Date(Date.UTC(2026, 10, 17, 9, created));
      const requestKey = `actions-test-${created}`;
      const { action: view } = await actions.create({
        ...action,
        dueAt: dueAt === null ? null : new Date(dueAt),
        createdBy: ALICE,
        createdAt,
        nextReminderAt: null,
        requestKey,
        timeline: {
          naturalKey: `action:${requestKey}`,
          source: 'command',
          occurredAt: createdAt,
          actorId: ALICE,
          text: `Added ${action.title}`,
        },
        effects: () => [],
      });
      return view.id;
    };
    const close = async (id: string, data: { status: 'done' } | { status: 'wont_do'; wontDoReason: string }) => {
      const at = new Date('2026-11-19T15:00:00Z');
      await actions.change({
        id,
        fromStatuses: ['open'],
        data: { ...data, ...(data.status === 'done' ? { doneAt: at } : {}), closedBy: ALICE, nextReminderAt: null },
        at,
        effects: () => [],
      });
    };
    // Made out of due order, so the order printed is the store's, by due date.
    await add({
      incidentId: checkout,
      title: 'Write the runbook',
      kind: 'doc',
      ownerId: null,
      ownerTimeZone: null,
      dueAt: null,
      trackerUrl: null,
    });
    await add({
      incidentId: search,
      title: 'Upgrade the search cluster',
      kind: 'fix',
      ownerId: ALICE,
      ownerTimeZone: null,
      dueAt: '2026-11-30T23:30:00Z',
      trackerUrl: null,
    });
    await add({
      incidentId: search,
      title: 'Cache | warm-up test',
      kind: 'test',
      ownerId: BOB,
      ownerTimeZone: 'Pacific/Auckland',
      dueAt: '2026-11-27T23:30:00Z',
      trackerUrl: 'https://tracker.example.com/SRCH-7',
    });
    await add({
      incidentId: checkout,
      title: 'Add an alert on 5xx',
      kind: 'alarm',
      ownerId: ALICE,
      ownerTimeZone: 'Europe/Paris',
      // The end of Friday 20 November in Paris.
      dueAt: '2026-11-20T22:59:59.999Z',
      trackerUrl: null,
    });
    await close(
      await add({
        incidentId: checkout,
        title: 'Roll back the config change',
        kind: 'fix',
        ownerId: ALICE,
        ownerTimeZone: 'Europe/Paris',
        dueAt: '2026-11-19T22:59:59.999Z',
        trackerUrl: null,
      }),
      { status: 'done' },
    );
    await close(
      await add({
        incidentId: search,
        title: 'Shard the index',
        kind: null,
        ownerId: BOB,
        ownerTimeZone: 'Pacific/Auckland',
        dueAt: '2026-11-18T10:59:59.999Z',
        trackerUrl: null,
      }),
      { status: 'wont_do', wontDoReason: 'The upgrade makes it unnecessary' },
    );
  } finally {
    await database.close();
  }
};

const capture = () => {
  const out = { text: '' };
  return { out, stream: { write: (text: string) => (out.text += text) } };
};

const HEADER = ['| Incident | Action | Kind | Owner | Due | Status |', '| --- | --- | --- | --- | --- | --- |'];
const ALERT_ROW = '| #1 | Add an alert on 5xx | Alarm | U05ALICE01 | 2026-11-20 (overdue) | open |';
const CACHE_ROW = '| #2 | Cache \\| warm-up test | Missing test | U05BOB0001 | 2026-11-28 | open |';
const UPGRADE_ROW =
  '| #2 | Upgrade the search cluster | Software or configuration fix | U05ALICE01 | 2026-12-01 | open |';
const RUNBOOK_ROW = '| #1 | Write the runbook | Support documentation | — | — | open |';

describe.each(databaseKinds)('sitrep actions on %s', (kind) => {
  let test: TestTarget;
  let env: Record<string, string>;

  beforeAll(async () => {
    test = await createTestTarget(kind);
    env = sitrepEnv(test.target);
    await seedActions(test.target);
  });
  afterAll(async () => {
    await test.cleanup();
  });

  const actions = async (args: string[], now = NOW) => {
    const stdout = capture();
    const stderr = capture();
    const code = await runActionsCommand({
      args,
      env,
      cwd: ROOT,
      now: () => now,
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    return { code, stdout: stdout.out.text, stderr: stderr.out.text };
  };

  it('lists the open action items, soonest due first and those without a due date last', async () => {
    expect(await actions([])).toEqual({
      code: 0,
      stdout: [...HEADER, ALERT_ROW, CACHE_ROW, UPGRADE_ROW, RUNBOOK_ROW, '', '4 action items', ''].join('\n'),
      stderr: '',
    });
  });

  it('shows the due day on the owner’s calendar, or the team’s when the owner’s zone is not known', async () => {
    const { stdout } = await actions([]);
    // Bob's 2026-11-27T23:30Z is already Saturday 28 in Auckland: not UTC's Friday 27.
    expect(stdout).toContain('| U05BOB0001 | 2026-11-28 | open |');
    expect(stdout).not.toContain('2026-11-27');
    // Alice's zone is not known: 2026-11-30T23:30Z is already 1 December in Paris, the team's zone.
    expect(stdout).toContain('| U05ALICE01 | 2026-12-01 | open |');
  });

  it('keeps one owner’s with --owner, and says so when there is none', async () => {
    const alice = await actions(['--owner', ALICE]);
    expect(alice.stdout).toBe([...HEADER, ALERT_ROW, UPGRADE_ROW, '', '2 action items', ''].join('\n'));
    const bob = await actions(['--owner', BOB]);
    expect(bob.stdout).toBe([...HEADER, CACHE_ROW, '', '1 action item', ''].join('\n'));
    expect(await actions(['--owner', 'W0123ABCD9'])).toEqual({ code: 0, stdout: 'No action items.\n', stderr: '' });
  });

  it('keeps the open ones past their due instant with --overdue', async () => {
    expect((await actions(['--overdue'])).stdout).toBe([...HEADER, ALERT_ROW, '', '1 action item', ''].join('\n'));
    // Saturday 28 November 00:00 UTC: the cache test was due at 23:30 UTC the evening before.
    const later = await actions(['--overdue'], new Date('2026-11-28T00:00:00Z'));
    expect(later.stdout).toBe(
      [
        ...HEADER,
        ALERT_ROW,
        '| #2 | Cache \\| warm-up test | Missing test | U05BOB0001 | 2026-11-28 (overdue) | open |',
        '',
        '2 action items',
        '',
      ].join('\n'),
    );
    const earlier = await actions(['--overdue', '--owner', ALICE], new Date('2026-11-20T22:59:59.999Z'));
    expect(earlier.stdout).toBe('No action items.\n');
  });

  it('adds those done and won’t do with --all, never flagging a closed one overdue', async () => {
    expect((await actions(['--all'])).stdout).toBe(
      [
        ...HEADER,
        "| #2 | Shard the index | — | U05BOB0001 | 2026-11-18 | won't do |",
        '| #1 | Roll back the config change | Software or configuration fix | U05ALICE01 | 2026-11-19 | done |',
        ALERT_ROW,
        CACHE_ROW,
        UPGRADE_ROW,
        RUNBOOK_ROW,
        '',
        '6 action items',
        '',
      ].join('\n'),
    );
  });

  it('prints its usage with --help, without reading the configuration or the database', async () => {
    const stdout = capture();
    const stderr = capture();
    const code = await runActionsCommand({
      args: ['--owner', 'nobody', '--help'],
      env: {},
      cwd: ROOT,
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    expect({ code, stdout: stdout.out.text, stderr: stderr.out.text }).toEqual({
      code: 0,
      stdout: 'usage: sitrep actions [--owner <Slack user id>] [--overdue | --all] [--json]\n',
      stderr: '',
    });
  });

  it('gives every field as JSON with --json', async () => {
    const { code, stdout, stderr } = await actions(['--all', '--owner', BOB, '--json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const json: unknown = JSON.parse(stdout);
    expect(json).toEqual([
      {
        id: expect.any(String),
        incident: 2,
        incidentTitle: 'Search | slow',
        services: ['search'],
        title: 'Shard the index',
        kind: null,
        owner: BOB,
        ownerTimeZone: 'Pacific/Auckland',
        due: '2026-11-18',
        dueAt: '2026-11-18T10:59:59.999Z',
        overdue: false,
        status: 'wont_do',
        trackerUrl: null,
        createdAt: '2026-11-17T09:06:00.000Z',
        doneAt: null,
        wontDoReason: 'The upgrade makes it unnecessary',
      },
      {
        id: expect.any(String),
        incident: 2,
        incidentTitle: 'Search | slow',
        services: ['search'],
        title: 'Cache | warm-up test',
        kind: 'test',
        owner: BOB,
        ownerTimeZone: 'Pacific/Auckland',
        due: '2026-11-28',
        dueAt: '2026-11-27T23:30:00.000Z',
        overdue: false,
        status: 'open',
        trackerUrl: 'https://tracker.example.com/SRCH-7',
        createdAt: '2026-11-17T09:03:00.000Z',
        doneAt: null,
        wontDoReason: null,
      },
    ]);
    expect(stdout).toBe(`${JSON.stringify(json, null, 2)}\n`);
  });

  it('gives the done day, a missing owner and due date, and overdue as JSON', async () => {
    const json: unknown = JSON.parse((await actions(['--all', '--json'])).stdout);
    expect(json).toMatchObject([
      { title: 'Shard the index' },
      { title: 'Roll back the config change', status: 'done', doneAt: '2026-11-19T15:00:00.000Z', overdue: false },
      { title: 'Add an alert on 5xx', due: '2026-11-20', overdue: true },
      { title: 'Cache | warm-up test' },
      { title: 'Upgrade the search cluster', ownerTimeZone: null, due: '2026-12-01', overdue: false },
      { title: 'Write the runbook', owner: null, due: null, dueAt: null, kind: 'doc', overdue: false },
    ]);
    expect(await actions(['--owner', 'W0123ABCD9', '--json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});

describe('sitrep actions, the command', () => {
  let test: TestTarget;
  let env: Record<string, string>;

  beforeAll(async () => {
    test = await createTestTarget('pglite');
    env = sitrepEnv(test.target);
    await seedActions(test.target);
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it('prints the list and exits 0', async () => {
    const { code, stdout, stderr } = await runSitrep(['actions', '--owner', BOB, '--json'], env);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject([{ title: 'Cache | warm-up test', due: '2026-11-28' }]);
  });

  it('lists itself in sitrep --help', async () => {
    const { code, stdout } = await runSitrep(['actions', '--help'], {});
    expect(code).toBe(0);
    expect(stdout).toContain('  actions [--owner <Slack user id>] [--overdue | --all] [--json]\n');
  });

  it.each([
    [
      ['--owner', 'alice'],
      'sitrep: actions: --owner takes a Slack user id such as U0123ABCD (a profile\'s "Copy member ID"); got "alice"\n',
    ],
    [['--owner', 'u05alice01'], expect.stringMatching(/^sitrep: actions: --owner takes a Slack user id .*\n$/)],
    [['--owner'], expect.stringMatching(/^sitrep: actions: Option '--owner <value>' argument missing.*\n$/)],
    [['--mine'], expect.stringMatching(/^sitrep: actions: Unknown option '--mine'.*\n$/)],
    [['42'], expect.stringMatching(/^sitrep: actions: Unexpected argument '42'.*\n$/)],
    [['--overdue', '--all'], 'sitrep: actions: give --overdue or --all, not both\n'],
  ])('exits 2 with one line on a misuse: %j', async (args, stderr) => {
    const result = await runSitrep(['actions', ...args], env);
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr,
    });
  });

  it('exits 1 when the database cannot be reached', async () => {
    const result = await runSitrep(['actions'], {
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/nowhere',
      SITREP_CONFIG: 'sitrep.example.yml',
      LOG_LEVEL: 'silent',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^sitrep: actions failed: .*Can't reach database server at 127\.0\.0\.1:9.*\n$/);
  });
});
