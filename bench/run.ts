import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchAckLatency, formatAckTable } from './ack-latency.ts';
import { benchCommandThroughput, formatCommandTables } from './command-throughput.ts';
import { benchDeployIngest } from './deploy-ingest.ts';
import { benchMemoryAfterIncidents, formatIncidentMemoryTable } from './memory-after-incidents.ts';
import { benchPostmortemRender } from './postmortem-render.ts';
import { benchReminderSweep, formatReminderSweepTable } from './reminder-sweep.ts';
import { benchReport } from './report.ts';
import { benchRetentionYear, formatRetentionTable } from './retention-year.ts';
import { benchStartupMemory } from './startup-memory.ts';
import { benchTimelineRender } from './timeline-render.ts';

// `npm run bench`: runs every benchmark on this machine, prints one table and rewrites bench/RESULTS.md.

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
// Other work on the machine (a CI run, tests) shares its cores with the benchmarks: say how busy it was.
const loadAtStart = loadavg()[0]?.toFixed(1) ?? '?';
const started = performance.now();

const startup = await benchStartupMemory();
const rows = startup.map((f) => `| ${f.case} | ${f.readyMs} ms | ${f.idleRssMb} MB | ${f.peakRssMb} MB |`);
const table = [
  '| startup | to /readyz 200 | idle RSS | peak RSS (server) |',
  '| --- | --- | --- | --- |',
  ...rows,
].join('\n');
process.stdout.write(`${table}\n\n`);

// The benchmarks after startup; each prints its table as it ends.
const ackTable = formatAckTable(await benchAckLatency());
process.stdout.write(`${ackTable}\n\n`);

const commandTables = formatCommandTables(await benchCommandThroughput());
process.stdout.write(`${commandTables.acknowledgements}\n\n${commandTables.work}\n\n${commandTables.ratios}\n\n`);

const deploys = await benchDeployIngest();
const deployTable = [
  '| deploy events into … | sent | achieved | p50 | p95 | p99 | max | errors | rows / sent | within 50 ms (server) | generator on schedule |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...deploys.map(
    (f) =>
      `| ${f.case} | ${f.sent} | ${f.achievedPerSecond}/s | ${f.p50Ms} ms | ${f.p95Ms} ms | ${f.p99Ms} ms | ${f.maxMs} ms | ${f.errors} | ${f.rows} | ${f.serverWithin50Ms} | ${f.generatorOnSchedule ? 'yes' : 'no'} |`,
  ),
].join('\n');
process.stdout.write(`${deployTable}\n\n`);

const renders = await benchTimelineRender();
const renderTable = [
  '| timeline as … | entries | median |',
  '| --- | --- | --- |',
  ...renders.map((f) => `| ${f.case} | ${f.items} | ${f.ms} ms |`),
].join('\n');
process.stdout.write(`${renderTable}\n`);

const postmortems = await benchPostmortemRender();
const postmortemTable = [
  '| postmortem … | timeline entries | median |',
  '| --- | --- | --- |',
  ...postmortems.map((f) => `| ${f.case} | ${f.entries} | ${f.ms} ms |`),
].join('\n');
process.stdout.write(`\n${postmortemTable}\n`);

const reports = await benchReport();
const reportTable = [
  '| sitrep report … | rows read | median | of which reading |',
  '| --- | --- | --- | --- |',
  ...reports.map((f) => `| ${f.case} | ${f.rows} | ${f.ms} ms | ${f.readMs} ms |`),
].join('\n');
process.stdout.write(`\n${reportTable}\n`);

const reminderTable = formatReminderSweepTable(await benchReminderSweep());
process.stdout.write(`\n${reminderTable}\n`);
const retentionTable = formatRetentionTable(await benchRetentionYear());
process.stdout.write(`\n${retentionTable}\n`);
// Last and alone: Slack's pace for creating channels makes it take most of an hour, and two sitrep processes
// draining their outboxes would slow the latencies measured above (they doubled the p99s when tried).
const incidentMemoryTable = formatIncidentMemoryTable(await benchMemoryAfterIncidents());
process.stdout.write(`\n${incidentMemoryTable}\n`);
const minutes = Math.round((performance.now() - started) / 60_000);
const loadAtEnd = loadavg()[0]?.toFixed(1) ?? '?';
process.stdout.write(`\n${minutes} minutes; load average ${loadAtStart} at the start, ${loadAtEnd} at the end.\n`);

