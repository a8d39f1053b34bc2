import type { z } from 'zod';
import type { ParsedDeploy } from '../domain/deploys/deploy.ts';
import type { TicketEvent } from '../domain/trackers/tracker.ts';

/**
 * What each sender's parser answers: it takes the decoded JSON, never throws, and gives either the event or zod's
 * issues (paths and messages, never the values sent). Unknown services are never a reason to refuse a deploy: it is
 * recorded under the name it came with.
 */
export type PayloadIssue = z.core.$ZodIssue;

export type PayloadResult<T> = { ok: true; value: T } | { ok: false; issues: PayloadIssue[] };

/** A sender's event that is not a deploy sitrep records (a `deployment_status` of `inactive`, say), and why. */
export type DeployOutcome = { kind: 'deploy'; deploy: ParsedDeploy } | { kind: 'ignored'; reason: string };

/** A tracker's delivery: a change of a ticket, or something sitrep does not keep in step, and why. */
export type TicketOutcome = { kind: 'event'; event: TicketEvent } | { kind: 'ignored'; reason: string };

export const toPayloadResult = <T>(parsed: z.ZodSafeParseResult<T>): PayloadResult<T> =>
  parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: parsed.error.issues };
