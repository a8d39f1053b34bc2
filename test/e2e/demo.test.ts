import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { collectOutput } from '../../demo/sitrep-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the demo to its end and returns what it printed; it must exit 0 with nothing on stderr. */
const runDemo = async (args: string[]): Promise<string> => {
  const child = spawn(process.execPath, ['demo/demo.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
  });
  const output = collectOutput(child);
  const [code] = await once(child, 'exit');
  const { stdout, stderr } = output();
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return stdout;
};

/** The HTTP run's output, for the Socket Mode run to be compared with (one run fewer when both tests run). */
let overHttpRun: string | undefined;

it('npm run demo plays a whole incident through the real process and prints what people saw', async () => {
  const stdout = await runDemo([]);
  overHttpRun = stdout;
  const lines = stdout.split('\n');
  const channel = stdout.match(/#(inc-1-card-payments-time-out)/)?.[1];
  expect(channel).toBe('inc-1-card-payments-time-out');
  expect(lines).toContainEqual(expect.stringMatching(/#inc-1-card-payments-time-out {2}sitrep created the channel$/));
  expect(lines).toContainEqual(expect.stringMatching(/sitrep added @alice, @bob$/));
  expect(lines).toContainEqual(
    expect.stringMatching(
      /sitrep set the channel topic: SEV2 · Investigating · Lead: @alice · Card payments time out$/,
    ),
  );
  expect(lines).toContainEqual(
    expect.stringMatching(/#incidents {2}sitrep: .*Incident 1 declared: Card payments time out/),
  );
  expect(lines).toContainEqual(expect.stringMatching(/sitrep: @bob resolved the incident: Fixed by rollback$/));
  // The outage Bob recorded from 27 minutes back (to the minute), against checkout-api's budget for the month.
  expect(lines).toContainEqual(
    expect.stringMatching(/sitrep: Used 2\d(\.\d+)? min of checkout-api's [\d.]+ min \w+ budget \(\d+%\)\.$/),
  );
  expect(lines).toContainEqual(
    expect.stringMatching(/Incident 1 is already resolved\. Use `\/incident reopen <reason>`/),
  );
  expect(lines.filter((line) => / pinned the message /.test(line))).toHaveLength(1);
  // The deploy before the impact and the alert, sent by signed webhooks, are suspects and the detection.
  expect(lines).toContainEqual(expect.stringMatching(/checkout-api v1\.4\.2 \(succeeded\) by carol/));
  // At resolve, the postmortem draft: delivered once as a canvas and a file, bookmarked, and the lead told in a DM.
  const delivered = [
    /sitrep created the canvas "Postmortem draft v1: Card payments time out"$/,
    /sitrep shared the file "Postmortem draft v1: Card payments time out" \(incident-1-postmortem-v1\.md\)$/,
    /sitrep bookmarked "Postmortem draft v1" https:\/\/\S+\/docs\/\w+\/F\w+$/,
    /DM @bob {2}sitrep: :memo: The postmortem draft v1 of incident 1 \(Card payments time out\) is ready/,
  ];
  for (const line of delivered) expect(lines.filter((candidate) => line.test(candidate))).toHaveLength(1);
  // Then its action items: carol is told of hers, a date that does not exist is refused, the postmortem completes.
  expect(lines).toContainEqual(
    expect.stringMatching(
      /DM @carol {2}sitrep: :clipboard: You own an action item of incident 1: \*Alert on card declines above 5% instead of 20%\*, due \w{3} \d+ \w{3} \d{4}\.$/,
    ),
  );
  expect(lines).toContainEqual(expect.stringMatching(/2026-02-30 is not a date/));
  expect(lines).toContainEqual(
    expect.stringMatching(
      /^Incident 1 on the web: http:\/\/127\.0\.0\.1:\d+\/incidents\/1 \(you are signed in as @bob/,
    ),
  );
  expect(lines).toContainEqual(expect.stringMatching(/\[Done\] \[Snooze 1 business day\] \[Reassign\] \[Won't do\]/));
  expect(lines).toContainEqual(
    expect.stringMatching(/The postmortem of incident 1 \(v1\) is complete\. sitrep follows up its action items/),
  );
  // After the transcript, the postmortem as the canvas received it.
  const postmortem = stdout.slice(stdout.indexOf('━━━ The canvas "Postmortem draft v1'));
  expect(postmortem).toMatch(/^━━━ The canvas .* \(also shared as incident-1-postmortem-v1\.md\) ━━━\n\n# Postmortem/);
  // The demo runs on today's date: the SLA period is this month, its budget 99.9 % of its days.
  const sla = postmortem.match(/\| checkout-api \| (\w+) (\d{4}) \| 99\.9% \| 2\d(?:\.\d+)? min \| ([\d.]+) min \|/);
  expect(sla).not.toBeNull();
  const month = new Date(`1 ${sla?.[1]} ${sla?.[2]} 12:00 UTC`);
  const days = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate();
  expect(Number(sla?.[3])).toBeCloseTo(days * 1.44, 2);
  expect(postmortem).toContain('CheckoutCardDeclines');
  expect(postmortem).toMatch(/\| checkout-api \| v1\.4\.2 \| production \|/);
  expect(postmortem).toContain('Card declines back to the usual 2%');
  expect(postmortem).toContain('## Action items');
  expect(postmortem).toContain('━━━ End of the postmortem draft ━━━');
  expect(lines.at(-2)).toMatch(/^Done: #inc-1-card-payments-time-out has one pinned summary/);
}, 120_000);

it('npm run demo -- --socket plays the same incident with Slack talking to sitrep over Socket Mode', async () => {
  // Clock times, minutes of impact and the ids Slack mints differ from run to run; what people saw does not. The
  // card's running duration is shown as an edit only when a minute turned between two edits, so it is left out.
  const normalise = (stdout: string) =>
    stdout
      .split('\n')
      .filter(
        (line) => !/^sitrep is ready at|^Done: |^\s+\*Duration so far\* |^\s+\(nothing visible changed\)$/.test(line),
      )
      .map((line) => line.replace(/\b[A-Z][A-Z0-9]{8,}\b/g, 'ID').replace(/\d+/g, 'N'))
      .join('\n');
  const overHttp = overHttpRun ?? (await runDemo([]));
  const overSocket = await runDemo(['--socket']);
  expect(overSocket).toMatch(/Slack talks to it over Socket Mode/);
  expect(overSocket).toMatch(/went through Socket Mode envelopes into the real sitrep process/);
  expect(normalise(overSocket)).toEqual(normalise(overHttp));
}, 240_000);
