import { MAX_MAINTENANCE_MINUTES } from '../maintenance/maintenance-window.ts';
import { checkPublicText } from '../status-page/public-update-rules.ts';
import { suggestClosest } from '../text/edit-distance.ts';
import { readDuration } from '../time/typed-duration.ts';
import { accept, decodeEntities, quote, readRest, refuse, wordAt } from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import { describeServices } from './describe-services.ts';
import type { Input, ParseResult, SubcommandWords } from './incident-command-types.ts';

// The words of a start as `readPlannedTime` reads it (`02:00`, `tomorrow 02:00`, `2026-12-10 02:00`); whether it is
// a valid time, and not past, is read later in the author's zone.
const CLOCK_LIKE = /^\d{1,2}:\d/;
const DAY_LIKE = /^(today|tomorrow|\d{4}-)/i;
const MAX_PUBLIC_TEXT_LENGTH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Read<T> = { ok: true; value: T; next: number } | { ok: false; refusal: ParseResult };

/**
 * The services from word 1 on: `checkout-api,search`, also with spaces after the commas (`checkout-api, search`).
 * Each must be in sitrep.yml (ignoring case); a near miss is refused with a suggestion.
 */
const readServices = ({ input, context }: SubcommandWords): Read<string[]> => {
  let index = 1;
  let written = decodeEntities(wordAt(input, index) ?? '');
  while (written.endsWith(',') && wordAt(input, index + 1) !== undefined) {
    index += 1;
    written += decodeEntities(wordAt(input, index) ?? '');
  }
  const names = written.split(',').filter((name) => name !== '');
  if (names.length === 0) {
    return {
      ok: false,
      refusal: refuse(`Which services? ${describeServices(context.services)}`, COMMAND_USAGE.maintenance),
    };
  }
  const services: string[] = [];
  for (const name of names) {
    const service = context.services.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (service === undefined) {
      const near = suggestClosest(name.toLowerCase(), context.services);
      const hint = near === undefined ? '' : ` Did you mean ${quote(near)}?`;
      const problem = `Unknown service ${quote(name)}.${hint} ${describeServices(context.services)}`;
      return { ok: false, refusal: refuse(problem, COMMAND_USAGE.maintenance) };
    }
    if (!services.includes(service)) services.push(service);
  }
  return { ok: true, value: services, next: index + 1 };
};

/** The start as typed: a clock, or a day (`today`, `tomorrow`, `2026-12-10`) and a clock. */
const readStart = (input: Input, at: number): Read<string> => {
  const word = wordAt(input, at);
  const next = wordAt(input, at + 1);
  if (word !== undefined && DAY_LIKE.test(word) && next !== undefined && CLOCK_LIKE.test(next)) {
    return { ok: true, value: `${word} ${next}`, next: at + 2 };
  }
  if (word !== undefined && CLOCK_LIKE.test(word)) return { ok: true, value: word, next: at + 1 };
  const problem =
    word === undefined
      ? 'When does it start?'
      : `${quote(word)} is not a start: give a time (\`22:00\`), \`tomorrow 02:00\` or a date and time (\`2026-12-10 02:00\`).`;
  return { ok: false, refusal: refuse(problem, COMMAND_USAGE.maintenance) };
};

/** How long, from one minute to a week. */
const readMinutes = (input: Input, at: number): Read<number> => {
  const word = wordAt(input, at);
  const minutes = word === undefined ? undefined : readDuration(word);
  const fail = (problem: string): Read<number> => ({ ok: false, refusal: refuse(problem, COMMAND_USAGE.maintenance) });
  if (word === undefined) return fail('How long will it last? Give a duration after the start, such as `90m`.');
  if (minutes === undefined) return fail(`${quote(word)} is not a duration: write \`90m\`, \`2h\` or \`1h30m\`.`);
  if (minutes < 1) return fail('A maintenance lasts at least a minute.');
  if (minutes > MAX_MAINTENANCE_MINUTES) {
    return fail(`${quote(word)} is too long: a maintenance lasts at most 7 days. Schedule a longer one in parts.`);
  }
  return { ok: true, value: minutes, next: at + 1 };
};

/** After `maintenance cancel`: the window's number (`3`, `#3`) or id. */
const parseCancel = (input: Input): ParseResult => {
  const written = wordAt(input, 2);
  const number = written === undefined ? null : /^#?(\d{1,9})$/.exec(written);
  const usage = COMMAND_USAGE.maintenanceCancel;
  if (readRest(input, 3) !== '') return refuse('Cancel one maintenance at a time.', usage);
  if (number !== null && Number(number[1]) >= 1) {
    return accept({ kind: 'maintenance_cancel', maintenance: { number: Number(number[1]) } });
  }
  if (written !== undefined && UUID.test(written)) {
    return accept({ kind: 'maintenance_cancel', maintenance: { id: written.toLowerCase() } });
  }
  const problem =
    written === undefined
      ? 'Which maintenance? `/incident maintenance list` shows their numbers.'
      : `${quote(written)} is not a maintenance number; \`/incident maintenance list\` shows them.`;
  return refuse(problem, usage);
};

/**
 * After `maintenance`: `list`, `cancel <n|id>`, or `<services> <start> <duration> <public text>`. Services are
 * comma-separated names of sitrep.yml; the start is kept as typed, to be read in the author's zone; the duration is
 * from `1m` to `7d` (`90m`, `2h`, `1h30m`); the rest, which is required, is what the public reads.
 */
export const parseMaintenance = ({ input, context }: SubcommandWords): ParseResult => {
  const first = wordAt(input, 1)?.toLowerCase();
  if (first === 'list') {
    return readRest(input, 2) === ''
      ? accept({ kind: 'maintenance_list' })
      : refuse('Listing takes nothing after the word.', COMMAND_USAGE.maintenanceList);
  }
  if (first === 'cancel') return parseCancel(input);
  const services = readServices({ input, context });
  if (!services.ok) return services.refusal;
  const start = readStart(input, services.next);
  if (!start.ok) return start.refusal;
  const minutes = readMinutes(input, start.next);
  if (!minutes.ok) return minutes.refusal;
  const publicText = readRest(input, minutes.next);
  if (publicText === '') {
    return refuse('What should people read about it? Add a sentence after the duration.', COMMAND_USAGE.maintenance);
  }
  if (Array.from(publicText).length > MAX_PUBLIC_TEXT_LENGTH) {
    return refuse(`Keep the public text under ${MAX_PUBLIC_TEXT_LENGTH} characters.`, COMMAND_USAGE.maintenance);
  }
  // The status page shows it: a mention would put a person's or a channel's Slack id there.
  const unfit = checkPublicText({ text: publicText, what: 'public text', max: MAX_PUBLIC_TEXT_LENGTH });
  if (unfit !== undefined) return refuse(unfit, COMMAND_USAGE.maintenance);
  return accept({
    kind: 'maintenance',
    services: services.value,
    start: start.value,
    minutes: minutes.value,
    publicText,
  });
};
