import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { seedExampleWorkspace } from '../demo/fake-slack/example-workspace.ts';
import { startFakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';
import { freePort } from '../demo/sitrep-process.ts';
import { listRecentPeriods } from '../src/domain/sla/sla-period.ts';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { openDatabase } from '../src/store/database.ts';
import { applyMigrations, readMigrations } from '../src/store/migrate.ts';
import { startBenchSitrep, stopSitrep } from './bench-sitrep.ts';
import { writeResultsSection } from './results-section.ts';
import { seedWebHistory } from './web-history.ts';

// `npm run bench:status`: the public status page under autocannon (50 connections, 10 s each after a warm-up),
// against a bare node:http server in its own process serving a fixed page of the same size, side by side. The
// target: /status at no less than 0.5× the bare server's requests per second. PGlite, 1,000 incidents.

const AUTOCANNON = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));
const EXAMPLE_CONFIG = fileURLToPath(new URL('../sitrep.example.yml', import.meta.url));
const CONNECTIONS = 50;
const SECONDS = 10;
const TARGET_RATIO = 0.5;

const ZAutocannon = z.object({
  requests: z.object({ average: z.number(), total: z.number() }),
  latency: z.object({ p99: z.number() }),
  non2xx: z.number(),
  errors: z.number(),
});

type Load = z.infer<typeof ZAutocannon>;

/** autocannon in a process of its own, so the load it makes costs neither server a core it would share. */
const runLoad = async (url: string): Promise<Load> => {
  const child = spawn(process.execPath, [AUTOCANNON, '-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', url], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  await once(child, 'exit');
  return ZAutocannon.parse(JSON.parse(out));
};

/** A bare node:http server in its own process, answering every request with `body`. */
const startBareServer = async (body: string) => {
  const port = await freePort();
  const script = `const b=Buffer.from(process.env.BODY);require('node:http').createServer((q,r)=>{r.writeHead(200,{'content-type':'text/html; charset=utf-8','content-length':b.length});r.end(b)}).listen(${port},'127.0.0.1',()=>console.log('up'))`;
  const child = spawn(process.execPath, ['-e', script], { env: { BODY: body }, stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout, 'data');
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
};

const seed = async (dataDir: string, now: Date) => {
  const database = await openDatabase({ target: { kind: 'pglite', dataDir }, command: 'bench', poolSize: 1 });
  try {
    await database.withSession(async (session) => applyMigrations(session, await readMigrations(MIGRATIONS_DIR)));
    const [month] = listRecentPeriods({ now, count: 1, window: 'monthly', zone: 'Europe/Paris' });
    await seedWebHistory(database.prisma, {
      incidents: 1_000,
      thisMonth: 40,
      busy: 900,
      now,
      monthStart: month?.start ?? now,
    });
  } finally {
    await database.close();
  }
};

const main = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-bench-status-'));
  const slack = await startFakeSlackServer();
  seedExampleWorkspace(slack.fake);
  try {
    const config = join(dir, 'sitrep.yml');
    const example = await readFile(EXAMPLE_CONFIG, 'utf8');
    await writeFile(
      config,
      `${example}\nstatusPage:\n  title: Acme status\n  groups:\n    - name: Shop\n      services: [{ service: checkout-api, name: Checkout }, { service: search, name: Search }]\n`,
    );
    const dataDir = join(dir, 'data');
    await seed(dataDir, new Date());
    const sitrep = await startBenchSitrep({
      slackApiUrl: slack.apiUrl,
      signingSecret: '0123456789abcdef0123456789abcdef',
      databaseEnv: { DATA_DIR: dataDir },
      env: { SITREP_CONFIG: config },
    });
    try {
      const page = await (await fetch(`${sitrep.url}/status`)).text();
      const bare = await startBareServer(page);
      try {
        // Each once to warm up, then side by side, the bare server first.
        await runLoad(bare.url);
        await runLoad(`${sitrep.url}/status`);
        const base = await runLoad(bare.url);
        const status = await runLoad(`${sitrep.url}/status`);
        await report({ base, status, bytes: Buffer.byteLength(page) });
      } finally {
        bare.stop();
      }
    } finally {
      await stopSitrep(sitrep);
    }
  } finally {
    await slack.close();
    await rm(dir, { recursive: true, force: true });
  }
};

const report = async ({ base, status, bytes }: { base: Load; status: Load; bytes: number }) => {
  const ratio = status.requests.average / base.requests.average;
  const line = (name: string, load: Load) =>
    `| ${name} | ${Math.round(load.requests.average)} | ${load.latency.p99} ms | ${load.non2xx + load.errors} |`;
  const text = [
    '## Status page under load',
    '',
    `\`npm run bench:status\`: autocannon, ${CONNECTIONS} connections, ${SECONDS} s, after a warm-up, each server in its own process; the page is ${(bytes / 1000).toFixed(1)} KB (1,000 incidents, PGlite). Target: /status at ≥ ${TARGET_RATIO}× the bare server.`,
    '',
    '| server | requests/s | p99 | errors |',
    '| --- | --- | --- | --- |',
    line('bare node:http, fixed page', base),
    line('sitrep /status', status),
    '',
    `Ratio: ${ratio.toFixed(2)}× (${ratio >= TARGET_RATIO ? 'met' : 'missed'}).`,
    '',
  ].join('\n');
  process.stdout.write(`${text}\n`);
  await writeResultsSection({ heading: '## Status page under load', text });
};

await main();
