import { IMPACT_ACTIONS, type ImpactAction } from '../impact/impact-window.ts';
import type { IncidentStatus, RoleKind, Severity } from '../incident/incident.ts';
import { INCIDENT_STATUSES, ROLE_KINDS } from '../incident/incident.ts';
import type { ActionKindName } from '../postmortem/postmortem-model.ts';
import { suggestClosest } from '../text/edit-distance.ts';
import { ACTION_USAGE, parseActionCommand } from './action-item-command.ts';
import {
  accept,
  checkIncidentRef,
  clampMessage,
  code,
  decodeEntities,
  describeNotAPerson,
  type Input,
  listWords,
  type PersonWanted,
  quote,
  readIncidentRef,
  readRest,
  refuse,
  tokenize,
  USER_MENTION,
  type Usage,
  withIncident,
  wordAt,
} from './command-text.ts';

/** What the parser needs from the team's configuration. */
export type CommandContext = { severities: Severity[]; defaultSeverity: number; services: string[] };

/** What `/incident <text>` asks for; `incident` is the number of the incident named in the command, if any. */
export type TIncidentCommand =
  | { kind: 'open_modal' }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'declare'; severity: number; services: string[]; title: string }
  | { kind: 'status'; status: Exclude<IncidentStatus, 'resolved'>; message?: string; incident?: number }
  | { kind: 'severity'; severity: number; incident?: number }
  | { kind: 'role'; role: RoleKind; userId: string; incident?: number }
  | { kind: 'resolve'; message?: string; incident?: number }
  | { kind: 'reopen'; reason: string; incident?: number }
  /** `text` may start with a time (`14:05 …`), read later in the author's time zone. */
  | { kind: 'note'; text: string; incident?: number }
  | { kind: 'timeline'; incident?: number }
  /** Draft the postmortem again, as a new version. */
  | { kind: 'postmortem'; incident?: number }
  /** `time` as typed (`13:58`, `yesterday 23:50`, `2026-11-20 23:50`), read later in the author's time zone. */
  | { kind: 'impact'; action: ImpactAction; time?: string; services: string[]; incident?: number }
  | { kind: 'changes'; service?: string; minutes: number }
  /** `period` as typed (`2026-10`, `2026-Q4`), read later in the team's time zone. */
  | { kind: 'report'; service?: string; period?: string }
  /** `due` as typed; the date's validity against today and the calendar is checked by the caller in the owner's zone. */
  | {
      kind: 'action';
      title: string;
      ownerId?: string;
      due?: { kind: 'date'; date: string } | { kind: 'business_days'; count: number };
      actionKind?: ActionKindName;
      trackerUrl?: string;
      incident?: number;
    }
  | { kind: 'actions'; scope?: 'mine' | 'overdue' | 'all'; incident?: number }
  | { kind: 'postmortem_complete'; incident?: number };

export type ParseResult = { ok: true; command: TIncidentCommand } | { ok: false; message: string };

// Forms are plain text here and escaped for mrkdwn where they are shown.
const USAGE = {
  declare: {
    form: '/incident declare [severity] [service:] <title>',
    example: '/incident declare sev2 checkout-api: Card payments time out',
  },
  status: {
    form: '/incident status [#42] investigating|identified|monitoring|resolved [message]',
    example: '/incident status monitoring Rolled back to v1.4.1',
  },
  severity: { form: '/incident sev [#42] <severity>', example: '/incident sev 1' },
  role: { form: '/incident lead|comms|scribe [#42] @person', example: '/incident lead @alice' },
  resolve: { form: '/incident resolve [#42] [message]', example: '/incident resolve Fixed by rollback' },
  reopen: { form: '/incident reopen [#42] <reason>', example: '/incident reopen Errors are back' },
  list: { form: '/incident list', example: '/incident list' },
  note: { form: '/incident note [#42] [14:05] <text>', example: '/incident note 14:05 Alert fired for 5xx' },
  timeline: { form: '/incident timeline [#42]', example: '/incident timeline' },
  impact: {
    form: '/incident impact outage|degraded|end [time] [service…] [#42]',
    example: '/incident impact degraded 14:10 checkout-api',
  },
  changes: { form: '/incident changes [service] [2h|90m]', example: '/incident changes checkout-api 2h' },
  report: { form: '/incident report [service] [2026-10|2026-Q4]', example: '/incident report checkout-api 2026-10' },
  ...ACTION_USAGE,
} satisfies Record<string, Usage>;

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
  'postmortem',
  'action',
  'actions',
  'changes',
  'report',
  'impact',
  'help',
] as const;

