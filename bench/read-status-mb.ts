import { readFile } from 'node:fs/promises';

/** A memory figure of a running process from /proc/<pid>/status, in MB: VmRSS resident now, VmHWM its peak. */
export const readStatusMb = async (pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
};
