import { suggestClosest } from '../text/edit-distance.ts';
import { parseAction } from './action-item-command.ts';
import { parseActions } from './action-item-list-command.ts';
import { parseChanges } from './changes-command.ts';
import {
  accept,
  clampMessage,
  code,
  quote,
  readIncidentRef,
  refuse,
  tokenize,
  USER_MENTION,
  wordAt,
} from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import { parseDeclare } from './declare-command.ts';
import { parseImpact } from './impact-command.ts';
import type { CommandContext, ParseResult } from './incident-command-types.ts';
import { SHORT_HELP } from './incident-help.ts';
import { parseMaintenance } from './maintenance-command.ts';
import { parseChannel, parseNote, parseTimeline } from './note-command.ts';
import { parseOnCall, parsePage } from './page-command.ts';
import { parsePostmortem } from './postmortem-command.ts';
import { parsePublish } from './publish-command.ts';
import { readSeverity } from './read-severity.ts';
import { parseReport } from './report-command.ts';
import { parseRole, parseRoleAssignment } from './role-command.ts';
import { parseSeverity, parseSeverityWord } from './severity-command.ts';
import { parseReopen, parseResolve, parseStatus } from './status-command.ts';

export type { CommandContext, ParseResult, TIncidentCommand } from './incident-command-types.ts';
export { INCIDENT_HELP } from './incident-help.ts';

const SUBCOMMANDS = [
  'declare',
  'status',
  'severity',
  'sev',
  'lead',
  'comms',
  'scribe',
  'role',
  'resolve',
  'reopen',
  'list',
  'note',
  'timeline',
  'channel',
  'page',
  'oncall',
  'postmortem',
  'action',
  'actions',
  'changes',
  'report',
  'impact',
  'publish',
  'maintenance',
  'help',
] as const;

const refuseUnknownSubcommand = (written: string): ParseResult => {
  const near = suggestClosest(written, SUBCOMMANDS);
  const lines = [`I don't know ${quote(`/incident ${written}`)}.`];
  if (near !== undefined) lines.push(`Did you mean ${code(`/incident ${near}`)}?`);
  else if (readIncidentRef(written) !== undefined) {
    lines.push(`Put the incident number after the word, as in ${code('/incident resolve #42 Fixed by rollback')}.`);
  } else if (USER_MENTION.test(written)) {
    lines.push(`Put the role before the person, as in ${code('/incident lead @alice')}.`);
  }
  return { ok: false, message: clampMessage([...lines, SHORT_HELP].join('\n')) };
};

