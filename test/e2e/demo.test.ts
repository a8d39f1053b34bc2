import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('npm run demo plays a whole incident through the real process and prints what people saw', async () => {
  const child = spawn(process.execPath, ['scripts/demo.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = await once(child, 'exit');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
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
  expect(lines.at(-2)).toMatch(/^Done: #inc-1-card-payments-time-out has one pinned summary/);
}, 120_000);
