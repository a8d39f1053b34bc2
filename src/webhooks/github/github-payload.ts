import { z } from 'zod';
import type { DeployStatus, ParsedDeploy } from '../../domain/deploys/deploy.ts';
import {
  findServiceForRepository,
  type ServiceRepositories,
} from '../../domain/deploys/find-service-for-repository.ts';
import { versionFromRef } from '../../domain/deploys/version-from-ref.ts';
import { blankToNull, cutShort, httpUrlOrNull, MAX_REPOSITORY_CHARS, ZInstant } from '../payload-fields.ts';
import { type DeployOutcome, type PayloadResult, toPayloadResult } from '../payload-result.ts';

const ZGithubUser = z.object({ login: z.string().min(1) });

const ZGithubDeployment = z.object({
  sha: z.string().min(1),
  ref: z.string(),
  environment: z.string().min(1),
  description: z.string().nullish(),
  creator: ZGithubUser.nullish(),
  created_at: ZInstant,
});

const ZGithubRepository = z.object({ full_name: z.string().min(1).max(MAX_REPOSITORY_CHARS) });

/** GitHub's `deployment` event: a deploy was asked for. */
const ZGithubDeploymentEvent = z.object({
  action: z.string(),
  deployment: ZGithubDeployment,
  repository: ZGithubRepository,
  sender: ZGithubUser.nullish(),
});

/** GitHub's `deployment_status` event: a deploy moved to a new state. */
const ZGithubDeploymentStatusEvent = z.object({
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

type TGithubDeploymentEvent = z.infer<typeof ZGithubDeploymentEvent>;

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
    const parsed = toPayloadResult(ZGithubDeploymentEvent.safeParse(payload));
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

  const parsed = toPayloadResult(ZGithubDeploymentStatusEvent.safeParse(payload));
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