const MAX_SERVICES_LISTED = 15;

type SeverityRead =
  | { kind: 'level'; level: number; next: number }
  | { kind: 'unknown'; written: string; next: number }
  | undefined;

/**
 * Reads a severity at `index`: a configured name (case-insensitive, possibly several words), `sev1`, `sev-1`,
 * `sev 1`, or with `allowBareNumber` a plain `1`. A `sev<level>` with no such level configured is `unknown`. A colon
 * right after the severity is not part of it (`declare sev1: Checkout is down`).
 */
const readSeverity = ({
  input,
  context,
  index,
  allowBareNumber,
}: {
  input: Input;
  context: CommandContext;
  index: number;
  allowBareNumber: boolean;
}): SeverityRead => {
  const wordsFrom = (count: number) =>
    input.tokens
      .slice(index, index + count)
      .map((token) => decodeEntities(token.word).toLowerCase())
      .join(' ');
  const named = context.severities
    .map((severity) => ({ severity, words: severity.name.toLowerCase().trim().split(/\s+/) }))
    .sort((a, b) => b.words.length - a.words.length)
    .find(({ words }) => {
      const written = wordsFrom(words.length);
      const name = words.join(' ');
      return written === name || written === `${name}:`;
    });
  if (named !== undefined) return { kind: 'level', level: named.severity.level, next: index + named.words.length };

  const first = wordAt(input, index) ?? '';
  const second = wordAt(input, index + 1) ?? '';
  const joined = /^sev-?(\d+):?$/i.exec(first)?.[1];
  const split = /^sev$/i.test(first) ? /^(\d+):?$/.exec(second)?.[1] : undefined;
  const bare = allowBareNumber ? /^(\d+):?$/.exec(first)?.[1] : undefined;
  const digits = joined ?? split ?? bare;
  if (digits === undefined) return undefined;
  const next = index + (split === undefined ? 1 : 2);
  const level = digits.length <= 3 ? Number(digits) : Number.NaN;
  return context.severities.some((severity) => severity.level === level)
    ? { kind: 'level', level, next }
    : { kind: 'unknown', written: split === undefined ? first : `${first} ${second}`, next };
};

const describeSeverities = (context: CommandContext): string => {
  if (context.severities.length === 0) return 'No severities are configured in sitrep.yml.';
  const names = [...context.severities]
    .sort((a, b) => a.level - b.level)
    .map((severity) => `${quote(severity.name)} (level ${severity.level})`);
  return `The severities are ${listWords(names)}; \`sev<level>\` works too.`;
};

const refuseUnknownSeverity = ({
  written,
  context,
  usage,
}: {
  written: string;
  context: CommandContext;
  usage: Usage;
}): ParseResult => refuse(`Unknown severity ${quote(written)}. ${describeSeverities(context)}`, usage);

const describeServices = (services: string[]): string => {
  if (services.length === 0) return 'No services are configured in sitrep.yml.';
  const shown = services.slice(0, MAX_SERVICES_LISTED).map(quote);
  const more = services.length > MAX_SERVICES_LISTED ? ` and ${services.length - MAX_SERVICES_LISTED} more` : '';
  return `Known services: ${shown.join(', ')}${more}.`;
};

const SERVICE_LIKE = /^[a-z0-9][a-z0-9_.-]{0,59}$/i;

type ServicePrefix = { kind: 'services'; services: string[]; title: string } | { kind: 'refused'; result: ParseResult };

/**
 * A `name:` or `a, b:` prefix of a title names services when every name is configured. A name that is a near miss
 * of a configured one (one edit for names under six characters, two otherwise) is refused, as is an unknown name
 * listed with known ones; anything else is part of the title.
 */
