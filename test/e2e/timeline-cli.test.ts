import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runSitrep } from '../../demo/sitrep-process.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { openDatabase } from '../../src/store/database.ts';
import { applyMigrations, readMigrations } from '../../src/store/migrate.ts';
import { createTimelineStore } from '../../src/store/timeline-store.ts';
import { createTestTarget, type TestTarget } from '../support/database.ts';
import { declareIncident } from '../support/incident-factory.ts';
import { sitrepEnv } from '../support/real-sitrep.ts';

const ALICE = 'U05ALICE01';

describe('sitrep timeline <number>', () => {
  let test: TestTarget;
  let env: Record<string, string>;

  beforeAll(async () => {
    test = await createTestTarget('pglite');
    env = sitrepEnv(test.target);
    const database = await openDatabase({ target: test.target, command: 'test' });
    try {
      await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
      const incident = await declareIncident(database.prisma, {
        requestKey: 'cli-test',
        title: 'Checkout <is> down',
        services: [],
        declaredBy: ALICE,
        declaredAt: new Date('2026-11-23T22:50:00Z'),
        text: 'Declared',
      });
      const timeline = createTimelineStore(database.prisma);
      await timeline.captureMessage({
        incidentId: incident.id,
        channelId: 'C1',
        ts: '1795477800.000100',
        source: 'reaction',
        occurredAt: new Date('2026-11-23T23:10:00Z'),
        actorId: ALICE,
        text: 'Errors at 40% <https://grafana.example.com/d/1|dashboard>',
        permalink: 'https://acme.slack.com/archives/C1/p1795477800000100',
        files: [],
      });
      await timeline.captureMessage({
        incidentId: incident.id,
        channelId: 'C1',
        ts: '1795477900.000100',
        source: 'reaction',
        occurredAt: new Date('2026-11-23T23:20:00Z'),
        actorId: ALICE,
        text: 'Deleted later',
        permalink: null,
        files: [],
      });
      await timeline.markMessageDeleted({
        channelId: 'C1',
        ts: '1795477900.000100',
        at: new Date('2026-11-23T23:30:00Z'),
      });
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it('prints the timeline as Markdown in the team’s zone, a heading per day, deleted messages left out', async () => {
    const { code, stdout, stderr } = await runSitrep(['timeline', '1'], env);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('# Timeline of incident 1: Checkout \\<is\\> down');
    // Europe/Paris (sitrep.example.yml): 22:50 UTC is 23:50 on the 23rd, 23:10 UTC is 00:10 on the 24th.
    expect(stdout).toMatch(/## Mon 23 Nov 2026[\s\S]*23:50[\s\S]*## Tue 24 Nov 2026[\s\S]*00:10/);
    expect(stdout).toContain('[dashboard](https://grafana.example.com/d/1)');
    expect(stdout).not.toContain('Deleted later');
  });

  it('prints JSON with UTC instants, and takes another zone for Markdown', async () => {
    const json = await runSitrep(['timeline', '1', '--format', 'json'], env);
    expect(json.code).toBe(0);
    const parsed = z
      .object({ incidentNumber: z.number(), entries: z.array(z.object({ occurredAt: z.string(), text: z.string() })) })
      .parse(JSON.parse(json.stdout));
    expect(parsed.incidentNumber).toBe(1);
    expect(parsed.entries.map((entry) => entry.occurredAt)).toEqual([
      '2026-11-23T22:50:00.000Z',
      '2026-11-23T23:10:00.000Z',
    ]);

    const la = await runSitrep(['timeline', '1', '--zone', 'America/Los_Angeles'], env);
    expect(la.stdout).toMatch(/## Mon 23 Nov 2026[\s\S]*14:50[\s\S]*15:10/);
    expect(la.stdout).not.toContain('Tue 24 Nov');
  });

  it('exits 2 on a misuse and 1 for an incident that does not exist', async () => {
    expect((await runSitrep(['timeline', 'one'], env)).code).toBe(2);
    expect((await runSitrep(['timeline', '1', '--format', 'xml'], env)).code).toBe(2);
    expect((await runSitrep(['timeline', '1', '--zone', 'Mars/Olympus'], env)).code).toBe(2);
    const missing = await runSitrep(['timeline', '99'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('sitrep: there is no incident 99\n');
  });
});
