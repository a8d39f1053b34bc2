import { z } from 'zod';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';

/**
 * What deploy and alert senders post to sitrep, read into one shape: the generic deploy body (sitrep's own format),
 * GitHub's `deployment` and `deployment_status` events, GitLab's Deployment Hook and Alertmanager's webhook (v4).
 * Each parser takes the decoded JSON, never throws, and answers either the event or zod's issues. Unknown services
 * are never a reason to refuse a deploy: it is recorded under the name it came with.
 */

export const DEPLOY_LAYERS = ['database', 'artifact', 'fleet', 'feature'] as const;
export const DEPLOY_STATUSES = ['started', 'succeeded', 'failed', 'rolled_back'] as const;

export type DeployLayer = (typeof DEPLOY_LAYERS)[number];
export type DeployStatus = (typeof DEPLOY_STATUSES)[number];

/** A deploy read from a payload, its service named: what the flows record. */
export type ParsedDeploy = {
  source: 'generic' | 'github' | 'gitlab';
  deliveryId: string;
  service: string;
  environment: string;
  version: string;
  layer: DeployLayer;
  status: DeployStatus;
  actor: string | null;
  url: string | null;
  description: string | null;
  occurredAt: Date;
};

/** One alert of an Alertmanager notification: what the flows record. */
export type ParsedAlert = {
  fingerprint: string;
  status: 'firing' | 'resolved';
  service: string | null;
  alertName: string;
  summary: string | null;
  labels: Record<string, string>;
  startsAt: Date;
  endsAt: Date | null;
};

export type PayloadIssue = z.core.$ZodIssue;

export type PayloadResult<T> = { ok: true; value: T } | { ok: false; issues: PayloadIssue[] };

/** A sender's event that is not a deploy sitrep records (a `deployment_status` of `inactive`, say), and why. */
export type DeployOutcome = { kind: 'deploy'; deploy: ParsedDeploy } | { kind: 'ignored'; reason: string };

type ServiceRepositories = Pick<TTeamConfig['services'][number], 'name' | 'repositories'>;

const toResult = <T>(parsed: z.ZodSafeParseResult<T>): PayloadResult<T> =>
  parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: parsed.error.issues };

/**
 * The UTC years an instant may fall in. A four-digit year's offset can still reach year 0 (`0001-01-01T00:00:00+01:00`)
 * or 10000 (`9999-12-31T23:59:59-23:59`), and PostgreSQL's timestamptz refuses both as sitrep writes them.
 */
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;
const YEAR_RANGE_MESSAGE = `expected a time between the years ${FIRST_YEAR} and ${LAST_YEAR} (UTC)`;

const isInYearRange = (instant: Date): boolean => {
  const year = instant.getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
};

/** An instant with its offset (`Z` or `+01:00`), any precision (Go writes nanoseconds). */
const ZInstant = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .refine(isInYearRange, YEAR_RANGE_MESSAGE);

/**
 * The first `max` UTF-16 code units of `text`, less a last one that would be half a surrogate pair: PostgreSQL's jsonb
 * (the outbox message a deploy becomes) refuses it.
 */
const cutShort = ({ text, max }: { text: string; max: number }): string => {
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
};

/** Empty strings say "nothing" in GitHub's payloads (`"target_url": ""`). */
const blankToNull = (text: string | null | undefined): string | null =>
  text === undefined || text === null || text.trim() === '' ? null : text;

/** Only http(s) links are kept: anything else would not open from Slack, or should not. */
const httpUrlOrNull = (text: string | null | undefined): string | null => {
  const candidate = blankToNull(text);
  if (candidate === null || !URL.canParse(candidate)) return null;
  const { protocol } = new URL(candidate);
  return protocol === 'http:' || protocol === 'https:' ? candidate : null;
};

export type FindServiceForRepositoryOptions = { services: readonly ServiceRepositories[]; repository: string };

/**
 * The service a repository belongs to in sitrep.yml, compared without case as GitHub and GitLab do; `undefined`
 * when no service lists it.
 *
 * @example findServiceForRepository({ services, repository: 'Acme/Checkout-API' }) // 'checkout-api'
 */
export const findServiceForRepository = ({
  services,
  repository,
}: FindServiceForRepositoryOptions): string | undefined => {
  const wanted = repository.toLowerCase();
  return services.find((service) => service.repositories.some((listed) => listed.toLowerCase() === wanted))?.name;
};

const TAG_REF = /^v?\d+(\.\d+)*([-+][0-9A-Za-z.+-]+)?$/i;