const readServicePrefix = (text: string, context: CommandContext): ServicePrefix | undefined => {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const names = text
    .slice(0, colon)
    .split(',')
    .map((name) => name.trim());
  if (!names.every((name) => SERVICE_LIKE.test(name))) return undefined;
  const matches = names.map((name) => ({
    name,
    known: context.services.find((service) => service.toLowerCase() === name.toLowerCase()),
    near: suggestClosest(name, context.services, name.length < 6 ? 1 : 2),
  }));
  const near = matches.find((match) => match.known === undefined && match.near !== undefined);
  if (near?.near !== undefined) {
    const problem = `Unknown service ${quote(near.name)}. Did you mean ${quote(near.near)}? ${describeServices(context.services)}`;
    return { kind: 'refused', result: refuse(problem, USAGE.declare) };
  }
  const unknown = matches.find((match) => match.known === undefined);
  const anyKnown = matches.some((match) => match.known !== undefined);
  if (unknown !== undefined && anyKnown) {
    const problem = `Unknown service ${quote(unknown.name)}. ${describeServices(context.services)}`;
    return { kind: 'refused', result: refuse(problem, USAGE.declare) };
  }
  if (unknown !== undefined) return undefined;
  const services = [...new Set(matches.flatMap((match) => (match.known === undefined ? [] : [match.known])))];
  return { kind: 'services', services, title: text.slice(colon + 1).trim() };
};

const parseDeclare = (input: Input, context: CommandContext): ParseResult => {
  const severity = readSeverity({ input, context, index: 1, allowBareNumber: false });
  if (severity?.kind === 'unknown') {
    return refuseUnknownSeverity({ written: severity.written, context, usage: USAGE.declare });
  }
  const level = severity?.kind === 'level' ? severity.level : context.defaultSeverity;
  const rest = readRest(input, severity?.next ?? 1);
  const prefix = readServicePrefix(rest, context);
  if (prefix?.kind === 'refused') return prefix.result;
  const services = prefix?.services ?? [];
  const title = prefix?.title ?? rest;
  if (title === '') {
    const after = services.length > 0 ? ' after the services' : '';
    return refuse(`An incident needs a title${after}: a few words on what is wrong.`, USAGE.declare);
  }
  return accept({ kind: 'declare', severity: level, services, title });
};

const parseStatus = (input: Input): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const badRef = checkIncidentRef(ref, USAGE.status);
  if (badRef !== undefined) return badRef;
  const index = ref === undefined ? 1 : 2;
  const incident = ref?.number;
  const written = wordAt(input, index);
  if (written === undefined) {
    return refuse('Which status? Give investigating, identified, monitoring or resolved.', USAGE.status);
  }
  // `status identified: cause found` reads naturally; the colon is not part of the status.
  const word = written.toLowerCase().replace(/:$/, '');
  const status = INCIDENT_STATUSES.find((candidate) => candidate === word);
  if (status === undefined) {
    const near = suggestClosest(word, INCIDENT_STATUSES);
    const hint = near === undefined ? '' : ` Did you mean ${code(near)}?`;
    return refuse(
      `Unknown status ${quote(written)}.${hint} The statuses are investigating, identified, monitoring and resolved.`,
      USAGE.status,
    );
  }
  const message = readRest(input, index + 1);
  const optional = { ...(message === '' ? {} : { message }), ...withIncident(incident) };
  return status === 'resolved'
    ? accept({ kind: 'resolve', ...optional })
    : accept({ kind: 'status', status, ...optional });
};

/** After `sev`/`severity`: `[#42|inc-42] <severity>`, or `42 <severity>`; a lone `42` is a severity. */
const parseSeverity = (input: Input, context: CommandContext): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const namesIncident =
    ref !== undefined &&
    (ref.explicit || readSeverity({ input, context, index: 2, allowBareNumber: true }) !== undefined);
  const badRef = namesIncident ? checkIncidentRef(ref, USAGE.severity) : undefined;
  if (badRef !== undefined) return badRef;
  const incident = namesIncident ? ref?.number : undefined;
  const index = namesIncident ? 2 : 1;
  const severity = readSeverity({ input, context, index, allowBareNumber: true });
  if (severity === undefined) {
    const written = wordAt(input, index);
    if (written === undefined) return refuse(`Which severity? ${describeSeverities(context)}`, USAGE.severity);
    const near = suggestClosest(
      decodeEntities(written),
      context.severities.map((candidate) => candidate.name),
    );
    const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
    return refuse(`${quote(written)} is not a severity.${hint} ${describeSeverities(context)}`, USAGE.severity);
  }
  if (severity.kind === 'unknown') {
    return refuseUnknownSeverity({ written: severity.written, context, usage: USAGE.severity });
  }
  return finishSeverity({ input, level: severity.level, next: severity.next, incident });
};

