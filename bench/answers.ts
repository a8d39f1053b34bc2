import { cpus, loadavg, totalmem } from 'node:os';
import { benchAnswerLatency, formatAnswerLatencyTable } from './answer-latency.ts';
import { benchAnswerThroughput, formatAnswerThroughputTables } from './answer-throughput.ts';
import { writeResultsSection } from './results-section.ts';

// `npm run bench:answers`: what a person waits for is the answer, not the 200 (issue 23). Prints the tables and
// rewrites the "Answers" section of bench/RESULTS.md, which `npm run bench` keeps as it is.

const HEADING = '## Answers (issue 23)';
/** Where the section goes the first time: before the sections other scripts measure. */
const BEFORE = '## Backing up and restoring';

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
const loadAtStart = loadavg()[0]?.toFixed(1) ?? '?';
const started = performance.now();

const throughput = formatAnswerThroughputTables(await benchAnswerThroughput());
process.stdout.write(`${throughput.answers}\n\n${throughput.ratios}\n\n`);
const latency = formatAnswerLatencyTable(await benchAnswerLatency());
process.stdout.write(`${latency}\n`);
const minutes = Math.round((performance.now() - started) / 60_000);
const loadAtEnd = loadavg()[0]?.toFixed(1) ?? '?';

const section = `${HEADING}

Measured by \`npm run bench:answers\` (\`bench/answers.ts\`) on ${new Date().toISOString().slice(0, 10)}: ${machine}, in
${minutes} minutes; the load average was ${loadAtStart} when it started and ${loadAtEnd} when it ended. The machine is
shared: its two cores also ran other work meanwhile, so absolute figures move from run to run; the ratios, measured
side by side in one run, are what count.

A person waits for the answer at the response URL, not for the 200. The load generator of the sections above (a
worker thread, signed requests over keep-alive \`node:http\` connections, Slack's response URLs played by itself)
runs a closed loop of 16 connections, each sending its next command once the last was *answered*: 3 s not measured,
then 10 s measured, counting the answers to commands both sent and answered within the 10 s; then it waits until
every acknowledged command was answered (or none was for 10 s). The yardstick is the bare Bolt 5.1.0 app of
\`bench/bare-bolt.ts\` with \`BARE_BOLT_RESPOND=true\`: its listener acks, then answers \`Done.\` through Bolt's
\`respond()\` (same Node and flags as sitrep). sitrep is the real \`sitrep serve\` with the example sitrep.yml, a fresh
process, database and fake Slack for each command, with 16 incidents declared and their channels opened first, measured
right after the bare app for the same command:

- \`list\` from #general (the 16 open incidents, in Block Kit);
- \`note <text>\` in the incident channels, one per connection (a timeline entry, and a line for the outbox to post);
- \`status identified\` and \`status monitoring\` in turn, in the incident channels, one per connection: \`status\`
  without a status is refused with its usage, and the same status twice is refused as no change, so each command is
  a real change (a timeline entry, a line posted and the pinned summary refreshed by the outbox).

"Answered / acknowledged" counts every command of the run, warm-up included; "other answers" are answers that are
neither sitrep's apology nor what the command answers when it did its work ("16 open incidents", "Noted on the
timeline", "is now"). Server CPU is the server process's (all threads; PostgreSQL's own processes are not counted).

${throughput.answers}

${throughput.ratios}

Targets (issue 23): \`list\` at least 0.8 of the responding bare Bolt app's answers per second, \`note\` at least
0.5; every acknowledged command answered.

### Answer latency at 1 command a second, with the outbox busy

On each database, a fresh sitrep and fake Slack: 16 incidents declared and their channels opened; then the fake
Slack answers every Web API call after 100 ms (\`slowApiCalls\`), 40 more incidents are declared (each a channel to
create, paced to Slack's Tier 2, people to invite, an announcement) and notes are sent in the 16 channels in a
closed loop for 5 s (each a line to post, paced to one a second per channel). Then, while the outbox works through
that backlog, 30 commands of each kind at 1 a second, each timed from sending it to its answer at the response URL
(\`status\` alternating in one incident channel). The outbox counts are the messages pending and due within the hour
when the 30 s window opened and closed, read from the database sitrep serves; the Slack calls are those the fake
answered within the window.

${latency}

Target (issue 23): answered within 100 ms at the 99th percentile at 1 command a second with the outbox busy.
`;

// Sections written by hand after it (where the time goes) stay.
await writeResultsSection({ heading: HEADING, text: section, before: BEFORE });
