import { join } from 'node:path';
import type { TConfig } from '../config/environment.ts';
import { type CommandJournalStore, createCommandJournalStore } from '../store/command-journal-store.ts';
import { openDatabase } from '../store/database.ts';
import { openFileCommandJournal } from '../store/file-command-journal.ts';

/** Connections of a replica kept for journaling commands, apart from the pool the commands' work uses. */
const JOURNAL_CONNECTIONS = 2;

export type OpenedCommandJournal = { journal: CommandJournalStore; close: () => Promise<void> };

/**
 * Where slash commands are journaled before Slack hears 200, on a path of their own so the acknowledgement never
 * waits behind the work of the commands before it: on PostgreSQL, the JournaledCommand table over two connections of
 * its own (any replica takes over a dead one's commands); embedded, a file in DATA_DIR beside the database.
 */
export const openCommandJournal = async (target: TConfig['database']): Promise<OpenedCommandJournal> => {
  if (target.kind === 'pglite') {
    const journal = await openFileCommandJournal(join(target.dataDir, 'commands.journal'));
    return { journal, close: journal.close };
  }
  const database = await openDatabase({
    target,
    command: 'serve',
    poolSize: JOURNAL_CONNECTIONS,
    holdConnections: true,
    // A commit answers once PostgreSQL has the row, before its WAL reaches the disk (within 3 × wal_writer_delay,
    // 600 ms by default): the journal is there for sitrep's own restarts and crashes, which this survives; only
    // PostgreSQL's own crash in that window would lose the commands acknowledged in it. Measured: p99 of 20
    // acknowledgements at once down from 53 ms to the figure in bench/RESULTS.md. A write that hangs (a failover)
    // is given up after 2 s and the person told to try again, rather than holding every acknowledgement behind it.
    sessionSettings: ['synchronous_commit=off', 'statement_timeout=2000'],
  });
  return { journal: createCommandJournalStore(database.prisma), close: database.close };
};
