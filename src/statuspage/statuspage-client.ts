import { z } from 'zod';
import { describeUnreachable, readRetryAfterMs, ServiceError } from '../domain/outbox/service-error.ts';
import type { ComponentStatus } from '../domain/status-page/component-status.ts';
import type { StatuspageIncidentFields, StatuspagePort } from '../domain/status-page/statuspage-push.ts';

/** Statuspage did not take a call (see `ServiceError`: transient, or the request is wrong: a key, an id, a field). */
export class StatuspageError extends ServiceError {
  override name = 'StatuspageError';
}

export type StatuspageClientOptions = {
  /** https://api.statuspage.io/v1, without a trailing slash. */
  apiUrl: string;
  apiKey: string;
  pageId: string;
  now: () => Date;
  /**
   * Statuspage takes one request a second per key, and every replica shares the key, so turns are kept where they
   * all see them (the database): `waitForTurn` resolves when this call may go, and `spaceNextTurn`, once it was
   * answered (or failed), keeps the next a full second after it reached Statuspage, however long it took to go.
   */
  pace: { waitForTurn: () => Promise<void>; spaceNextTurn: () => Promise<void> };
};

// Statuspage answers within a second or two; a hung connection must not hold the outbox's claim.
const REQUEST_TIMEOUT_MS = 10_000;
/** The key of sitrep's tag in an incident's metadata, which Statuspage keeps as a mapping of mappings. */
const METADATA_KEY = 'sitrep';

const ZRefusal = z.looseObject({ error: z.union([z.string(), z.array(z.string())]).optional() });
const ZCreated = z.looseObject({ id: z.string().min(1) });
const ZListed = z.array(
  z.looseObject({
    id: z.string(),
    metadata: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
  }),
);
const ZIncident = z.looseObject({
  incident_updates: z.array(z.looseObject({ status: z.string(), body: z.string() })).default([]),
});

const describeRefusal = async (response: Response): Promise<string> => {
  const error = ZRefusal.safeParse(await response.json().catch(() => undefined)).data?.error;
  const detail = Array.isArray(error) ? error.join('; ') : error;
  return `Statuspage answered ${response.status}${detail ? `: ${detail}` : ''}`;
};

/**
 * Atlassian Statuspage's REST API for one page, as documented at developer.statuspage.io: `Authorization: OAuth
 * <key>`, JSON bodies wrapped in `component` or `incident`. A 429, a 5xx or an unreachable API is transient (after
 * Retry-After when it gave one); any other refusal (401 key, 404 page or component, 422 field) is for a person to
 * fix. The key never appears in an error.
 */
export const createStatuspageClient = ({
  apiUrl,
  apiKey,
  pageId,
  now,
  pace,
}: StatuspageClientOptions): StatuspagePort => {
  const page = `${apiUrl}/pages/${encodeURIComponent(pageId)}`;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    await pace.waitForTurn();
    try {
      return await send(method, path, body);
    } finally {
      await pace.spaceNextTurn();
    }
  };
  const send = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let response: Response;
    try {
      // Looked up at each call, so a test's interceptor is the one used.
      response = await globalThis.fetch(`${page}${path}`, {
        method,
        headers: {
          authorization: `OAuth ${apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new StatuspageError(`Statuspage could not be reached: ${describeUnreachable(error)}`, { transient: true });
    }
    if (response.ok) return response.json().catch(() => undefined);
    const transient = response.status === 429 || response.status >= 500;
    const retryAfterMs = readRetryAfterMs(response.headers.get('retry-after'), now());
    throw new StatuspageError(await describeRefusal(response), {
      transient,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  };
  const incidentBody = (fields: StatuspageIncidentFields, extra: Record<string, unknown> = {}) => ({
    incident: { ...fields, ...extra },
  });
  return {
    setComponentStatus: async ({ componentId, status }: { componentId: string; status: ComponentStatus }) => {
      await call('PATCH', `/components/${encodeURIComponent(componentId)}`, { component: { status } });
    },
    createIncident: async ({ fields, marker }) =>
      ZCreated.parse(
        await call('POST', '/incidents', incidentBody(fields, { metadata: { [METADATA_KEY]: { incident: marker } } })),
      ).id,
    updateIncident: async ({ id, fields }) => {
      await call('PATCH', `/incidents/${encodeURIComponent(id)}`, incidentBody(fields));
    },
    findIncident: async ({ marker, resolved }) => {
      const listed = ZListed.parse(await call('GET', resolved ? '/incidents/resolved' : '/incidents/unresolved'));
      return listed.find((incident) => incident.metadata?.[METADATA_KEY]?.incident === marker)?.id;
    },
    readLatestUpdate: async (id) => {
      const [latest] = ZIncident.parse(await call('GET', `/incidents/${encodeURIComponent(id)}`)).incident_updates;
      return latest === undefined ? undefined : { status: latest.status, body: latest.body };
    },
  };
};