export type VersionFromRefOptions = { ref: string | null | undefined; shortSha: string };

/**
 * The version a deploy shows: the ref when it names a tag (`v2.14.0`, `2.14.0-rc.1`, `v42`, or anything under
 * `refs/tags/`), else the commit's short sha. Branch names say nothing about what was deployed, so `main` gives the
 * sha.
 */
export const versionFromRef = ({ ref, shortSha }: VersionFromRefOptions): string => {
  if (ref === undefined || ref === null) return shortSha;
  if (ref.startsWith('refs/tags/') && ref.length > 'refs/tags/'.length) return ref.slice('refs/tags/'.length);
  return TAG_REF.test(ref) ? ref : shortSha;
};

// Generic --------------------------------------------------------------------------------------------------------

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

export type TGenericDeploy = z.infer<typeof ZGenericDeploy>;

export type ParseGenericDeployOptions = { payload: unknown; receivedAt: Date };

/** Reads the generic deploy body; it happened `at`, or when it was received if the sender did not say. */
export const parseGenericDeploy = ({ payload, receivedAt }: ParseGenericDeployOptions): PayloadResult<ParsedDeploy> => {
  const parsed = toResult(ZGenericDeploy.safeParse(payload));
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

// GitHub ---------------------------------------------------------------------------------------------------------

const ZGithubUser = z.object({ login: z.string().min(1) });

const ZGithubDeployment = z.object({
  sha: z.string().min(1),
  ref: z.string(),
  environment: z.string().min(1),
  description: z.string().nullish(),
  creator: ZGithubUser.nullish(),
  created_at: ZInstant,
});

/**
 * A repository's name becomes the service of an unlisted one, which is indexed: PostgreSQL refuses an index row over
 * about 2.7 KB, and 500 characters of four bytes each still fit. GitHub's names are 140 characters at most; this
 * leaves GitLab's nested groups room.
 */
const MAX_REPOSITORY_CHARS = 500;

const ZGithubRepository = z.object({ full_name: z.string().min(1).max(MAX_REPOSITORY_CHARS) });

/** GitHub's `deployment` event: a deploy was asked for. */
export const ZGithubDeploymentEvent = z.object({
  action: z.string(),
  deployment: ZGithubDeployment,
  repository: ZGithubRepository,
  sender: ZGithubUser.nullish(),
});

/** GitHub's `deployment_status` event: a deploy moved to a new state. */
export const ZGithubDeploymentStatusEvent = z.object({
  action: z.string(),
  deployment_status: z.object({
    // A string rather than an enum: a state GitHub adds later is ignored, not a delivery refused.
    state: z.string(),
    environment: z.string().nullish(),
    target_url: z.string().nullish(),
    log_url: z.string().nullish(),
    description: z.string().nullish(),
    created_at: ZInstant,
  }),
  deployment: ZGithubDeployment,
  repository: ZGithubRepository,
  sender: ZGithubUser.nullish(),
});

export type TGithubDeploymentEvent = z.infer<typeof ZGithubDeploymentEvent>;
export type TGithubDeploymentStatusEvent = z.infer<typeof ZGithubDeploymentStatusEvent>;

/** `inactive` is GitHub retiring an older deploy of the environment once a newer one succeeds: not a deploy. */
const GITHUB_STATES = new Map<string, DeployStatus>([
  ['pending', 'started'],
  ['queued', 'started'],
  ['in_progress', 'started'],
  ['success', 'succeeded'],
  ['failure', 'failed'],
  ['error', 'failed'],
]);

export type GithubDeployEvent = 'deployment' | 'deployment_status';

export type ParseGithubDeployOptions = {
  /** The `X-GitHub-Event` header. */
  event: GithubDeployEvent;
  payload: unknown;
  /** The `X-GitHub-Delivery` header. */
  deliveryId: string;
  services: readonly ServiceRepositories[];
};

/**
 * Reads a GitHub `deployment` (created: started) or `deployment_status` event (pending, queued, in_progress:
 * started; success: succeeded; failure, error: failed; inactive and any other state: ignored). The service is the
 * one listing `repository.full_name` in sitrep.yml, else the full name itself; the version is the ref when it is a
 * tag, else the sha's first 7 characters; the layer is always `artifact`.
 */
export const parseGithubDeploy = ({
  event,
  payload,
  deliveryId,
  services,
}: ParseGithubDeployOptions): PayloadResult<DeployOutcome> => {
  const common = (body: TGithubDeploymentEvent) => {
    const repository = body.repository.full_name;
    return {
      source: 'github' as const,
      deliveryId,
      service: findServiceForRepository({ services, repository }) ?? repository,
      version: versionFromRef({ ref: body.deployment.ref, shortSha: cutShort({ text: body.deployment.sha, max: 7 }) }),
      layer: 'artifact' as const,
      actor: body.deployment.creator?.login ?? body.sender?.login ?? null,
    };
  };

  if (event === 'deployment') {
    const parsed = toResult(ZGithubDeploymentEvent.safeParse(payload));
    if (!parsed.ok) return parsed;
    const body = parsed.value;
    if (body.action !== 'created') {
      return { ok: true, value: { kind: 'ignored', reason: `deployment action "${body.action}" is not a deploy` } };
    }
    const deploy: ParsedDeploy = {
      ...common(body),
      environment: body.deployment.environment,
      status: 'started',
      url: null,
      description: blankToNull(body.deployment.description),
      occurredAt: body.deployment.created_at,
    };
    return { ok: true, value: { kind: 'deploy', deploy } };
  }

  const parsed = toResult(ZGithubDeploymentStatusEvent.safeParse(payload));
  if (!parsed.ok) return parsed;
  const body = parsed.value;
  const status = GITHUB_STATES.get(body.deployment_status.state);
  if (status === undefined) {
    const reason = `deployment state "${body.deployment_status.state}" is not a deploy outcome`;
    return { ok: true, value: { kind: 'ignored', reason } };
  }
  const deploy: ParsedDeploy = {
    ...common(body),
    environment: blankToNull(body.deployment_status.environment) ?? body.deployment.environment,
    status,
    url: httpUrlOrNull(body.deployment_status.log_url) ?? httpUrlOrNull(body.deployment_status.target_url),
    description: blankToNull(body.deployment_status.description) ?? blankToNull(body.deployment.description),
    occurredAt: body.deployment_status.created_at,
  };
  return { ok: true, value: { kind: 'deploy', deploy } };
};

// GitLab ---------------------------------------------------------------------------------------------------------

const GITLAB_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (?:([+-]\d{2})(\d{2})|UTC)$/;

/**
 * GitLab writes its hooks' times as `2026-11-20 13:58:00 +0100` (or `... UTC`); ISO 8601 is accepted too. The
 * wall time is read at its own offset, so the instant does not depend on sitrep's time zone.
 *
 * @example parseGitlabTime('2026-11-20 13:58:00 +0100') // 2026-11-20T12:58:00.000Z
 */
export const parseGitlabTime = (text: string): Date | undefined => {
  const match = GITLAB_TIME.exec(text);
  const iso = match ? `${match[1]}T${match[2]}${match[3] === undefined ? 'Z' : `${match[3]}:${match[4]}`}` : text;
  // The ISO check refuses what Date would roll over (2026-02-30 is not 2 March).
  const parsed = z.iso.datetime({ offset: true }).safeParse(iso);
  return parsed.success ? new Date(parsed.data) : undefined;
};

const ZGitlabTime = z.string().transform((text, context) => {
  const instant = parseGitlabTime(text);
  if (instant === undefined) {
    context.addIssue({ code: 'custom', message: 'expected a time such as 2026-11-20 13:58:00 +0100' });
    return z.NEVER;
  }
  if (!isInYearRange(instant)) {
    context.addIssue({ code: 'custom', message: YEAR_RANGE_MESSAGE });
    return z.NEVER;
  }
  return instant;
});

/** GitLab's Deployment Hook. */
export const ZGitlabDeploymentHook = z.object({
  object_kind: z.literal('deployment'),
  // A string rather than an enum: a status GitLab adds later is ignored, not a delivery refused (GitLab disables
  // hooks that keep failing).
  status: z.string(),
  status_changed_at: ZGitlabTime.nullish(),
  deployable_url: z.string().nullish(),
  environment: z.string().min(1),
  short_sha: z.string().min(1),
  ref: z.string().nullish(),
  commit_title: z.string().nullish(),
  user: z.object({ username: z.string().min(1) }).nullish(),
  project: z.object({ path_with_namespace: z.string().min(1).max(MAX_REPOSITORY_CHARS) }),
});

export type TGitlabDeploymentHook = z.infer<typeof ZGitlabDeploymentHook>;

/**
 * `canceled` is recorded as failed: the change did not land as asked, and nothing says an earlier version was put
 * back, which is what `rolled_back` would claim.
 */
const GITLAB_STATUSES = new Map<string, DeployStatus>([
  ['running', 'started'],
  ['success', 'succeeded'],
  ['failed', 'failed'],
  ['canceled', 'failed'],
]);

export type ParseGitlabDeployOptions = {
  payload: unknown;
  /** The `X-Gitlab-Event-UUID` header. */
  deliveryId: string;
  services: readonly ServiceRepositories[];
  receivedAt: Date;
};

/**
 * Reads GitLab's Deployment Hook: running: started; success: succeeded; failed and canceled: failed; any other
 * status: ignored. The service is the one listing `project.path_with_namespace` in sitrep.yml, else that path; the
 * version is the ref when it is a tag, else GitLab's short sha; it happened at `status_changed_at`, or when it was
 * received if GitLab did not say.
 */
export const parseGitlabDeploy = ({
  payload,
  deliveryId,
  services,
  receivedAt,
}: ParseGitlabDeployOptions): PayloadResult<DeployOutcome> => {
  const parsed = toResult(ZGitlabDeploymentHook.safeParse(payload));
  if (!parsed.ok) return parsed;
  const body = parsed.value;
  const status = GITLAB_STATUSES.get(body.status);
  if (status === undefined) {
    return {
      ok: true,
      value: { kind: 'ignored', reason: `deployment status "${body.status}" is not a deploy outcome` },
    };
  }
  const repository = body.project.path_with_namespace;
  const deploy: ParsedDeploy = {
    source: 'gitlab',
    deliveryId,
    service: findServiceForRepository({ services, repository }) ?? repository,
    environment: body.environment,
    version: versionFromRef({ ref: body.ref, shortSha: body.short_sha }),
    layer: 'artifact',
    status,
    actor: body.user?.username ?? null,
    url: httpUrlOrNull(body.deployable_url),
    description: blankToNull(body.commit_title),
    occurredAt: body.status_changed_at ?? receivedAt,
  };
  return { ok: true, value: { kind: 'deploy', deploy } };
};

// Alertmanager ---------------------------------------------------------------------------------------------------

/** Alertmanager's label values are short; the service label is indexed, and PostgreSQL's index rows are bounded. */
const ZLabels = z.record(z.string(), z.string().max(500));

const ZAlertmanagerAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: ZLabels,
  annotations: z.record(z.string(), z.string()).nullish(),
  startsAt: ZInstant,
  endsAt: ZInstant.nullish(),
  // Alertmanager's are 16 hex digits; the unique index on it refuses rows over about 2.7 KB.
  fingerprint: z.string().min(1).max(200),
});

