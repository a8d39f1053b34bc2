import { expect } from 'vitest';
import type { Severity } from '../../../src/domain/incident/incident.ts';
import {
  type CommandContext,
  type ParseResult,
  parseIncidentCommand,
  type TIncidentCommand,
} from '../../../src/domain/incident-command/incident-command.ts';

// What the tests of `/incident` share: a team's configuration, the parser reading with it, and text as Slack sends it.

const severities: Severity[] = [1, 2, 3, 4].map((level) => ({
  level,
  name: `SEV${level}`,
  description: `Severity ${level}`,
}));
export const context: CommandContext = {
  severities,
  defaultSeverity: 3,
  services: ['checkout-api', 'payments', 'search'],
};

/** `text` is what Slack sends for `/incident <text>`: the words after the command. */
export const parse = (text: string): ParseResult => parseIncidentCommand(text, context);

export const parseOk = (text: string): TIncidentCommand => {
  const result = parse(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.message}`);
  return result.command;
};

export const parseRefusal = (text: string): string => {
  const result = parse(text);
  if (result.ok)
    throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${JSON.stringify(result.command)}`);
  return result.message;
};

/** What Slack does to text people type: `&`, `<` and `>` arrive as entities. */
export const escapeLikeSlack = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack sends a picked `@alice` as `<@U…|alice>` when the command escapes users. */
export const mentionLikeSlack = (text: string): string =>
  text.replace(
    /(^|\s)@([a-z][\w.-]*)/gi,
    (_, before: string, name: string) => `${before}<@U0${name.toUpperCase()}|${name}>`,
  );

export const ALICE = '<@U123|alice>';
export const BOB = '<@U456|bob>';

export const WHITESPACE = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\u0085', ' \t\u00a0 '];

export const SEVERITY_LIST =
  'The severities are `SEV1` (level 1), `SEV2` (level 2), `SEV3` (level 3) and `SEV4` (level 4); `sev<level>` works too.';
export const notAnIncident = (written: string) =>
  `\`${written}\` is not an incident number: incident numbers are whole numbers from 1`;

/** A command, or a message a person can read: not blank, under 1,500 characters, well formed when the text was. */
export const expectReadableResult = (text: string, result: ParseResult) => {
  if (result.ok) {
    expect(result.command.kind).toBeTypeOf('string');
    return;
  }
  expect(result.message.trim().length).toBeGreaterThan(0);
  expect(result.message.length).toBeLessThan(1500);
  if (text.isWellFormed()) expect(result.message.isWellFormed()).toBe(true);
};
