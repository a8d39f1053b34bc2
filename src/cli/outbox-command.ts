import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createOutboxStore, type TroubledMessage } from '../store/outbox-store.ts';
import { type CommandCall, EXIT } from './command-exit.ts';
import { type ArgsResult, runDatabaseCommand } from './database-command.ts';

const OUTBOX_USAGE = 'usage: sitrep outbox [--json] | sitrep outbox retry <id> | sitrep outbox discard <id>';

/** What a person writes down as the reason when they drop a message. */
const DISCARDED_BY_A_PERSON = 'discarded by a person';

/** Enough for any backlog a person reads; a longer one is the same problem many times over. */
const LIST_LIMIT = 1_000;

type OutboxArgs = { action: 'list'; json: boolean } | { action: 'retry' | 'discard'; id: string };

const ZMessageId = z.uuid();

const readFlags = (args: string[]) => {
  try {
    return parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true, allowPositionals: true });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

const parseOutboxArgs = (args: string[]): ArgsResult<OutboxArgs> => {
  const flags = readFlags(args);
  if (typeof flags === 'string') return { ok: false, message: `outbox: ${flags} (${OUTBOX_USAGE})` };
  const [action, id, ...rest] = flags.positionals;
  if (action === undefined) return { ok: true, args: { action: 'list', json: flags.values.json === true } };
  if ((action !== 'retry' && action !== 'discard') || rest.length > 0) return { ok: false, message: OUTBOX_USAGE };
  const parsed = ZMessageId.safeParse(id);
  if (!parsed.success) {
    return { ok: false, message: `outbox ${action}: give the id of a message as \`sitrep outbox\` lists it` };
  }
  return { ok: true, args: { action, id: parsed.data } };
};

/** A table cell: nothing in it may end the cell or the row. */
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const COLUMNS = ['Id', 'Status', 'Kind', 'Incident', 'Attempts', 'Last error', 'Next try'];

const renderOutboxMarkdown = (messages: TroubledMessage[]): string => {
  if (messages.length === 0) return 'No held or dead messages: everything reached Slack or is on its way.';
  const lines = [`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => ' --- ').join('|')}|`];
  for (const message of messages) {
    const row = [
      message.id,
      message.status,
      message.kind,
      message.incidentNumber === null ? '—' : `#${message.incidentNumber}`,
      String(message.attempts),
      message.lastError ?? '—',
      message.nextTryAt?.toISOString() ?? '—',
    ];
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  }
  lines.push('', messages.length === 1 ? '1 message' : `${messages.length} messages`);
  return lines.join('\n');
};

const renderOutboxJson = (messages: TroubledMessage[]): string =>
  JSON.stringify(
    messages.map((message) => ({ ...message, nextTryAt: message.nextTryAt?.toISOString() ?? null })),
    null,
    2,
  );

/**
 * `sitrep outbox`: the messages for Slack that need a person, held (failing for a cause to fix, retried every few
 * hours) and dead, as a Markdown table or (`--json`) JSON. `sitrep outbox retry <id>` makes one due now (a dead one
 * too); `sitrep outbox discard <id>` marks one dead, never to be tried again. Works while `serve` runs. Returns the
 * exit code: 0 done, 2 on a misuse or a configuration to fix, 1 for an id that names no such message or any other
 * failure; each failure is one line on stderr.
 */
export const runOutboxCommand = async ({
  now = () => new Date(),
  ...call
}: CommandCall & { now?: () => Date }): Promise<number> =>
  runDatabaseCommand({
    ...call,
    command: 'outbox',
    usage: OUTBOX_USAGE,
    parseArgs: parseOutboxArgs,
    usageErrors: new Set(['CONFIG_INVALID', 'DATABASE_LOCKED']),
    run: async ({ args, database, stdout, fail }) => {
      const outbox = createOutboxStore(database.prisma);
      if (args.action === 'list') {
        const messages = await outbox.listTroubled(LIST_LIMIT);
        stdout.write(`${args.json ? renderOutboxJson(messages) : renderOutboxMarkdown(messages)}\n`);
        return EXIT.done;
      }
      const changed =
        args.action === 'retry'
          ? await outbox.retryNow(args.id, now())
          : await outbox.discard(args.id, DISCARDED_BY_A_PERSON);
      if (!changed) {
        const what = args.action === 'retry' ? 'held or dead' : 'unfinished';
        return fail(`outbox ${args.action}: there is no ${what} message ${args.id}`, EXIT.failed);
      }
      stdout.write(args.action === 'retry' ? `Message ${args.id} is due now.\n` : `Message ${args.id} is discarded.\n`);
      return EXIT.done;
    },
  });
