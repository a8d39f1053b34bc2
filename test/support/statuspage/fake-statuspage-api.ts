import { randomBytes } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { z } from 'zod';
import { INCIDENT_STATUSES } from '../../../src/domain/incident/incident.ts';
import { COMPONENT_STATUSES } from '../../../src/domain/status-page/component-status.ts';

// A fake of Atlassian Statuspage's REST API v1 (developer.statuspage.io) for one page, at its documented shape: the
// key in `Authorization: OAuth <key>`, bodies wrapped in `component` or `incident` and checked strictly (a field it
// does not know is a 422, as a typo would be lost on the real one), one request a second per key (429 otherwise),
// and the answers Statuspage gives (the component; the incident with its incident_updates, newest first).

const ZComponentPatch = z.strictObject({ component: z.strictObject({ status: z.enum(COMPONENT_STATUSES) }) });

const incidentFields = {
  name: z.string().min(1),
  status: z.enum(INCIDENT_STATUSES),
  body: z.string().min(1),
  component_ids: z.array(z.string().min(1)),
  components: z.record(z.string(), z.enum(COMPONENT_STATUSES)),
};
const ZIncidentPost = z.strictObject({
  incident: z.strictObject({
    ...incidentFields,
    metadata: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  }),
});
const ZIncidentPatch = z.strictObject({ incident: z.strictObject(incidentFields).partial() });

/** Statuspage's ids: twelve lower-case letters and digits. */
const newId = () => randomBytes(6).toString('hex');

export type FakeIncident = {
  id: string;
  name: string;
  status: (typeof INCIDENT_STATUSES)[number];
  metadata: Record<string, Record<string, string>>;
  component_ids: string[];
  /** Newest first, as Statuspage lists them. */
  incident_updates: { id: string; status: string; body: string; created_at: string }[];
};

/** A call as the fake saw it: when (by the test's clock), what, and what it answered. */
export type FakeCall = { at: Date; method: string; path: string; status: number; body: unknown };

/** What the next call matching it meets instead of the fake's own answer (`dropAnswer`: applied, then cut off). */
export type FakeFault = { method: string; path: RegExp; kind: 'dropAnswer' | number };

export type FakeStatuspageOptions = {
  apiUrl: string;
  apiKey: string;
  pageId: string;
  componentIds: string[];
  /** The test's clock, which sitrep's paced calls move on. */
  now: () => Date;
};