const results = `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}. The run took ${minutes}
minutes; the load average was ${loadAtStart} when it started and ${loadAtEnd} when it ended (other work on the
machine shares its two cores with the benchmarks).

## Startup and memory

The real \`sitrep serve\` process (\`bin/sitrep.js\`) against the fake Slack HTTP server, HTTP mode. Time is from
spawning the process to the first 200 from \`/readyz\` (database open, migrations applied, port listening). Idle RSS
is \`VmRSS\` from \`/proc/<pid>/status\` after 3 s of quiet; peak is the server's own \`VmHWM\`. A first start
copies the PGlite template \`npm install\` built; without one initdb runs in a child process, whose peak is not the
server's and is gone when it exits. PostgreSQL rows appear when \`TEST_DATABASE_URL\` or \`BENCH_DATABASE_URL\` is set.

${table}

Targets (issue: foundation): ready within 10 s on a first start and 3 s later; idle RSS under 250 MB on PGlite and
under 150 MB on PostgreSQL.

## Memory after 1,000 incidents

The real process, with the example sitrep.yml, each database against a fake Slack HTTP server of its own: PGlite,
and at the same time PostgreSQL in a fresh schema (dropped afterwards) when \`TEST_DATABASE_URL\` or
\`BENCH_DATABASE_URL\` is set. Idle RSS is \`VmRSS\` after 3 s of quiet. Then 1,000 signed \`/incident declare sev3
checkout-api …\` requests, one at a time, each sent once sitrep has answered the previous one at its response URL
("Declared incident N"; the acknowledgement comes before the work, so waiting for it alone would pile the declares
up in the process). Each declare leaves the outbox a channel to create, with the declarer, the lead and the
responders invited, and an announcement to post. The outbox paces \`conversations.create\` to Slack's Tier 2 (20 a
minute per workspace), so it empties some 50 minutes after the first declare however fast the fake answers. "Highest
RSS read" is the largest \`VmRSS\` sampled every 2 s until the \`OutboxMessage\` table (read over PGlite's shared
socket, or from PostgreSQL) holds nothing pending that is due within the hour; "RSS after" is \`VmRSS\` once the
outbox has also made no Slack call for 3 s; peak is \`VmHWM\`, the server's high-water mark since it started. "Server
CPU meanwhile" is the process's user and system time (all threads) from the first declare to the outbox empty. The
incident channels the fake Slack holds afterwards, 1,000, say the work was all done.  It runs last, alone on the
machine.

${incidentMemoryTable}

No target of its own: the idle targets above, 250 MB on PGlite and 150 MB on PostgreSQL, are the yardstick.

## Acknowledging slash commands

Slack gives a command 3 seconds. The real process, with the example sitrep.yml, takes signed \`/incident\` requests
from a load generator on a worker thread of the benchmark, over keep-alive \`node:http\` connections (the fake Slack
server answers sitrep's own calls on the main thread). Time is from writing the request to reading its 200. "One at
a time" is 150 rounds of declare, status and list, each sent when the previous one was acknowledged, while the
outbox creates channels and posts in the background. "20 at once" sends 20 declares in the same instant, then the
next 20 once all of them were acknowledged, 25 times (the first 20 open their connections): on this two-core machine
the load generator, the fake Slack server, sitrep, its PGlite thread or PostgreSQL's backends then share two cores.
The last column is sitrep's own \`sitrep_http_request_duration_seconds\` histogram: from the request arriving to the
acknowledgement written.

${ackTable}

Target (issue: lifecycle): acknowledged within 50 ms at the 99th percentile.

## Slash commands next to the bare framework

One load generator, on a worker thread of the benchmark, sends signed \`/incident\` requests exactly as Slack posts
them (\`demo/fake-slack/sign.ts\`, each signed when it is sent) over keep-alive \`node:http\` connections to three
servers in turn, each a child process started with the Node and the flags of \`npm start\`:

- a bare \`node:http\` server (\`bench/bare-http.ts\`) that reads the body and answers every POST with an empty 200;
- a bare Bolt 5.1.0 app (\`bench/bare-bolt.ts\`): \`new App({ signingSecret, token })\` with Bolt's default receiver
  (\`HTTPReceiver\` on \`/slack/events\`) and one listener, \`app.command('/incident', async ({ ack }) => { await ack();
  })\`;
- the real \`sitrep serve\` with the example sitrep.yml, sent \`/incident list\` over 5 open incidents (declared, and
  their channels opened, before measuring): a read of the open incidents, answered at the response URL in Block Kit.
  On PGlite \`/incident help\` is measured as well, in the same process: it reads nothing and answers a fixed text,
  so the difference is what the read costs.

Each command carries a response URL served by the generator itself, as Slack's would be, so the generator sees when
sitrep answered and with what. For each server: 200 requests one at a time, not measured (warm-up); 500 one at a
time, each sent when the previous one was acknowledged, timed from sending to the 200; then a closed loop of 16
connections, each sending its next request as soon as its last one was acknowledged, 1 s not measured and then 10 s
measured, counting the 200s of the requests both sent and acknowledged within the 10 s. "Server CPU per command" is
the user and system CPU time of the server process (all its threads, from \`/proc/<pid>/stat\`; PostgreSQL's own
processes are not counted) from the start of that closed loop until every command was answered, over the commands
acknowledged.

${commandTables.acknowledgements}

sitrep acknowledges a command as soon as its signature checks out and does the work afterwards, on the same event
loop (\`src/slack/fast-ack.ts\`), so a loop that waits for acknowledgements only runs ahead of the work. The next
table says what became of the commands acknowledged in that loop: answered at all, answered with sitrep's apology (a
command that failed after its acknowledgement, for instance after waiting more than 5 s for a database
connection), and how long after the last acknowledgement the last answer came. Then, for sitrep only, a second closed
loop: 16 connections, each sending its next command only once the last one was *answered* at its response URL, 1 s
not measured and 10 s measured: the rate sitrep sustains with the work done, and the time from sending a command to
its answer.

${commandTables.work}

Ratios are sitrep's figure over the bare server's: acknowledgements per second in the closed loop; answers per
second (sitrep, waiting for answers) over acknowledgements per second (the bare server, which has nothing to answer);
and the one-at-a-time p50 and p99 (for these, 2 means twice as slow).

${commandTables.ratios}

Targets (issue: benchmarks): sitrep's command throughput at least 0.7 of the bare Bolt app's; acknowledged within
50 ms at the 99th percentile.

## Ingesting deploy events

The real process, with the example sitrep.yml, takes signed generic deploy events (\`POST /webhooks/deploy\`) from a
load generator on a worker thread of the benchmark, open loop: event *i* is sent at *i* / 1,000 s whether or not
earlier ones were answered, over up to 64 keep-alive connections; a round is a 1 s warm-up followed without a pause
by 10 s measured. Bodies are built and signed before the clock starts. Every id is new; services alternate between
checkout-api, search and one sitrep.yml does not list, environments between production and staging (a production
deploy also looks for open incidents of its service). Time is from writing a request to reading its 200
\`{"stored":true}\`; the achieved rate counts those per second from the first measured request to the last answer.
After each round the DeployEvent rows are counted (warm-ups included): equal to the events sent means none was lost
or stored twice. "Within 50 ms (server)" is sitrep's own request-duration histogram for the round. Three rounds on
PostgreSQL (a fresh schema, dropped afterwards; when \`TEST_DATABASE_URL\` or \`BENCH_DATABASE_URL\` is set), one on
PGlite for comparison (no target). The machine has two cores, shared by the load generator, sitrep and PostgreSQL.

${deployTable}

Target (issue: deploy events): on PostgreSQL, at least 1,000 events/s sustained with p99 under 50 ms. Round 1 is the
first traffic a fresh process and an empty table see; rounds 2 and 3 are the sustained rate.

## Rendering a timeline

\`src/render/timeline.ts\` in the benchmark process, on 10,000 entries over five days (notes, pinned messages with
links and files, deploys, alerts), in Europe/Paris: the median of 20 runs after 5 warm-up runs. The Slack message
shows only the most recent entries that fit Slack's limits, so it formats only those; Markdown and JSON take all.

${renderTable}

Target: under 100 ms for 10,000 entries, for each of the three.

## Rendering a postmortem

\`buildPostmortemModel\` and the default \`templates/postmortem.md\` through liquidjs, in the benchmark process, for
an incident with 10,000 timeline entries over five days (with deploys, alerts and impact windows), in Europe/Paris:
the median of 20 runs after 5 warm-up runs.

${postmortemTable}

Target (issue: postmortem): under 250 ms for a 10,000-entry incident.

## Reporting downtime and delivery metrics

\`sitrep report\` as the command computes it (the store's reads on one connection, then downtime against the SLA
and the delivery metrics in the domain) on PostgreSQL holding two years of history: 10,000 incidents with their
impact windows and 100,000 deploys of the services of sitrep.example.yml, in a fresh schema dropped afterwards. The
median of 20 runs after 5 warm-up runs. Only when \`TEST_DATABASE_URL\` or \`BENCH_DATABASE_URL\` is set.

${reportTable}

Target (issue: SLA): a report over 10,000 incidents and 100,000 deploys under 100 ms on PostgreSQL.

## Sweeping for due reminders

The reminder job's sweep over 100,000 open action items of 2,000 incidents (each with a lead), bulk-inserted with
\`INSERT … SELECT generate_series\`: 500 are due now, the others have their next reminder spread over the next 30
days. "Finding the due ones" is the store's claim query alone (\`WHERE "nextReminderAt" <= now AND status = 'open'
ORDER BY "nextReminderAt" LIMIT 500 FOR UPDATE SKIP LOCKED\`, timed from sending it to its 500 rows inside a
transaction that then commits): the median of 20 runs after 5 warm-up runs. "Whole sweep" is \`createReminderFlows(…).sweep()\` with the real stores, as the job
runs it: claim, plan each action with the team's policy, enqueue 500 reminders in the outbox, update each action's
next reminder, in one transaction (then one more claim that finds nothing); the median of 9 after 1 warm-up, the
500 made due again and the outbox emptied before each. PGlite as \`sitrep serve\` opens it (worker thread, one
connection on its socket); PostgreSQL in a fresh schema, dropped afterwards, when \`TEST_DATABASE_URL\` or
\`BENCH_DATABASE_URL\` is set. The last column is the index \`EXPLAIN ANALYZE\` of the claim query shows.

${reminderTable}

Target (issue: reminders): a sweep over 100,000 open actions finds the due ones in under 200 ms.

## A year of finished work

What the tables hold after a simulated year of 5,000 incidents, side by side with and without pruning, on each
database (\`bench/retention-year.ts\`). Each simulated day adds its incidents (13 or 14) with 20 timeline entries,
30 outbox messages done and 60 handled Slack event ids each, bulk-inserted; with pruning on, the store's
\`pruneBefore\` then runs with the day's cutoff (\`RETENTION_DAYS\` 30), as the hourly job would. Sizes are
\`pg_total_relation_size\` (table, indexes and TOAST). PGlite in a new data directory; PostgreSQL in a fresh schema,
dropped afterwards, when \`TEST_DATABASE_URL\` or \`BENCH_DATABASE_URL\` is set.

${retentionTable}

Target (issue: deployments): pruning keeps the outbox and the event ids at 30 days' worth, whatever the age of the
deployment.
`;
const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
// Sections measured by other scripts (`npm run bench:answers`, `npm run bench:startup`, `npm run bench:backup`,
// `npm run chaos:replicas`), at the end of the file: kept as they were.
const MEASURED_ELSEWHERE = [
  '\n## Answers (issue 23)',
  '\n## Backing up and restoring',
  '\n## Two replicas on one PostgreSQL',
  '\n## Startup (issue 23)',
];
const previous = await readFile(RESULTS, 'utf8').catch(() => '');
const starts = MEASURED_ELSEWHERE.map((heading) => previous.indexOf(heading)).filter((at) => at >= 0);
const kept = starts.length > 0 ? previous.slice(Math.min(...starts)) : '';
await writeFile(RESULTS, `${results}${kept}`);