/**
 * Parses the text of the `/incident` slash command. Never throws: anything it cannot read gives `ok: false` and
 * a mrkdwn message under 1,500 characters that says what was wrong and shows the right form with an example.
 *
 * The grammar is forgiving: keywords are case-insensitive, any run of whitespace (tabs, newlines, non-breaking
 * spaces) counts as one space, and Slack's escaping of `&`, `<`, `>` in free text is undone. People are Slack
 * mentions, `<@U123|alice>` or `<@U123>` (`W…` ids too); a plain `@alice` arrives when Slack did not resolve the
 * name and is refused, asking to pick the person from Slack's autocomplete.
 *
 * - `` (nothing): open the declare form. `help`, `list`.
 * - `declare [severity] [service[, service]:] <title>`. The severity is a configured name (`SEV1`, or a custom
 *   one, also of several words), `sev<level>`, `sev-<level>` or `sev <level>`; the team's default otherwise. An
 *   unknown `sev9` is refused. A `name:` prefix names services only when each name is configured (ignoring case);
 *   a near miss (`chekout-api:`) is refused with a suggestion, so is an unknown name next to known ones; anything
 *   else keeps the colon in the title (`declare Database: slow queries`). A title starting with a severity name
 *   is read as that severity. A colon after the severity is dropped (`declare sev1: Checkout is down`).
 * - `status <investigating|identified|monitoring|resolved> [message]`; `status resolved …` is `resolve`.
 * - `sev <severity>`, `severity <severity>`, `sev1`: the severity may also be a bare level (`sev 1`).
 * - `lead|comms|scribe @person`, `role <lead|comms|scribe> @person`.
 * - `resolve [message]`, `reopen <reason>` (the reason is required).
 * - `note [#42|inc-42] <text>`: the text may start with a time, read by the caller in the author's zone; a bare
 *   number starts the note. `timeline [#42|inc-42|42]`. `channel [#42|inc-42|42]` opens the channel again.
 * - `page [#42|inc-42|42] <service> [reason]`: a configured service (ignoring case; near misses refused with a
 *   suggestion), then the reason, if any.
 * - `postmortem [#42|inc-42|42]` drafts the postmortem again; `postmortem [#42|inc-42|42] complete` marks it
 *   complete.
 * - `action [#42|inc-42] <title…>` with, anywhere after the word and each at most once, the owner's mention,
 *   `due:YYYY-MM-DD` (a real calendar date, kept as typed: whether it is past is read by the caller in the owner's
 *   zone) or `in:<n>bd` (1 to 60 business days), `kind:fix|test|alarm|doc|visibility` and `tracker:<http(s) url>`
 *   (bare or as Slack sends links). Keys ignore case and may be followed by a space. The other words, joined by
 *   single spaces, are the title, which is required; a bare number starts it. A plain `@bob`, a user group or a
 *   second mention is refused, so are `due:` with `in:`, an unknown kind (with a suggestion) and a non-http link.
 * - `actions [#42|inc-42|42] [mine|overdue|all]`: near misses of the scope are refused with a suggestion.
 * - `report [service] [period]`, in either order: the period is kept as typed when it starts with four digits
 *   (`2026-10`, `2026-Q4`, also `2026-13`), to be read in the team's zone; any other word must be a configured
 *   service.
 * - `impact [#42|inc-42|42] outage|degraded|end`, then in any order a time as notes take it (kept as typed, read
 *   by the caller in the author's zone; now when absent), configured services (the caller uses the incident's
 *   when none is named) and `#42`/`inc-42`. Unknown services are refused, near misses with a suggestion.
 * - `publish [#42|inc-42] [title:"Public title"] [status:<status>] <text>`: an update for the public status page. The
 *   options come first, in either order, the title in straight or curly quotes; a bare number starts the text. No
 *   text, too long a text or title, and mentions of people or channels in either are refused.
 * - `maintenance <service[,service]> <start> <duration> <public text>`: configured services (near misses refused
 *   with a suggestion), a start kept as typed (`02:00`, `tomorrow 02:00`, `2026-12-10 02:00`, read by the caller in
 *   the author's zone), a duration from `1m` to `7d` (`90m`, `2h`, `1h30m`) and the text the public reads.
 *   `maintenance list`; `maintenance cancel <number|id>`.
 *
 * Outside the incident's channel, the incident is named right after the subcommand word as `#42`, `inc-42` or
 * `42` (`status 42 resolved`, `resolve #42 Fixed`, `lead inc-42 @alice`, `role 42 comms @bob`), so a message
 * cannot start with a bare number (`resolve 3 pods restarted` resolves incident 3). For the severity, where a
 * bare number is the severity itself, the incident must be written `#42`/`inc-42` (`sev #42 1`) or be followed by
 * another severity (`sev 42 1`, `severity 42 sev1`): `sev 1` is severity 1, not incident 1. After `sev1` the
 * incident may follow (`sev1 #42`).
 *
 * @example parseIncidentCommand('declare sev2 checkout-api: Card payments time out', context)
 *   // => { ok: true, command: { kind: 'declare', severity: 2, services: ['checkout-api'], title: 'Card payments time out' } }
 */
export const parseIncidentCommand = (text: string, context: CommandContext): ParseResult => {
  const input = tokenize(text);
  const first = wordAt(input, 0);
  if (first === undefined) return accept({ kind: 'open_modal' });
  const keyword = first.toLowerCase();
  switch (keyword) {
    case 'help':
      return accept({ kind: 'help' });
    case 'list':
      return input.tokens.length === 1
        ? accept({ kind: 'list' })
        : refuse('Listing takes nothing after the word; it shows every open incident.', COMMAND_USAGE.list);
    case 'declare':
      return parseDeclare({ input, context });
    case 'status':
      return parseStatus(input);
    case 'sev':
    case 'severity':
      return parseSeverity({ input, context });
    case 'lead':
    case 'comms':
    case 'scribe':
      return parseRoleAssignment({ input, role: keyword, index: 1, incident: undefined });
    case 'role':
      return parseRole(input);
    case 'resolve':
      return parseResolve(input);
    case 'reopen':
      return parseReopen(input);
    case 'note':
      return parseNote(input);
    case 'timeline':
      return parseTimeline(input);
    case 'channel':
      return parseChannel(input);
    case 'page':
      return parsePage({ input, context });
    case 'oncall':
      return parseOnCall({ input, context });
    case 'action':
      return parseAction(input);
    case 'actions':
      return parseActions(input);
    case 'postmortem':
      return parsePostmortem(input);
    case 'changes':
      return parseChanges({ input, context });
    case 'report':
      return parseReport({ input, context });
    case 'impact':
      return parseImpact({ input, context });
    case 'publish':
      return parsePublish(input);
    case 'maintenance':
      return parseMaintenance({ input, context });
  }
  const severity = readSeverity({ input, context, index: 0, allowBareNumber: false });
  if (severity !== undefined) return parseSeverityWord({ input, context, severity });
  return refuseUnknownSubcommand(first);
};
