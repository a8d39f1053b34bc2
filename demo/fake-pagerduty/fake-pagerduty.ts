import { z } from 'zod';

// A fake of PagerDuty's Events API v2 (POST /v2/enqueue) at its documented shape: what it checks, what it answers
// (202 {status, message, dedup_key}; 400 {status: 'invalid event', message, errors}), and how it folds events into
// alerts by dedup_key. Tests answer with it through msw; `answer` takes and gives web Requests and Responses, so an
// HTTP server can serve it to a real process too.

const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
const ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;

// Each field is checked by `checkEvent`, so the errors read as PagerDuty's; a missing one is undefined here.
const ZEvent = z.looseObject({
  routing_key: z.unknown().optional(),
  event_action: z.unknown().optional(),
  dedup_key: z.unknown().optional(),
  payload: z.unknown().optional(),
  links: z.unknown().optional(),
});

const ZPayload = z.looseObject({
  summary: z.unknown().optional(),
  source: z.unknown().optional(),
  severity: z.unknown().optional(),
  component: z.unknown().optional(),
  custom_details: z.unknown().optional(),
});

const ZLinks = z.array(z.looseObject({ href: z.string().min(1), text: z.string().optional() }));

/** An event PagerDuty took, as it was sent. */
export type FakePagerDutyEvent = {
  routingKey: string;
  action: (typeof ACTIONS)[number];
  dedupKey: string;
  body: Record<string, unknown>;
};

/** An alert: one per routing key and dedup key while it is open; a trigger after its resolve opens a new one. */
export type FakeAlert = {
  routingKey: string;
  dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  summary: string;
  severity: string;
  component: string | undefined;
  /** Every event folded into it, the first trigger included. */
  events: FakePagerDutyEvent[];
};

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/** What PagerDuty's documentation says it refuses, in its words. */
const checkEvent = (body: z.infer<typeof ZEvent>): string[] => {
  const errors: string[] = [];
  if (typeof body.routing_key !== 'string' || body.routing_key.length !== 32) {
    errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  }
  if (!ACTIONS.some((action) => action === body.event_action)) {
    errors.push("'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')");
  }
  if (body.dedup_key !== undefined && (typeof body.dedup_key !== 'string' || body.dedup_key.length > 255)) {
    errors.push("'dedup_key' must be a string of at most 255 characters");
  }
  if (body.event_action !== 'trigger') {
    if (isBlank(body.dedup_key)) errors.push("'dedup_key' is missing or blank");
    return errors;
  }
  const payload = ZPayload.safeParse(body.payload);
  if (!payload.success) return [...errors, "'payload' is missing or not an object"];
  const { summary, source, severity } = payload.data;
  if (isBlank(summary)) errors.push("'payload.summary' is missing or blank");
  else if (typeof summary === 'string' && summary.length > 1024) errors.push("'payload.summary' is too long");
  if (isBlank(source)) errors.push("'payload.source' is missing or blank");
  if (!SEVERITIES.some((known) => known === severity)) {
    errors.push(
      "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')",
    );
  }
  if (body.links !== undefined && !ZLinks.safeParse(body.links).success) errors.push("'links' is invalid");
  return errors;
};

type FaultStatus = 400 | 429 | 500 | 502 | 503;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const createFakePagerDuty = () => {
  const alerts: FakeAlert[] = [];
  /** Every request, in order, with the status it was answered. */
  const requests: { body: unknown; status: number }[] = [];
  const faults: { status: FaultStatus; retryAfter?: string }[] = [];

  const openAlert = (routingKey: string, dedupKey: string) =>
    alerts.find(
      (alert) => alert.routingKey === routingKey && alert.dedupKey === dedupKey && alert.status !== 'resolved',
    );

  const apply = (event: FakePagerDutyEvent) => {
    const open = openAlert(event.routingKey, event.dedupKey);
    if (event.action === 'trigger') {
      if (open) {
        open.events.push(event);
        return;
      }
      const payload = ZPayload.parse(event.body.payload);
      alerts.push({
        routingKey: event.routingKey,
        dedupKey: event.dedupKey,
        status: 'triggered',
        summary: String(payload.summary),
        severity: String(payload.severity),
        component: typeof payload.component === 'string' ? payload.component : undefined,
        events: [event],
      });
      return;
    }
    // An acknowledge or resolve of no open alert is taken and does nothing, as PagerDuty does.
    if (!open) return;
    open.events.push(event);
    open.status = event.action === 'resolve' ? 'resolved' : 'acknowledged';
  };

  const answerEvent = async (request: Request): Promise<Response> => {
    const fault = faults.shift();
    if (fault?.status === 400) {
      // What PagerDuty answers an event without a summary, the fault a person must fix (a 400 is never retried).
      return json(400, {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ["'payload.summary' is missing or blank"],
      });
    }
    if (fault) {
      return json(
        fault.status,
        { status: 'error', message: fault.status === 429 ? 'Too many requests' : 'Internal error' },
        fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter },
      );
    }
    const parsed = ZEvent.safeParse(await request.json().catch(() => undefined));
    if (!parsed.success) {
      return json(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid JSON'] });
    }
    const errors = checkEvent(parsed.data);
    if (errors.length > 0) return json(400, { status: 'invalid event', message: 'Event object is invalid', errors });
    const body = parsed.data;
    const dedupKey = typeof body.dedup_key === 'string' && body.dedup_key !== '' ? body.dedup_key : crypto.randomUUID();
    apply({
      routingKey: String(body.routing_key),
      action: ACTIONS.find((action) => action === body.event_action) ?? 'trigger',
      dedupKey,
      body,
    });
    return json(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
  };

  return {
    alerts,
    requests,
    /** The next `times` events are answered `status` (400, 429, 500…) and change nothing, Retry-After when given. */
    failNext: (status: FaultStatus, times = 1, retryAfter?: string) => {
      for (let i = 0; i < times; i += 1) faults.push({ status, ...(retryAfter === undefined ? {} : { retryAfter }) });
    },
    /** Answers a POST to /v2/enqueue as PagerDuty does. */
    answer: async (request: Request): Promise<Response> => {
      const body: unknown = await request
        .clone()
        .json()
        .catch(() => undefined);
      const response = await answerEvent(request);
      requests.push({ body, status: response.status });
      return response;
    },
  };
};

export type FakePagerDuty = ReturnType<typeof createFakePagerDuty>;
