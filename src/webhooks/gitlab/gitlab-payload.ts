import { z } from 'zod';
import type { DeployStatus, ParsedDeploy } from '../../domain/deploys/deploy.ts';
import {
  findServiceForRepository,
  type ServiceRepositories,
} from '../../domain/deploys/find-service-for-repository.ts';
import { versionFromRef } from '../../domain/deploys/version-from-ref.ts';
import {
  blankToNull,
  httpUrlOrNull,
  isInYearRange,
  MAX_REPOSITORY_CHARS,
  YEAR_RANGE_MESSAGE,
} from '../payload-fields.ts';
import { type DeployOutcome, type PayloadResult, toPayloadResult } from '../payload-result.ts';

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
const ZGitlabDeploymentHook = z.object({
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
  const parsed = toPayloadResult(ZGitlabDeploymentHook.safeParse(payload));
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