/** The fake, with what it holds (each component's status, the incidents) and every call it answered. */
export const createFakeStatuspage = ({ apiUrl, apiKey, pageId, componentIds, now }: FakeStatuspageOptions) => {
  const components = new Map<string, string>(componentIds.map((id) => [id, 'operational']));
  const incidents: FakeIncident[] = [];
  const calls: FakeCall[] = [];
  const faults: FakeFault[] = [];
  let lastAt: number | undefined;

  const answer = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.slice(new URL(apiUrl).pathname.length);
    const at = now();
    const text = await request.text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    const reply = (status: number, json: unknown): Response => {
      calls.push({ at, method: request.method, path, status, body });
      return new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
    };
    if (request.headers.get('authorization') !== `OAuth ${apiKey}`) {
      return reply(401, { error: 'Could not authenticate' });
    }
    if (lastAt !== undefined && at.getTime() - lastAt < 1000) {
      calls.push({ at, method: request.method, path, status: 429, body });
      return HttpResponse.json({ error: 'Rate limit exceeded' }, { status: 429, headers: { 'retry-after': '1' } });
    }
    lastAt = at.getTime();
    const faultAt = faults.findIndex((fault) => fault.method === request.method && fault.path.test(path));
    const [fault] = faultAt === -1 ? [] : faults.splice(faultAt, 1);
    if (typeof fault?.kind === 'number') return reply(fault.kind, { error: 'injected' });

    const route = routeOf(request.method, path);
    if (route === undefined) return reply(404, { error: 'not found' });
    const [status, json] = route(body);
    if (fault?.kind === 'dropAnswer' && status < 300) {
      calls.push({ at, method: request.method, path, status, body });
      return HttpResponse.error();
    }
    return reply(status, json);
  };

  const refuse = (error: z.ZodError): [number, unknown] => [422, { error: z.prettifyError(error) }];
  const unknownComponents = (ids: string[]) => ids.filter((id) => !components.has(id));
  const update = (incident: FakeIncident, fields: z.infer<typeof ZIncidentPatch>['incident']) => {
    if (fields.name !== undefined) incident.name = fields.name;
    if (fields.status !== undefined) incident.status = fields.status;
    if (fields.component_ids !== undefined) incident.component_ids = fields.component_ids;
    for (const [id, status] of Object.entries(fields.components ?? {})) components.set(id, status);
    if (fields.body !== undefined) {
      incident.incident_updates.unshift({
        id: newId(),
        status: incident.status,
        body: fields.body,
        created_at: now().toISOString(),
      });
    }
  };

  const routeOf = (method: string, path: string): ((body: unknown) => [number, unknown]) | undefined => {
    const parts = path.split('/').filter((part) => part !== '');
    if (parts[0] !== 'pages' || parts[1] !== pageId) return undefined;
    const [, , collection, id, more] = parts;
    if (collection === 'components' && id !== undefined && more === undefined && method === 'PATCH') {
      return (body) => {
        const parsed = ZComponentPatch.safeParse(body);
        if (!parsed.success) return refuse(parsed.error);
        if (!components.has(id)) return [404, { error: 'Component not found' }];
        components.set(id, parsed.data.component.status);
        return [200, { id, page_id: pageId, status: parsed.data.component.status }];
      };
    }
    if (collection !== 'incidents') return undefined;
    if (id === undefined && method === 'POST') {
      return (body) => {
        const parsed = ZIncidentPost.safeParse(body);
        if (!parsed.success) return refuse(parsed.error);
        const fields = parsed.data.incident;
        const unknown = unknownComponents([...fields.component_ids, ...Object.keys(fields.components)]);
        if (unknown.length > 0) return [422, { error: `Unknown components: ${unknown.join(', ')}` }];
        const incident: FakeIncident = {
          id: newId(),
          name: fields.name,
          status: fields.status,
          metadata: fields.metadata ?? {},
          component_ids: [],
          incident_updates: [],
        };
        update(incident, fields);
        incidents.push(incident);
        return [201, incident];
      };
    }
    if ((id === 'unresolved' || id === 'resolved') && method === 'GET') {
      return () => [
        200,
        incidents.filter((incident) => (incident.status === 'resolved') === (id === 'resolved')).toReversed(),
      ];
    }
    const incident = incidents.find((candidate) => candidate.id === id);
    if (id === undefined || more !== undefined) return undefined;
    if (method === 'GET') return () => (incident ? [200, incident] : [404, { error: 'Incident not found' }]);
    if (method !== 'PATCH') return undefined;
    return (body) => {
      const parsed = ZIncidentPatch.safeParse(body);
      if (!parsed.success) return refuse(parsed.error);
      if (incident === undefined) return [404, { error: 'Incident not found' }];
      const unknown = unknownComponents(Object.keys(parsed.data.incident.components ?? {}));
      if (unknown.length > 0) return [422, { error: `Unknown components: ${unknown.join(', ')}` }];
      update(incident, parsed.data.incident);
      return [200, incident];
    };
  };

  return {
    handler: http.all(`${apiUrl}/*`, ({ request }) => answer(request)),
    components,
    incidents,
    calls,
    /** The next call of `method` to a path matching `path` fails as `kind` says. */
    failNext: (fault: FakeFault) => {
      faults.push(fault);
    },
    /** The calls that changed something, as `METHOD path status`, with the component's new status for a PATCH. */
    writes: () =>
      calls
        .filter((call) => call.method !== 'GET' && call.status < 300)
        .map((call) => {
          const status = ZComponentPatch.safeParse(call.body).data?.component.status;
          return `${call.method} ${call.path}${status === undefined ? '' : ` ${status}`}`;
        }),
  };
};
