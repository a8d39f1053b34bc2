import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlackServer, startFakeSlackServer } from '../../demo/fake-slack/fake-slack-server.ts';
import { type SitrepProcess, startSitrep } from '../../demo/sitrep-process.ts';
import { signDeployBody } from '../../src/webhooks/generic/deploy-signature.ts';
import { createOwnPostgres, findPostgresBin, type OwnPostgres } from '../support/own-postgres.ts';
import { fakeSlackEnv } from '../support/real-sitrep.ts';

const SECRET = 'deploy-secret-restart-5c1e0b';
/** A CI fleet rollout's pace: one deploy event every 20 ms. */
const SEND_EVERY_MS = 20;
/** No answer may take longer: a request stuck on a dead database is as bad as a 500. */
const ANSWER_WITHIN_MS = 10_000;

type Answer = {
  id: string;
  sentAt: number;
  answeredAt: number;
  /** 0 when no HTTP answer came (connection reset, timeout). */
  status: number;
  retryAfter: string | null;
  body: unknown;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const deployBody = (id: string) =>
  JSON.stringify({
    id,
    service: 'checkout-api',
    environment: 'production',
    version: `v2.14.${id.split('-').at(-1)}`,
    layer: 'artifact',
    status: 'succeeded',
    at: new Date().toISOString(),
  });

const sendDeploy = async (url: string, id: string): Promise<Answer> => {
  const body = deployBody(id);
  const sentAt = Date.now();
  try {
    const res = await fetch(`${url}/webhooks/deploy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sitrep-signature': signDeployBody(SECRET, body) },
      body,
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    const answer = await res.json();
    return {
      id,
      sentAt,
      answeredAt: Date.now(),
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: answer,
    };
  } catch (error) {
    return { id, sentAt, answeredAt: Date.now(), status: 0, retryAfter: null, body: String(error) };
  }
};

/** Stops the process, killing it if SIGTERM has not ended it within a few seconds. */
const stopWithin = async (sitrep: SitrepProcess, ms: number) => {
  const timer = setTimeout(() => sitrep.child.kill('SIGKILL'), ms);
  try {
    return await sitrep.stop();
  } finally {
    clearTimeout(timer);
  }
};

const POSTGRES_BIN = findPostgresBin();

describe.skipIf(POSTGRES_BIN === undefined)(
  POSTGRES_BIN === undefined
    ? 'deploy ingest while PostgreSQL restarts: skipped, it needs /usr/lib/postgresql/*/bin/initdb'
    : 'deploy ingest while PostgreSQL stops and restarts',
  () => {
    let postgres: OwnPostgres | undefined;
    let slack: FakeSlackServer | undefined;
    let sitrep: SitrepProcess | undefined;

    beforeAll(async () => {
      slack = await startFakeSlackServer();
      postgres = await createOwnPostgres();
      sitrep = await startSitrep({
        env: {
          ...fakeSlackEnv(slack),
          DATABASE_URL: postgres.url,
          DEPLOY_WEBHOOK_SECRET: SECRET,
          LOG_LEVEL: 'warn',
        },
        readyWithinMs: 30_000,
      });
    }, 60_000);

    afterAll(async () => {
      // Each step runs whatever the one before did: a PostgreSQL left running would outlive the test run.
      try {
        if (sitrep) await stopWithin(sitrep, 10_000);
      } finally {
        try {
          await slack?.close();
        } finally {
          await postgres?.destroy();
        }
      }
    }, 30_000);

    it('answers 503 with Retry-After while the database is down, recovers by itself, and loses nothing accepted', async () => {
      if (!sitrep || !postgres) throw new Error('beforeAll did not start everything');
      const { url } = sitrep;
      const answers: Promise<Answer>[] = [];
      let sending = true;
      const pump = (async () => {
        for (let n = 0; sending; n += 1) {
          answers.push(sendDeploy(url, `restart-${n}`));
          await pause(SEND_EVERY_MS);
        }
      })();

      let stopping = 0;
      let stopped = 0;
      let starting = 0;
      let started = 0;
      let readyWhileDown = 0;
      try {
        await pause(1_000);
        stopping = Date.now();
        await postgres.stop();
        stopped = Date.now();
        readyWhileDown = (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) })).status;
        await pause(2_000);
        starting = Date.now();
        await postgres.start();
        started = Date.now();
        await pause(1_000);
      } finally {
        sending = false;
        await pump;
      }
      const first = await Promise.all(answers);

      // Only two answers: stored (200), or come back later (503). Never a 500, never silence.
      expect(first.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
      const refused = first.filter((a) => a.status === 503);
      for (const answer of refused) {
        expect(answer.retryAfter).toMatch(/^\d+$/);
        expect(answer.body).toMatchObject({ error: 'database unavailable' });
      }
      // Everything sent between pg_ctl stop's return and the start was refused, and the process said it was not ready.
      expect(readyWhileDown).toBe(503);
      const whileDown = first.filter((a) => a.sentAt >= stopped && a.sentAt < starting);
      expect(whileDown.length).toBeGreaterThan(20);
      expect(whileDown.filter((a) => a.status !== 503)).toEqual([]);
      // Before the stop and after the restart, without any help: stored.
      const beforeStop = first.filter((a) => a.answeredAt < stopping);
      expect(beforeStop.length).toBeGreaterThan(10);
      expect(beforeStop.filter((a) => a.status !== 200)).toEqual([]);
      const afterRestart = first.filter((a) => a.sentAt >= started + 200);
      expect(afterRestart.length).toBeGreaterThan(10);
      expect(afterRestart.filter((a) => a.status !== 200)).toEqual([]);

      // A sender retries what was refused until it is stored.
      const retried: Answer[] = [];
      for (const { id } of refused) {
        const deadline = Date.now() + 10_000;
        let answer = await sendDeploy(url, id);
        retried.push(answer);
        while (answer.status !== 200 && Date.now() < deadline) {
          await pause(50);
          answer = await sendDeploy(url, id);
          retried.push(answer);
        }
        expect(answer.status, `retry of ${id}`).toBe(200);
      }
      expect(retried.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);

      const accepted = new Set([...first, ...retried].filter((a) => a.status === 200).map((a) => a.id));
      const sent = new Set(first.map((a) => a.id));
      expect(accepted).toEqual(sent);

      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ deliveryId: string; copies: number }>(
          `SELECT "deliveryId", count(*)::int AS copies FROM "DeployEvent" WHERE source = 'generic' GROUP BY 1`,
        );
        expect(new Set(rows.map((row) => row.deliveryId))).toEqual(sent);
        expect(rows.filter((row) => row.copies !== 1)).toEqual([]);
      } finally {
        await client.end();
      }

      const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      expect(ready.status).toBe(200);
      expect(sitrep.child.exitCode).toBeNull();
    }, 45_000);
  },
);
