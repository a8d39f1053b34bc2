import { type FileHandle, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { createBatcher } from '../domain/batcher.ts';
import type { CommandJournalStore, JournaledCommandRow } from './command-journal-store.ts';

/** Beyond this, the file is emptied the next time no command is outstanding. */
const COMPACT_AFTER_BYTES = 4 * 2 ** 20;

const ZLine = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('record'),
    id: z.string(),
    body: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    receivedAt: z.iso.datetime(),
    attempts: z.number().int().default(1),
  }),
  z.object({ op: z.literal('claim'), id: z.string() }),
  z.object({ op: z.literal('finish'), id: z.string() }),
]);

type Outstanding = Omit<JournaledCommandRow, 'body'> & { body: Record<string, string | string[]>; lapsed: boolean };

/** Reads a journal file: the commands recorded and not finished, every one lapsed (its process is gone). */
const readOutstanding = async (path: string): Promise<Map<string, Outstanding>> => {
  const outstanding = new Map<string, Outstanding>();
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  for (const raw of text.split('\n')) {
    // A line that does not read is one a crash or a failed write tore: its command was never acknowledged.
    const line = ZLine.safeParse(safeJson(raw));
    if (!line.success) continue;
    const { data } = line;
    if (data.op === 'record') {
      const { id, body, attempts } = data;
      outstanding.set(id, { id, body, receivedAt: new Date(data.receivedAt), attempts, lapsed: true });
    } else if (data.op === 'claim') {
      const known = outstanding.get(data.id);
      if (known) known.attempts += 1;
    } else outstanding.delete(data.id);
  }
  return outstanding;
};

const safeJson = (raw: string): unknown => {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
};

const recordLine = (command: Outstanding) =>
  `${JSON.stringify({ op: 'record', id: command.id, body: command.body, receivedAt: command.receivedAt.toISOString(), attempts: command.attempts })}\n`;

export type FileCommandJournal = CommandJournalStore & { close: () => Promise<void> };

/**
 * The command journal of the embedded database, as an append-only file in DATA_DIR next to it. The embedded database
 * has one connection, which the commands' own work keeps busy: a row written there would wait behind all of it, so
 * Slack's acknowledgement would too. Here a record waits only for the records before it: those that arrive while one
 * is being written go in the next write, with one fdatasync for them all. Only one process opens a data directory,
 * so leases are moot: what a process leaves in the file is taken by the next one to open it.
 */
export const openFileCommandJournal = async (path: string): Promise<FileCommandJournal> => {
  const outstanding = await readOutstanding(path);
  // Rewritten with only what is outstanding, so the file never holds more than one process's backlog. It holds
  // response URLs, good for posting as the person's answer for 30 minutes: readable by sitrep's user only.
  const fresh = `${path}.new`;
  const rewrite = await open(fresh, 'w', 0o600);
  await rewrite.writeFile([...outstanding.values()].map(recordLine).join(''));
  await rewrite.datasync();
  await rewrite.close();
  await rename(fresh, path);
  await syncDirectory(dirname(path));
  const handle: FileHandle = await open(path, 'a', 0o600);
  let size = (await handle.stat()).size;
  // After a failed write the file may end in part of a line: the next write starts on a line of its own.
  let torn = false;

  const appendLines = async (batch: string[]) => {
    // Records being written count as outstanding (see `record`), so this never drops one.
    if (outstanding.size === 0 && size > COMPACT_AFTER_BYTES) {
      await handle.truncate(0);
      size = 0;
    }
    const text = `${torn ? '\n' : ''}${batch.join('')}`;
    try {
      await writeAll(handle, Buffer.from(text));
      await handle.datasync();
      torn = false;
    } catch (error) {
      torn = true;
      throw error;
    }
    size += Buffer.byteLength(text);
    return batch.map(() => undefined);
  };
  const lines = createBatcher({ run: appendLines });
  const append = lines.submit;

  return {
    record: async ({ id, body, receivedAt, leaseUntil }) => {
      const command = { id, body, receivedAt, attempts: 1, lapsed: leaseUntil.getTime() <= Date.now() };
      // Outstanding from before it is written, so that no compaction in the meantime empties the file under it.
      outstanding.set(id, { ...command, lapsed: false });
      try {
        await append(recordLine(command));
      } catch (error) {
        outstanding.delete(id);
        throw error;
      }
      if (command.lapsed) outstanding.set(id, command);
    },
    claimLapsed: async ({ limit }) => {
      const lapsed = [...outstanding.values()]
        .filter((command) => command.lapsed)
        .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
        .slice(0, limit);
      await Promise.all(lapsed.map((command) => append(`${JSON.stringify({ op: 'claim', id: command.id })}\n`)));
      for (const command of lapsed) {
        command.lapsed = false;
        command.attempts += 1;
      }
      return lapsed.map(({ id, body, receivedAt, attempts }) => ({ id, body, receivedAt, attempts }));
    },
    renew: async () => {},
    release: async (ids) => {
      for (const id of ids) {
        const command = outstanding.get(id);
        if (command) command.lapsed = true;
      }
    },
    finish: async (id) => {
      outstanding.delete(id);
      await append(`${JSON.stringify({ op: 'finish', id })}\n`);
    },
    close: async () => {
      await lines.drained();
      await handle.close();
    },
  };
};

/** Writes all of `bytes`, however many calls it takes. */
const writeAll = async (handle: FileHandle, bytes: Buffer) => {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
    written += bytesWritten;
  }
};

/** Makes a rename in `dir` durable: without it, a power loss could bring back the file it replaced. */
const syncDirectory = async (dir: string) => {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};