/** Alertmanager's webhook notification, version 4. */
export const ZAlertmanagerWebhook = z.object({
  version: z.literal('4'),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  alerts: z.array(ZAlertmanagerAlert),
});

export type TAlertmanagerWebhook = z.infer<typeof ZAlertmanagerWebhook>;

export type ParseAlertmanagerAlertsOptions = {
  payload: unknown;
  /** `alerts.serviceLabel` in sitrep.yml. */
  serviceLabel: string;
};

/**
 * Reads an Alertmanager notification into its alerts. The service is the value of the team's service label
 * (`alerts.serviceLabel`, `service` by default), or null; the summary is the `summary` annotation, else
 * `description`; an alert without an `alertname` label is named by its fingerprint. A firing alert has not ended:
 * its `endsAt` (Go's zero time `0001-01-01T00:00:00Z`, or the resend horizon Prometheus set) becomes null, and so
 * does the zero time on a resolved one.
 */
export const parseAlertmanagerAlerts = ({
  payload,
  serviceLabel,
}: ParseAlertmanagerAlertsOptions): PayloadResult<ParsedAlert[]> => {
  const parsed = toResult(ZAlertmanagerWebhook.safeParse(payload));
  if (!parsed.ok) return parsed;
  const alerts = parsed.value.alerts.map((alert): ParsedAlert => {
    const annotations = alert.annotations ?? {};
    const ended = alert.endsAt ?? null;
    return {
      fingerprint: alert.fingerprint,
      status: alert.status,
      service: Object.hasOwn(alert.labels, serviceLabel) ? blankToNull(alert.labels[serviceLabel]) : null,
      alertName: blankToNull(alert.labels.alertname) ?? alert.fingerprint,
      summary: blankToNull(annotations.summary) ?? blankToNull(annotations.description),
      labels: alert.labels,
      startsAt: alert.startsAt,
      endsAt: alert.status === 'firing' || ended === null || ended.getUTCFullYear() <= 1 ? null : ended,
    };
  });
  return { ok: true, value: alerts };
};