/** `sev1`, `sev-1` or a configured name as the first word, then optionally `#42`, `inc-42` or `42`. */
const parseSeverityWord = ({
  input,
  context,
  severity,
}: {
  input: Input;
  context: CommandContext;
  severity: NonNullable<SeverityRead>;
}): ParseResult => {
  if (severity.kind === 'unknown') {
    return refuseUnknownSeverity({ written: severity.written, context, usage: USAGE.severity });
  }
  const ref = readIncidentRef(wordAt(input, severity.next));
  const badRef = checkIncidentRef(ref, USAGE.severity);
  if (badRef !== undefined) return badRef;
  return finishSeverity({
    input,
    level: severity.level,
    next: ref === undefined ? severity.next : severity.next + 1,
    incident: ref?.number,
  });
};

const finishSeverity = ({
  input,
  level,
  next,
  incident,
}: {
  input: Input;
  level: number;
  next: number;
  incident: number | undefined;
}): ParseResult => {
  const extra = wordAt(input, next);
  if (extra !== undefined) {
    return refuse(
      `Changing the severity takes only the severity, and the incident number when you are outside its channel; I don't know what to do with ${quote(readRest(input, next))}.`,
      USAGE.severity,
    );
  }
  return accept({ kind: 'severity', severity: level, ...withIncident(incident) });
};

const ROLE_WANTED: PersonWanted = {
  onePerson: 'A role goes to one person, not to',
  aPerson: 'a role goes to a person',
};

/** After a role word: `[#42|inc-42|42] <@U…>` (the incident only when not given before the role word). */
const parseRoleAssignment = ({
  input,
  role,
  index,
  incident,
}: {
  input: Input;
  role: RoleKind;
  index: number;
  incident: number | undefined;
}): ParseResult => {
  const ref = incident === undefined ? readIncidentRef(wordAt(input, index)) : undefined;
  const badRef = checkIncidentRef(ref, USAGE.role);
  if (badRef !== undefined) return badRef;
  const at = ref === undefined ? index : index + 1;
  const written = wordAt(input, at);
  if (written === undefined) {
    return refuse(`Who should take the ${role} role? Mention them with \`@\`.`, USAGE.role);
  }
  const userId = USER_MENTION.exec(written)?.[1];
  if (userId === undefined) return refuse(describeNotAPerson({ written, wanted: ROLE_WANTED }), USAGE.role);
  const extra = wordAt(input, at + 1);
  if (extra !== undefined) {
    const problem = USER_MENTION.test(extra)
      ? `A role goes to one person; give the ${role} role to one of them.`
      : `Giving a role takes only the person; I don't know what to do with ${quote(readRest(input, at + 1))}.`;
    return refuse(problem, USAGE.role);
  }
  return accept({ kind: 'role', role, userId, ...withIncident(incident ?? ref?.number) });
};

/** After `role`: `[#42|inc-42|42] <lead|comms|scribe> …`. */
const parseRole = (input: Input): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const badRef = checkIncidentRef(ref, USAGE.role);
  if (badRef !== undefined) return badRef;
  const index = ref === undefined ? 1 : 2;
  const written = wordAt(input, index);
  const role = ROLE_KINDS.find((candidate) => candidate === written?.toLowerCase());
  if (role === undefined) {
    const near = written === undefined ? undefined : suggestClosest(written, ROLE_KINDS);
    const problem =
      written === undefined
        ? 'Which role?'
        : `Unknown role ${quote(written)}.${near === undefined ? '' : ` Did you mean ${code(near)}?`}`;
    return refuse(`${problem} The roles are lead, comms and scribe.`, USAGE.role);
  }
  return parseRoleAssignment({ input, role, index: index + 1, incident: ref?.number });
};

const parseResolve = (input: Input): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const badRef = checkIncidentRef(ref, USAGE.resolve);
  if (badRef !== undefined) return badRef;
  const message = readRest(input, ref === undefined ? 1 : 2);
  return accept({ kind: 'resolve', ...(message === '' ? {} : { message }), ...withIncident(ref?.number) });
};

const parseReopen = (input: Input): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const badRef = checkIncidentRef(ref, USAGE.reopen);
  if (badRef !== undefined) return badRef;
  const reason = readRest(input, ref === undefined ? 1 : 2);
  if (reason === '') return refuse('Reopening needs a reason: what shows the incident is not over?', USAGE.reopen);
  return accept({ kind: 'reopen', reason, ...withIncident(ref?.number) });
};

