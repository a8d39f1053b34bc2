import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../../domain/app-error.ts';

/**
 * sitrep's backup file: gzip'd lines. `#sitrep-backup {header}` first; for each table `#table <name>` then one
 * line per row, the row as PostgreSQL's `row_to_json` wrote it (so every type round-trips through PostgreSQL's own
 * parser, on PGlite and PostgreSQL alike); `#end {trailer}` last, with each table's row count and the sha256 of its
 * row lines, and the sequences. A file without its `#end` line was cut short.
 */
export const BACKUP_FORMAT_VERSION = 1;

const HEADER = '#sitrep-backup ';
const TABLE = '#table ';
const END = '#end ';

export const ZBackupHeader = z.object({
  formatVersion: z.number().int().positive(),
  sitrepVersion: z.string(),
  /** The last migration applied to the database backed up: a restore migrates its target to exactly this one. */
  migration: z.string(),
  createdAt: z.iso.datetime(),
  source: z.string(),
});
export type TBackupHeader = z.infer<typeof ZBackupHeader>;

const ZTableSummary = z.object({ name: z.string(), rows: z.number().int().nonnegative(), sha256: z.string() });
export type TTableSummary = z.infer<typeof ZTableSummary>;

const ZSequenceValue = z.object({
  table: z.string(),
  column: z.string(),
  lastValue: z.string().regex(/^-?\d+$/),
  isCalled: z.boolean(),
});
export type TSequenceValue = z.infer<typeof ZSequenceValue>;

export const ZBackupTrailer = z.object({ tables: z.array(ZTableSummary), sequences: z.array(ZSequenceValue) });
export type TBackupTrailer = z.infer<typeof ZBackupTrailer>;

/** Counts and hashes one table's row lines as they are written or read. */
export const createTableDigest = (name: string) => {
  const hash = createHash('sha256');
  let rows = 0;
  return {
    add: (row: string) => {
      hash.update(row);
      hash.update('\n');
      rows += 1;
    },
    summary: (): TTableSummary => ({ name, rows, sha256: hash.digest('hex') }),
  };
};

export type BackupWriter = {
  header: (header: TBackupHeader) => Promise<void>;
  table: (name: string) => Promise<void>;
  rows: (rows: string[]) => Promise<void>;
  /** Writes the trailer and moves the finished file to its name. */
  end: (trailer: TBackupTrailer) => Promise<void>;
  /** Removes what was written so far. */
  abort: () => Promise<void>;
};

/**
 * Writes a backup to `<file>.partial` and renames it to `file` once whole, so `file` is never a half-written backup
 * (an older one of the same name stays until then).
 */
export const createBackupWriter = (file: string): BackupWriter => {
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(partial));
  // A file that cannot be written (no such directory, a full disk) fails the next write, or the end.
  written.catch(() => undefined);
  const write = async (text: string) => {
    if (!gzip.write(text)) await Promise.race([once(gzip, 'drain'), written]);
  };
  return {
    header: (header) => write(`${HEADER}${JSON.stringify(header)}\n`),
    table: (name) => write(`${TABLE}${name}\n`),
    rows: (rows) => (rows.length === 0 ? Promise.resolve() : write(`${rows.join('\n')}\n`)),
    end: async (trailer) => {
      await write(`${END}${JSON.stringify(trailer)}\n`);
      gzip.end();
      await written;
      await rename(partial, file);
    },
    abort: async () => {
      gzip.destroy();
      await written.catch(() => undefined);
      await rm(partial, { force: true });
    },
  };
};

/** What a backup file holds, line by line, once it is read back. */
export type BackupLine =
  | { kind: 'header'; header: TBackupHeader }
  | { kind: 'table'; name: string }
  | { kind: 'row'; row: string }
  | { kind: 'end'; trailer: TBackupTrailer };

const damaged = (file: string, problem: string, cause?: unknown) =>
  new AppError('BACKUP_DAMAGED', {
    userMessage: `${file} is damaged or not a sitrep backup: ${problem}. Nothing was restored.`,
    ...(cause === undefined ? {} : { cause }),
  });

const parseJsonLine = <T>(file: string, schema: z.ZodType<T>, text: string, what: string): T => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw damaged(file, `its ${what} line is not JSON`, error);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw damaged(file, `its ${what} line is not what sitrep writes`);
  return parsed.data;
};

const parseLine = (file: string, line: string, first: boolean): BackupLine => {
  if (first !== line.startsWith(HEADER)) throw damaged(file, 'it does not start with a sitrep backup header');
  if (line.startsWith(HEADER)) {
    return { kind: 'header', header: parseJsonLine(file, ZBackupHeader, line.slice(HEADER.length), 'header') };
  }
  if (line.startsWith(TABLE)) return { kind: 'table', name: line.slice(TABLE.length) };
  if (line.startsWith(END)) {
    return { kind: 'end', trailer: parseJsonLine(file, ZBackupTrailer, line.slice(END.length), 'last') };
  }
  if (line.startsWith('{')) return { kind: 'row', row: line };
  throw damaged(file, `a line starts with ${JSON.stringify(line.slice(0, 20))}`);
};

/**
 * Reads a backup file's lines in order. gzip's own check (its CRC and length) and the `#end` line catch a file cut
 * short or changed: either ends the reading with a BACKUP_DAMAGED error naming the problem.
 */
export async function* readBackupLines(file: string): AsyncGenerator<BackupLine> {
  const source = createReadStream(file);
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  // Decoded as a stream, so a character split between two chunks stays whole.
  gunzip.setEncoding('utf8');
  let pending = '';
  let first = true;
  let ended = false;
  try {
    for await (const chunk of gunzip) {
      const lines = `${pending}${chunk}`.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (ended) throw damaged(file, 'it goes on after its last line');
        const parsed = parseLine(file, line, first);
        first = false;
        ended = parsed.kind === 'end';
        yield parsed;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', { userMessage: `There is no file ${file}.` });
    const reason = code === 'Z_BUF_ERROR' ? 'it was cut short' : error instanceof Error ? error.message : String(error);
    throw damaged(file, reason, error);
  } finally {
    source.destroy();
  }
  if (pending !== '' || !ended) throw damaged(file, first ? 'it is empty' : 'it was cut short (no last line)');
}
