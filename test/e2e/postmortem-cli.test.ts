import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSitrep } from '../../demo/sitrep-process.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { openDatabase } from '../../src/store/database.ts';
import { applyMigrations, readMigrations } from '../../src/store/migrate.ts';
import { createPostmortemStore } from '../../src/store/postmortem-store.ts';
import { createTestTarget, type TestTarget } from '../support/database.ts';
import { declareIncident } from '../support/incident-factory.ts';
import { sitrepEnv } from '../support/real-sitrep.ts';

const ALICE = 'U05ALICE01';

describe('sitrep postmortem <number>', () => {
  let test: TestTarget;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sitrep-postmortem-cli-'));
    test = await createTestTarget('pglite');
    env = sitrepEnv(test.target);
    const database = await openDatabase({ target: test.target, command: 'test' });
    try {
      await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
      const declare = (requestKey: string, title: string) =>
        declareIncident(database.prisma, {
          requestKey,
          title,
          declaredBy: ALICE,
          declaredAt: new Date('2026-11-23T22:50:00Z'),
          text: 'Declared',
        });
      const first = await declare('cli-1', 'Checkout is down');
      await declare('cli-2', 'Search is slow');
      const postmortems = createPostmortemStore(database.prisma);
      for (const [version, markdown] of [
        [1, '# Version one\n'],
        [2, '# Version two\n'],
      ] as const) {
        await postmortems.addVersion({
          incidentId: first.id,
          markdown,
          generatedAt: new Date('2026-11-24T00:00:00Z'),
          generatedBy: null,
          requestKey: `test-${version}`,
          effects: () => [],
        });
      }
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await test.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the latest stored version', async () => {
    const { code, stdout, stderr } = await runSitrep(['postmortem', '1'], env);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe('# Version two\n');
  });

  it('writes it to a file with --out', async () => {
    const out = join(dir, 'pm.md');
    const { code, stdout, stderr } = await runSitrep(['postmortem', '1', '--out', out], env);
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(stderr).toContain(`Wrote version 2 of the postmortem of incident 1 to ${out}`);
    expect(await readFile(out, 'utf8')).toBe('# Version two\n');
  });

  it('renders a fresh draft, without storing it, for an incident that has no version yet', async () => {
    const { code, stdout } = await runSitrep(['postmortem', '2'], env);
    expect(code).toBe(0);
    expect(stdout).toContain('Search is slow');
    const database = await openDatabase({ target: test.target, command: 'test' });
    try {
      expect(await database.prisma.postmortem.count()).toBe(2);
    } finally {
      await database.close();
    }
  });

  it('exits 2 on a misuse or a broken template, and 1 for an incident that does not exist', async () => {
    expect((await runSitrep(['postmortem'], env)).code).toBe(2);
    expect((await runSitrep(['postmortem', 'one'], env)).code).toBe(2);
    expect((await runSitrep(['postmortem', '1', '--format', 'md'], env)).code).toBe(2);
    const missing = await runSitrep(['postmortem', '99'], env);
    expect(missing).toMatchObject({ code: 1, stderr: 'sitrep: there is no incident 99\n' });

    const template = join(dir, 'broken.md');
    await writeFile(template, '# Postmortem\n{% if incident %}\n');
    const config = join(dir, 'sitrep.yml');
    await writeFile(config, `postmortem:\n  template: ${JSON.stringify(template)}\n`);
    const broken = await runSitrep(['postmortem', '2'], { ...env, SITREP_CONFIG: config });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.md line 2\b/);
  });
});