/** After `note`: `[#42|inc-42] <text>`; a bare number is the start of the note (`note 3 pods restarted`). */
const parseNote = (input: Input): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const named = ref?.explicit === true ? ref : undefined;
  const badRef = checkIncidentRef(named, USAGE.note);
  if (badRef !== undefined) return badRef;
  const text = readRest(input, named === undefined ? 1 : 2);
  if (text === '') return refuse('A note needs some text: what happened?', USAGE.note);
  return accept({ kind: 'note', text, ...withIncident(named?.number) });
};

const parseTimeline = (input: Input): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const badRef = checkIncidentRef(ref, USAGE.timeline);
  if (badRef !== undefined) return badRef;
  const extra = wordAt(input, ref === undefined ? 1 : 2);
  if (extra !== undefined) {
    return refuse(
      `The timeline takes only the incident number, when you are outside its channel; I don't know what to do with ${quote(readRest(input, ref === undefined ? 1 : 2))}.`,
      USAGE.timeline,
    );
  }
  return accept({ kind: 'timeline', ...withIncident(ref?.number) });
};

const DEFAULT_CHANGES_MINUTES = 120;
const MAX_CHANGES_MINUTES = 14 * 24 * 60;

/** After `changes`: an optional service and an optional window (`2h`, `90m`, `1d`), in either order. */
const parseChanges = (input: Input, context: CommandContext): ParseResult => {
  let service: string | undefined;
  let minutes: number | undefined;
  for (const token of input.tokens.slice(1)) {
    const word = decodeEntities(token.word);
    const window = /^(\d{1,4})(m|min|h|d)$/i.exec(word);
    if (window && minutes === undefined) {
      const amount = Number(window[1]);
      const unit = (window[2] ?? 'm').toLowerCase();
      minutes = amount * (unit === 'd' ? 1440 : unit === 'h' ? 60 : 1);
      if (minutes < 1 || minutes > MAX_CHANGES_MINUTES) {
        return refuse(`${quote(word)} is outside what I can list: from 1 minute to 14 days.`, USAGE.changes);
      }
      continue;
    }
    const known = context.services.find((candidate) => candidate.toLowerCase() === word.toLowerCase());
    if (known !== undefined && service === undefined) {
      service = known;
      continue;
    }
    const near = suggestClosest(word, context.services);
    const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
    return refuse(`I don't know ${quote(word)} here.${hint} ${describeServices(context.services)}`, USAGE.changes);
  }
  return accept({
    kind: 'changes',
    ...(service === undefined ? {} : { service }),
    minutes: minutes ?? DEFAULT_CHANGES_MINUTES,
  });
};

/** A word that starts like a year is meant as a period; whether it is one is read with the team's zone. */
const PERIOD_LIKE = /^\d{4}/;

/** After `report`: an optional service and an optional period (`2026-10`, `2026-Q4`), in either order. */
const parseReport = (input: Input, context: CommandContext): ParseResult => {
  let service: string | undefined;
  let period: string | undefined;
  for (const token of input.tokens.slice(1)) {
    const word = decodeEntities(token.word);
    const known = context.services.find((candidate) => candidate.toLowerCase() === word.toLowerCase());
    if (known !== undefined) {
      if (service !== undefined) {
        return refuse('A report covers one service, or every service when you name none.', USAGE.report);
      }
      service = known;
      continue;
    }
    if (PERIOD_LIKE.test(word)) {
      if (period !== undefined) return refuse('A report covers one month or one quarter.', USAGE.report);
      period = word;
      continue;
    }
    const near = suggestClosest(word, context.services);
    const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
    return refuse(
      `I don't know ${quote(word)} here.${hint} ${describeServices(context.services)} A period is a month as \`2026-10\` or a quarter as \`2026-Q4\`.`,
      USAGE.report,
    );
  }
  return accept({
    kind: 'report',
    ...(service === undefined ? {} : { service }),
    ...(period === undefined ? {} : { period }),
  });
};

// The words of a time as notes read it (`14:05`, `yesterday 14:05`, `2026-11-20 14:05`); whether it is a valid time
// is read later, in the author's zone.
const CLOCK_LIKE = /^\d{1,2}:\d/;
const DAY_LIKE = /^(yesterday$|\d{4}-)/i;

/**
 * After `impact`: `[#42|inc-42|42] outage|degraded|end`, then in any order an optional time, services of sitrep.yml
 * (a trailing comma is allowed) and `#42`/`inc-42`.
 */
