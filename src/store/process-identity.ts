import { readFile } from 'node:fs/promises';

/**
 * What tells one run of a process from a later one given the same pid: when it started (field 22 of
 * /proc/<pid>/stat, clock ticks since boot) and which boot that count is from. Undefined where /proc is missing
 * (macOS) or the process is gone.
 */
export type ProcessIdentity = { startTime?: number; bootId?: string };

const readStartTime = async (pid: number): Promise<number | undefined> => {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 is the command name in parentheses, which may itself hold spaces and ')': count from the last ')'.
  const fromState = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTime = Number(fromState[22 - 3]);
  return Number.isSafeInteger(startTime) ? startTime : undefined;
};

const readBootId = async (): Promise<string | undefined> => {
  try {
    const bootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
    return bootId === '' ? undefined : bootId;
  } catch {
    return undefined;
  }
};

/** The identity of a running process as this machine sees it now. */
export const readProcessIdentity = async (pid: number): Promise<ProcessIdentity> => {
  const [startTime, bootId] = await Promise.all([readStartTime(pid), readBootId()]);
  return { ...(startTime === undefined ? {} : { startTime }), ...(bootId === undefined ? {} : { bootId }) };
};
