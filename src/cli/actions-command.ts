import { ACTION_KIND_LABELS } from '../domain/action-items/action-item-kinds.ts';
import type { ActionItemView } from '../domain/action-items/action-item-view.ts';
import { ACTION_STATUS_LABELS } from '../domain/slack-lines/action-item-lines.ts';
import { type CalendarDay, localDayOf } from '../domain/time/business-days.ts';
import { isKnownTimeZone } from '../domain/time/time-zone.ts';
import { type ActionItemFilter, createActionItemStore } from '../store/action-item-store.ts';
import { type CommandCall, EXIT, parseCommandFlags } from './command-exit.ts';
import { type ArgsResult, runDatabaseCommand } from './database-command.ts';

const ACTIONS_USAGE = 'usage: sitrep actions [--owner <Slack user id>] [--overdue | --all] [--json]';

/** Which action items are listed: the open ones (the default), the open ones past due, or every one people accepted. */
type ActionsScope = 'open' | 'overdue' | 'all';

type ActionsArgs = { ownerId?: string; scope: ActionsScope; json: boolean };

type ActionsArgsResult = ArgsResult<ActionsArgs>;

/** A Slack user id as shown in a profile's "Copy member ID": U or W, then eight or more capitals and digits. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{8,}$/;

/** Every action item is listed at once: a script reading the output must not miss the ones past a page. */
const LIST_LIMIT = 100_000;

/**
 * Reads the flags of `sitrep actions`. `--owner` takes a Slack user id (`U0123ABCD`), not a name; `--overdue` and
 * `--all` exclude each other, an overdue action item being open by definition.
 */
