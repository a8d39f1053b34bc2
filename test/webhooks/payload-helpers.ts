import fc from 'fast-check';
import { expect } from 'vitest';
import type { ParsedDeploy } from '../../src/domain/deploys/deploy.ts';
import { parseTeamConfig } from '../../src/domain/team-config/team-config.ts';
import type { DeployOutcome, PayloadResult } from '../../src/webhooks/payload-result.ts';
import { readFixture } from './webhook-requests.ts';

/** A sender's example payload, decoded. */
export const payloadFixture = (name: string): unknown => JSON.parse(readFixture(name));

const team = parseTeamConfig({
  services: [
    { name: 'checkout-api', repositories: ['acme/checkout-api', 'acme/payment-gateway'] },
    { name: 'search', repositories: ['acme/search/indexer', 'acme/search/query-api'] },
    { name: 'billing' },
  ],
});
if (!team.ok) throw new Error(team.errors.join('\n'));
export const { services } = team.config;

export const RECEIVED_AT = new Date('2026-11-20T13:00:00.000Z');

/** A copy of `value` with `replacement` at `path` (`undefined` removes the key); the original is left alone. */
export const withValue = (value: unknown, path: readonly (string | number)[], replacement: unknown): unknown => {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value)) {
    return value.map((item, index) => (index === head ? withValue(item, rest, replacement) : item));
  }
  const record: Record<string, unknown> = typeof value === 'object' && value !== null ? { ...value } : {};
  const key = String(head);
  const next = withValue(record[key], rest, replacement);
  if (next === undefined) delete record[key];
  else record[key] = next;
  return record;
};

export const payloadOf = <T>(result: PayloadResult<T>): T => {
  if (!result.ok) throw new Error(`expected a payload, got issues ${JSON.stringify(result.issues)}`);
  return result.value;
};

export const deployOf = (result: PayloadResult<DeployOutcome>): ParsedDeploy => {
  const outcome = payloadOf(result);
  if (outcome.kind !== 'deploy') throw new Error(`expected a deploy, got ignored: ${outcome.reason}`);
  return outcome.deploy;
};

/** Each issue as `path: message`, so a table row reads as what a sender would be told. */
export const issuesOf = <T>(result: PayloadResult<T>): string[] => {
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.value)}`);
  return result.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

type Parse = (payload: unknown) => PayloadResult<unknown>;

/** A parser answers any JSON value with a result, never an exception. */
export const expectAnyJsonAnswered = (parse: Parse): void => {
  fc.assert(
    fc.property(fc.jsonValue(), (payload) => {
      expect(typeof parse(payload).ok).toBe('boolean');
    }),
  );
};

/** Every path to a value in `value`, so a property can replace any one of them. */
const pathsOf = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
};

/** A parser answers a real payload with any one value replaced by any JSON value, never an exception. */
export const expectAnyReplacementAnswered = ({ payload, parse }: { payload: unknown; parse: Parse }): void => {
  fc.assert(
    fc.property(fc.constantFrom(...pathsOf(payload)), fc.jsonValue(), (path, replacement) => {
      expect(typeof parse(withValue(payload, path, replacement)).ok).toBe('boolean');
    }),
  );
};
