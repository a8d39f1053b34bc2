import { AppError } from '../../domain/app-error.ts';
import type { LocalMigration } from '../migrate.ts';
import {
  BACKUP_FORMAT_VERSION,
  createTableDigest,
  readBackupLines,
  type TBackupHeader,
  type TBackupTrailer,
  type TTableSummary,
} from './backup-file.ts';

export type InspectedBackup = { file: string; header: TBackupHeader; trailer: TBackupTrailer };

export type InspectBackupOptions = {
  file: string;
  /** This sitrep's migrations: a backup at one it does not know comes from a newer sitrep. */
  migrations: LocalMigration[];
  sitrepVersion: string;
};

/** Refuses a backup this sitrep cannot read or restore: a newer format, or a migration it does not have. */
const checkReadable = ({ file, migrations, sitrepVersion }: InspectBackupOptions, header: TBackupHeader): void => {
  const known = migrations.some((migration) => migration.name === header.migration);
  if (header.formatVersion <= BACKUP_FORMAT_VERSION && known) return;
  const what = known
    ? `in backup format ${header.formatVersion} (this sitrep reads up to ${BACKUP_FORMAT_VERSION})`
    : `at migration ${header.migration}, which this sitrep does not have`;
  throw new AppError('BACKUP_NEWER', {
    userMessage: `${file} was written by sitrep ${header.sitrepVersion} ${what}: it comes from a newer schema. Restore it with sitrep ${header.sitrepVersion} or later (this is ${sitrepVersion}). Nothing was restored.`,
  });
};

const compareSummaries = (file: string, read: TTableSummary[], trailer: TBackupTrailer): void => {
  const damaged = (problem: string) =>
    new AppError('BACKUP_DAMAGED', {
      userMessage: `${file} is damaged: ${problem}. Nothing was restored.`,
    });
  if (read.map((t) => t.name).join() !== trailer.tables.map((t) => t.name).join()) {
    throw damaged('its tables are not the ones its last line lists');
  }
  read.forEach((table, index) => {
    const expected = trailer.tables[index];
    if (expected?.rows !== table.rows) {
      throw damaged(`table ${table.name} has ${table.rows} rows where the file says ${expected?.rows}`);
    }
    if (expected.sha256 !== table.sha256) throw damaged(`the checksum of table ${table.name} does not match`);
  });
};

/**
 * Reads a backup file whole before anything is written anywhere: its header must be one this sitrep can restore,
 * the file whole (gzip's check and the last line), and every table's rows must match its count and checksum.
 * Throws BACKUP_NEWER or BACKUP_DAMAGED naming the problem.
 */
export const inspectBackup = async (options: InspectBackupOptions): Promise<InspectedBackup> => {
  const { file } = options;
  let header: TBackupHeader | undefined;
  let trailer: TBackupTrailer | undefined;
  let digest: ReturnType<typeof createTableDigest> | undefined;
  const read: TTableSummary[] = [];
  for await (const line of readBackupLines(file)) {
    if (line.kind === 'header') {
      checkReadable(options, line.header);
      header = line.header;
    } else if (line.kind === 'row') {
      if (!digest) throw new AppError('BACKUP_DAMAGED', { userMessage: `${file} is damaged: a row before any table.` });
      digest.add(line.row);
    } else {
      if (digest) read.push(digest.summary());
      digest = line.kind === 'table' ? createTableDigest(line.name) : undefined;
      if (line.kind === 'end') trailer = line.trailer;
    }
  }
  // readBackupLines ends with an error unless the file starts with its header and ends with its trailer.
  if (!header || !trailer) throw new AppError('BACKUP_DAMAGED', { userMessage: `${file} is incomplete.` });
  compareSummaries(file, read, trailer);
  return { file, header, trailer };
};