const parseActionsArgs = (args: string[]): ActionsArgsResult => {
  const flags = parseCommandFlags({
    command: 'actions',
    usage: ACTIONS_USAGE,
    args,
    options: {
      owner: { type: 'string' },
      overdue: { type: 'boolean' },
      all: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (!flags.ok) return flags;
  const { owner, overdue, all, json } = flags.values;
  if (owner !== undefined && !SLACK_USER_ID.test(owner)) {
    return {
      ok: false,
      message: `actions: --owner takes a Slack user id such as U0123ABCD (a profile's "Copy member ID"); got ${JSON.stringify(owner)}`,
    };
  }
  if (overdue === true && all === true) {
    return { ok: false, message: 'actions: give --overdue or --all, not both' };
  }
  const scope: ActionsScope = overdue === true ? 'overdue' : all === true ? 'all' : 'open';
  return {
    ok: true,
    args: { ...(owner === undefined ? {} : { ownerId: owner }), scope, json: json === true },
  };
};

/** What the store is asked for; the store orders by due date, soonest first, those without one last. */
const actionFilterFor = ({ args, now }: { args: ActionsArgs; now: Date }): ActionItemFilter => ({
  ...(args.ownerId === undefined ? {} : { ownerId: args.ownerId }),
  ...(args.scope === 'overdue' ? { dueBefore: now } : {}),
  statuses: args.scope === 'all' ? ['open', 'done', 'wont_do'] : ['open'],
  limit: LIST_LIMIT,
});

type ActionsRenderOptions = {
  actionItems: ActionItemView[];
  /** The team's zone, for an action item whose owner's zone is not known. */
  teamZone: string;
  now: Date;
};

/**
 * The day an action item is due on its owner's calendar, as the follow-up counts it: in the owner's zone, or the
 * team's when the owner's is unknown (or is one this runtime's time zone data does not have).
 */
const dueDayOf = (actionItem: ActionItemView, teamZone: string): CalendarDay | null => {
  if (actionItem.dueAt === null) return null;
  const zone =
    actionItem.ownerTimeZone !== null && isKnownTimeZone(actionItem.ownerTimeZone)
      ? actionItem.ownerTimeZone
      : teamZone;
  return localDayOf(actionItem.dueAt, zone);
};

const isOverdue = (actionItem: ActionItemView, now: Date): boolean =>
  actionItem.status === 'open' && actionItem.dueAt !== null && actionItem.dueAt.getTime() < now.getTime();

/** A table cell: nothing in it may end the cell or the row. */
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const COLUMNS = ['Incident', 'Action', 'Kind', 'Owner', 'Due', 'Status'];

/**
 * The action items as a Markdown table, for `sitrep actions`: one row each (incident, title, kind, owner, due day
 * with `(overdue)` when open and past it, status), then how many there are.
 */
const renderActionsMarkdown = ({ actionItems, teamZone, now }: ActionsRenderOptions): string => {
  if (actionItems.length === 0) return 'No action items.';
  const lines = [`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => ' --- ').join('|')}|`];
  for (const actionItem of actionItems) {
    const day = dueDayOf(actionItem, teamZone);
    const row = [
      `#${actionItem.incidentNumber}`,
      actionItem.title,
      actionItem.kind === null ? '—' : ACTION_KIND_LABELS[actionItem.kind],
      actionItem.ownerId ?? '—',
      day === null ? '—' : `${day}${isOverdue(actionItem, now) ? ' (overdue)' : ''}`,
      ACTION_STATUS_LABELS[actionItem.status],
    ];
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  }
  lines.push('', actionItems.length === 1 ? '1 action item' : `${actionItems.length} action items`);
  return lines.join('\n');
};

/**
 * The action items as pretty JSON, for `sitrep actions --json`: an array, keys always in the same order, instants
 * in UTC (`2026-12-04T10:59:59.999Z`), `due` the due day on the owner's calendar, `kind` and `status` as stored
 * (`wont_do`).
 */
const renderActionsJson = ({ actionItems, teamZone, now }: ActionsRenderOptions): string =>
  JSON.stringify(
    actionItems.map((actionItem) => ({
      id: actionItem.id,
      incident: actionItem.incidentNumber,
      incidentTitle: actionItem.incidentTitle,
      services: actionItem.services,
      title: actionItem.title,
      kind: actionItem.kind,
      owner: actionItem.ownerId,
      ownerTimeZone: actionItem.ownerTimeZone,
      due: dueDayOf(actionItem, teamZone),
      dueAt: actionItem.dueAt?.toISOString() ?? null,
      overdue: isOverdue(actionItem, now),
      status: actionItem.status,
      trackerUrl: actionItem.trackerUrl,
      createdAt: actionItem.createdAt.toISOString(),
      doneAt: actionItem.doneAt?.toISOString() ?? null,
      wontDoReason: actionItem.wontDoReason,
    })),
    null,
    2,
  );

export type RunActionsCommandOptions = CommandCall & { now?: () => Date };

const USAGE_ERRORS = new Set(['CONFIG_INVALID', 'DATABASE_LOCKED']);

/**
 * `sitrep actions`: the action items of every incident, for scripts, as a Markdown table or (`--json`) JSON on
 * stdout. Open ones by default, soonest due first; `--owner` keeps one person's, `--overdue` the open ones past their
 * due date, `--all` adds those done and won't do. Reads the database with one connection, so it also works while
 * `serve` runs on the embedded database. Returns the exit code: 0 printed (an empty list too), 2 on a misuse (an
 * unknown flag, an owner that is not a Slack user id) or a configuration to fix, 1 on anything else; each failure is
 * one line on stderr.
 */
export const runActionsCommand = async ({
  now = () => new Date(),
  ...call
}: RunActionsCommandOptions): Promise<number> =>
  runDatabaseCommand({
    ...call,
    command: 'actions',
    usage: ACTIONS_USAGE,
    parseArgs: parseActionsArgs,
    usageErrors: USAGE_ERRORS,
    run: async ({ args, team, database, stdout }) => {
      const at = now();
      const actionItems = await createActionItemStore(database.prisma).list(actionFilterFor({ args, now: at }));
      const options = { actionItems, teamZone: team.team.timeZone, now: at };
      stdout.write(`${args.json ? renderActionsJson(options) : renderActionsMarkdown(options)}\n`);
      return EXIT.done;
    },
  });
