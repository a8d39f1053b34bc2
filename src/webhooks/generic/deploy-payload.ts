import { z } from 'zod';
import { DEPLOY_LAYERS, DEPLOY_STATUSES, type ParsedDeploy } from '../../domain/deploys/deploy.ts';
import { blankToNull, cutShort, ZInstant } from '../payload-fields.ts';
import { type PayloadResult, toPayloadResult } from '../payload-result.ts';

const boundedText = (max: number) => z.string().trim().min(1).max(max);

/** How many unknown keys a refusal quotes, and how much of each: a sender's key may be 1 MB long, or one of 100,000. */
const QUOTED_KEYS = 5;
const QUOTED_KEY_CHARS = 40;

/** zod's own message quotes every unknown key whole; this one quotes a few, each cut short. */
const describeUnknownKeys = (keys: readonly string[]): string => {
  const quoted = keys
    .slice(0, QUOTED_KEYS)
    .map((key) => `"${key.length > QUOTED_KEY_CHARS ? `${cutShort({ text: key, max: QUOTED_KEY_CHARS })}…` : key}"`);
  const more = keys.length > QUOTED_KEYS ? ` and ${keys.length - QUOTED_KEYS} more` : '';
  return `Unrecognized key${keys.length === 1 ? '' : 's'}: ${quoted.join(', ')}${more}`;
};

/**
 * sitrep's own deploy body, for any pipeline that can sign a POST. Strict: a misspelt optional key (`descripton`)
 * is an error rather than a value silently dropped.
 */
export const ZGenericDeploy = z.strictObject(
  {
    id: boundedText(200),
    service: boundedText(100),
    environment: boundedText(100),
    version: boundedText(200),
    layer: z.enum(DEPLOY_LAYERS),
    status: z.enum(DEPLOY_STATUSES),
    actor: boundedText(200).optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    description: z.string().max(2000).optional(),
    at: ZInstant.optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? describeUnknownKeys(issue.keys) : undefined) },
);

export type ParseGenericDeployOptions = { payload: unknown; receivedAt: Date };

/** Reads the generic deploy body; it happened `at`, or when it was received if the sender did not say. */
export const parseGenericDeploy = ({ payload, receivedAt }: ParseGenericDeployOptions): PayloadResult<ParsedDeploy> => {
  const parsed = toPayloadResult(ZGenericDeploy.safeParse(payload));
  if (!parsed.ok) return parsed;
  const body = parsed.value;
  return {
    ok: true,
    value: {
      source: 'generic',
      deliveryId: body.id,
      service: body.service,
      environment: body.environment,
      version: body.version,
      layer: body.layer,
      status: body.status,
      actor: body.actor ?? null,
      url: body.url ?? null,
      description: blankToNull(body.description),
      occurredAt: body.at ?? receivedAt,
    },
  };
};