const parseImpact = (input: Input, context: CommandContext): ParseResult => {
  const ref = readIncidentRef(wordAt(input, 1));
  const badRef = checkIncidentRef(ref, USAGE.impact);
  if (badRef !== undefined) return badRef;
  let incident = ref?.number;
  const at = ref === undefined ? 1 : 2;
  const written = wordAt(input, at);
  const action = IMPACT_ACTIONS.find((candidate) => candidate === written?.toLowerCase());
  if (action === undefined) {
    const near = written === undefined ? undefined : suggestClosest(written.toLowerCase(), IMPACT_ACTIONS);
    const problem =
      written === undefined
        ? 'Which impact?'
        : `Unknown impact ${quote(written)}.${near === undefined ? '' : ` Did you mean ${code(near)}?`}`;
    return refuse(`${problem} Say \`outage\` or \`degraded\` to start a window, \`end\` to close it.`, USAGE.impact);
  }
  let time: string | undefined;
  const services: string[] = [];
  for (let index = at + 1; index < input.tokens.length; index += 1) {
    const word = decodeEntities(wordAt(input, index) ?? '');
    if (CLOCK_LIKE.test(word) || DAY_LIKE.test(word)) {
      if (time !== undefined) return refuse('Give one time: when the impact started, or ended.', USAGE.impact);
      const next = wordAt(input, index + 1);
      const twoWords = DAY_LIKE.test(word) && next !== undefined && CLOCK_LIKE.test(next);
      time = twoWords ? `${word} ${next}` : word;
      if (twoWords) index += 1;
      continue;
    }
    const named = readIncidentRef(word);
    if (named?.explicit === true) {
      const badNamed = checkIncidentRef(named, USAGE.impact);
      if (badNamed !== undefined) return badNamed;
      if (incident !== undefined) return refuse('Name the incident once.', USAGE.impact);
      incident = named.number;
      continue;
    }
    const service = context.services.find(
      (candidate) => candidate.toLowerCase() === word.replace(/,$/, '').toLowerCase(),
    );
    if (service !== undefined) {
      if (!services.includes(service)) services.push(service);
      continue;
    }
    if (named !== undefined) {
      return refuse(`${quote(word)} is not a service; to name incident ${word}, write \`#${word}\`.`, USAGE.impact);
    }
    const near = suggestClosest(word, context.services);
    const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
    return refuse(`Unknown service ${quote(word)}.${hint} ${describeServices(context.services)}`, USAGE.impact);
  }
  return accept({
    kind: 'impact',
    action,
    services,
    ...(time === undefined ? {} : { time }),
    ...withIncident(incident),
  });
};

const SHORT_HELP = [
  '*Commands*',
  ...[USAGE.declare, USAGE.status, USAGE.severity, USAGE.role, USAGE.resolve, USAGE.reopen, USAGE.note].map(
    ({ form }) => code(form),
  ),
  code(USAGE.action.form),
  `${code('/incident actions')} · ${code('/incident list')} · ${code('/incident help')}`,
  `For example ${code('/incident declare sev1 Checkout is down')}.`,
].join('\n');

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
 *   number starts the note. `timeline [#42|inc-42|42]`.
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
        : refuse('Listing takes nothing after the word; it shows every open incident.', USAGE.list);
    case 'declare':
      return parseDeclare(input, context);
    case 'status':
      return parseStatus(input);
    case 'sev':
    case 'severity':
      return parseSeverity(input, context);
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
    case 'action':
    case 'actions':
    case 'postmortem':
      return parseActionCommand({ input, keyword });
    case 'changes':
      return parseChanges(input, context);
    case 'report':
      return parseReport(input, context);
    case 'impact':
      return parseImpact(input, context);
  }
  const severity = readSeverity({ input, context, index: 0, allowBareNumber: false });
  if (severity !== undefined) return parseSeverityWord({ input, context, severity });
  return refuseUnknownSubcommand(first);
};

