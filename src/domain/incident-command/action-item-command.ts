import { type ActionOptions, OPTION_KEYS, type OptionKey, readOption } from './action-item-options.ts';
import {
  accept,
  code,
  decodeEntities,
  describeNotAPerson,
  type PersonWanted,
  readNamedIncident,
  refuse,
  tokenizeWithLinks,
  USER_MENTION,
  withIncident,
  wordAt,
} from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import type { Input, ParseResult } from './incident-command-types.ts';

const OWNER_WANTED: PersonWanted = {
  onePerson: 'An action’s owner is one person, not',
  aPerson: 'an action’s owner is a person',
};

/**
 * After `action`: `[#42|inc-42]`, then the title's words with, anywhere among them, the owner's mention and the
 * options `due:`, `in:`, `kind:` and `tracker:`, each at most once.
 */
export const parseAction = (typed: Input): ParseResult => {
  // Read again so that a link with a label of several words, `<https://x.y/z|the issue>`, is one word.
  const input = tokenizeWithLinks(typed.text);
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.action, explicitOnly: true });
  if (!named.ok) return named.refusal;
  const title: string[] = [];
  const seen = new Set<OptionKey>();
  let options: ActionOptions = {};
  let index = named.next;
  while (index < input.tokens.length) {
    const word = wordAt(input, index) ?? '';
    const option = /^([a-z]+):(.*)$/i.exec(word);
    const key = OPTION_KEYS.find((candidate) => candidate === option?.[1]?.toLowerCase());
    if (key !== undefined) {
      if (seen.has(key)) return refuse(`Give ${code(`${key}:`)} once.`, COMMAND_USAGE.action);
      seen.add(key);
      const read = readOption({ input, index, key, glued: option?.[2] ?? '', options });
      if ('problem' in read) return refuse(read.problem, read.usage);
      options = read.value;
      index = read.next;
      continue;
    }
    const ownerId = USER_MENTION.exec(word)?.[1];
    if (ownerId !== undefined) {
      if (options.ownerId !== undefined) {
        return refuse(
          'An action has one owner: mention only them, and write anyone else’s name without `@`.',
          COMMAND_USAGE.action,
        );
      }
      options = { ...options, ownerId };
    } else if (/^(<!|@\S)/.test(word)) {
      return refuse(describeNotAPerson({ written: word, wanted: OWNER_WANTED }), COMMAND_USAGE.action);
    } else {
      title.push(decodeEntities(word));
    }
    index += 1;
  }
  if (title.length === 0) return refuse('An action needs a title: what will be done?', COMMAND_USAGE.action);
  return accept({ kind: 'action', title: title.join(' '), ...options, ...withIncident(named.incident) });
};
