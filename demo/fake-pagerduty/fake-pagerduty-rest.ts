import { z } from 'zod';

// A fake of PagerDuty's REST API v2 for what `/incident oncall` reads: `GET /oncalls`, at its documented shape
// (the API token in `Authorization: Token token=…`, 401 `Invalid Credentials`, users as references unless
// `include[]=users`, PagerDuty's error bodies). Tests answer with it through msw.

export type FakePagerDutyUser = { id: string; name: string; email: string };

/** One on-call: a user at a level of an escalation policy, through a schedule or named directly, until `end`. */
export type FakeOnCall = {
  escalationPolicyId: string;
  level: number;
  userId: string;
  schedule?: { id: string; name: string };
  start?: string;
  end?: string;
};

const error = (status: number, message: string, code: number) =>
  Response.json({ error: { message, code } }, { status });

const ZQuery = z.object({ policies: z.array(z.string()), include: z.array(z.string()) });

export const createFakePagerDutyRest = ({
  token,
  users,
  onCalls,
  now = () => new Date(),
}: {
  token: string;
  users: readonly FakePagerDutyUser[];
  onCalls: readonly FakeOnCall[];
  now?: () => Date;
}) => {
  const faults: number[] = [];
  const requests: { path: string; status: number }[] = [];

  const userJson = (id: string, full: boolean) => {
    const user = users.find((candidate) => candidate.id === id);
    if (!user) throw new Error(`the fake PagerDuty has no user ${id}`);
    const reference = { id, type: full ? 'user' : 'user_reference', summary: user.name };
    return full
      ? { ...reference, name: user.name, email: user.email, html_url: `https://acme.pagerduty.test/users/${id}` }
      : reference;
  };

  const answerOnCalls = (url: URL): Response => {
    const query = ZQuery.parse({
      policies: url.searchParams.getAll('escalation_policy_ids[]'),
      include: url.searchParams.getAll('include[]'),
    });
    const full = query.include.includes('users');
    // Without since/until, PagerDuty lists the on-calls of this moment.
    const at = now().getTime();
    const current = (onCall: FakeOnCall) =>
      (onCall.start === undefined || Date.parse(onCall.start) <= at) &&
      (onCall.end === undefined || at < Date.parse(onCall.end));
    const listed = onCalls.filter(
      (onCall) =>
        current(onCall) && (query.policies.length === 0 || query.policies.includes(onCall.escalationPolicyId)),
    );
    return Response.json({
      oncalls: listed.map((onCall) => ({
        escalation_policy: { id: onCall.escalationPolicyId, type: 'escalation_policy_reference' },
        escalation_level: onCall.level,
        schedule: onCall.schedule
          ? { id: onCall.schedule.id, type: 'schedule_reference', summary: onCall.schedule.name }
          : null,
        user: userJson(onCall.userId, full),
        start: onCall.start ?? null,
        end: onCall.end ?? null,
      })),
      limit: 25,
      offset: 0,
      more: false,
      total: null,
    });
  };

  const answer = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (request.headers.get('authorization') !== `Token token=${token}`) {
      return error(401, 'Invalid Credentials', 2006);
    }
    const fault = faults.shift();
    if (fault === 403) return error(403, 'Access Denied', 2010);
    if (fault !== undefined) return error(fault, fault === 429 ? 'Rate Limit Exceeded' : 'Internal Server Error', 2001);
    if (request.method === 'GET' && url.pathname === '/oncalls') return answerOnCalls(url);
    return error(404, 'Not Found', 2100);
  };

  return {
    requests,
    /** The next `times` requests are answered `status` (403 for a key without access, 429, 5xx). */
    failNext: (status: 403 | 429 | 500 | 503, times = 1) => {
      for (let i = 0; i < times; i += 1) faults.push(status);
    },
    answer: async (request: Request): Promise<Response> => {
      const response = await answer(request);
      requests.push({ path: new URL(request.url).pathname, status: response.status });
      return response;
    },
  };
};
