import { z } from 'zod';
import { readRetryAfterMs, ServiceError } from '../domain/outbox/service-error.ts';
import type { OnCallEntry, OnCallPort } from '../domain/paging/on-call.ts';
import { trimTrailingSlashes } from '../domain/text/trim-trailing-slashes.ts';

// PagerDuty answers within a second or two; a person is waiting for the answer in Slack.
const REQUEST_TIMEOUT_MS = 5_000;

const ZOnCalls = z.object({
  oncalls: z.array(
    z.looseObject({
      escalation_level: z.number().int(),
      schedule: z.looseObject({ summary: z.string().nullish() }).nullish(),
      // With include[]=users, the user is the whole user object, email included.
      user: z.looseObject({ summary: z.string().nullish(), name: z.string().nullish(), email: z.string().nullish() }),
      end: z.string().nullish(),
    }),
  ),
});

const ZRefusal = z.looseObject({ error: z.looseObject({ message: z.string().optional() }).optional() });

const toEntry = (oncall: z.infer<typeof ZOnCalls>['oncalls'][number]): OnCallEntry => {
  const until = oncall.end ? new Date(oncall.end) : null;
  return {
    level: oncall.escalation_level,
    name: oncall.user.name ?? oncall.user.summary ?? 'someone',
    email: oncall.user.email ?? null,
    schedule: oncall.schedule?.summary ?? null,
    until: until !== null && !Number.isNaN(until.getTime()) ? until : null,
  };
};

/**
 * PagerDuty's REST API v2 (`GET /oncalls`) with a read-only API token: who is on call now at each level of an
 * escalation policy. Refusals and an unreachable PagerDuty are `ServiceError`s; the token never appears in one.
 */
export const createPagerDutyOnCall = ({
  url,
  token,
  now,
}: {
  url: string;
  token: string;
  now: () => Date;
}): OnCallPort => ({
  whoIsOnCall: async (escalationPolicyId) => {
    const query = new URLSearchParams([
      ['escalation_policy_ids[]', escalationPolicyId],
      ['include[]', 'users'],
      ['earliest', 'true'],
    ]);
    let response: Response;
    try {
      response = await globalThis.fetch(`${trimTrailingSlashes(url)}/oncalls?${query}`, {
        headers: { authorization: `Token token=${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ServiceError(`PagerDuty could not be reached: ${reason}`, { transient: true });
    }
    if (!response.ok) {
      const refusal = ZRefusal.safeParse(await response.json().catch(() => undefined)).data;
      const retryAfterMs = readRetryAfterMs(response.headers.get('retry-after'), now());
      throw new ServiceError(
        `PagerDuty answered ${response.status}${refusal?.error?.message ? `: ${refusal.error.message}` : ''}`,
        {
          transient: response.status === 429 || response.status >= 500,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        },
      );
    }
    const parsed = ZOnCalls.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new ServiceError('PagerDuty answered on-calls sitrep cannot read', { transient: false });
    return parsed.data.oncalls.map(toEntry);
  },
});