const HELP_LINES: [string, string][] = [
  ['/incident', 'opens the form to declare an incident.'],
  [
    USAGE.declare.form,
    'declares an incident. The severity defaults to the team’s; a `service:` prefix (or `a, b:`) names the affected services.',
  ],
  ['/incident declare Checkout is failing', ''],
  ['/incident declare sev1 Checkout is down', ''],
  [USAGE.declare.example, ''],
  [
    '/incident status investigating|identified|monitoring|resolved [message]',
    'posts a status update; `resolved` resolves the incident.',
  ],
  ['/incident status identified', ''],
  [USAGE.status.example, ''],
  ['/incident sev <severity>', 'changes the severity; `sev1`, `severity 1` and `severity sev1` work too.'],
  ['/incident sev 1', ''],
  ['/incident severity 1', ''],
  ['/incident sev1', ''],
  [
    '/incident lead|comms|scribe @person',
    'gives a role to someone (also `role comms @person`); pick them from Slack’s list as you type `@`.',
  ],
  ['/incident lead @alice', ''],
  ['/incident role comms @bob', ''],
  [
    '/incident resolve [message]',
    'resolves the incident; it asks you first to close open impact windows, or whether customers were affected when none was recorded.',
  ],
  [USAGE.resolve.example, ''],
  ['/incident reopen <reason>', 'reopens a resolved incident; say why.'],
  [USAGE.reopen.example, ''],
  [
    USAGE.note.form,
    'adds a note to the timeline; start it with a time (`14:05`, `yesterday 23:50`, `2026-11-20 23:50`, in your Slack time zone) when it happened earlier.',
  ],
  ['/incident note Rolled back the canary', ''],
  [USAGE.note.example, ''],
  ['/incident timeline [#42]', 'shows the timeline, in your time zone.'],
  ['/incident timeline', ''],
  [
    USAGE.postmortem.form,
    'drafts the postmortem again from what sitrep recorded, as a new version (earlier versions stay as they are); it is posted in the incident channel as a canvas and a Markdown file. sitrep drafts it by itself when the incident is resolved.',
  ],
  [USAGE.postmortem.example, ''],
  [
    USAGE.postmortemComplete.form,
    'marks the postmortem complete, once the team has reviewed it and recorded its actions.',
  ],
  [USAGE.postmortemComplete.example, ''],
  [
    USAGE.action.form,
    'adds a follow-up action (a step to avoid recurrence) to the incident; mention its owner. It is due on the `due:` day, in the owner’s time zone, or in `in:` business days, or else in the team’s usual number of business days. `kind:` says what it is (fix, test, alarm, doc or visibility); `tracker:` links its issue.',
  ],
  [USAGE.action.example, ''],
  ['/incident action Write the failover runbook @alice in:5bd kind:doc', ''],
  ['/incident action #42 Retry card payments once on timeout @bob tracker:https://tracker.example.com/PAY-7', ''],
  [
    USAGE.actions.form,
    'lists action items: the incident’s, or `mine` (yours), `overdue` (past their due date) or `all`.',
  ],
  ['/incident actions', ''],
  ['/incident actions mine', ''],
  [USAGE.actions.example, ''],
  [
    USAGE.impact.form,
    'records when customers were affected: `outage` or `degraded` starts a window for the incident’s services (or those you name), `end` closes it. The time reads like a note’s, in your Slack time zone; now if you give none.',
  ],
  ['/incident impact outage 13:58', ''],
  [USAGE.impact.example, ''],
  ['/incident impact end 14:31', ''],
  [USAGE.changes.form, 'lists recent deploys (the last 2 hours unless you say), of one service or all.'],
  [USAGE.changes.example, ''],
  [
    USAGE.report.form,
    'shows availability against the SLA, downtime, incidents, time to detect, mitigate and resolve, deploys and change failure rate, of one service or all, for a month or a quarter (each service’s current SLA window unless you say).',
  ],
  ['/incident report', ''],
  [USAGE.report.example, ''],
  ['/incident list', 'lists the open incidents.'],
  ['/incident help', 'shows this help.'],
];

/**
 * What `/incident help` shows (mrkdwn): every form the parser reads, with a one-line explanation and examples.
 * Every `/incident …` code span without `<`, `[` or `|` in it is an example line that parses.
 */
export const INCIDENT_HELP: string = [
  '*Incident commands*',
  ...HELP_LINES.map(([form, explanation]) =>
    explanation === '' ? `    e.g. ${code(form)}` : `${code(form)} ${explanation}`,
  ),
  `*Outside the incident’s channel*, name the incident right after the word, as \`#42\`, \`inc-42\` or \`42\`: ${code('/incident status 42 resolved')}, ${code('/incident resolve #42 Fixed by rollback')}, ${code('/incident lead inc-42 @alice')}. For the severity write ${code('/incident sev #42 1')}, since ${code('/incident sev 1')} means severity 1; a note or an action takes \`#42\` or \`inc-42\`, since a bare number starts its text.`,
].join('\n');
