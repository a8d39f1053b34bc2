/** What a deploy changed: the schema, the artifact, the fleet running it, or a feature flag. */
export const DEPLOY_LAYERS = ['database', 'artifact', 'fleet', 'feature'] as const;
export const DEPLOY_STATUSES = ['started', 'succeeded', 'failed', 'rolled_back'] as const;

export type DeployLayer = (typeof DEPLOY_LAYERS)[number];
export type DeployStatus = (typeof DEPLOY_STATUSES)[number];

/** Who reported a deploy: a webhook's sender, or `sitrep deploy-event` on the command line. */
export type DeploySource = 'generic' | 'github' | 'gitlab' | 'cli';

/**
 * A deploy as any sender reports it, once its payload is read and its service named: what the flows record and the
 * store keeps, whose `deliveryId` is unique per source.
 */
export type DeployInput = {
  source: DeploySource;
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

/** A deploy read from a webhook's payload: any source but the command line, which posts to the generic webhook. */
export type ParsedDeploy = DeployInput & { source: Exclude<DeploySource, 'cli'> };

/** One alert of an Alertmanager notification, read from its payload. */
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

/** An alert as the flows record it and the store keeps it, once per fingerprint, status and start. */
export type AlertInput = ParsedAlert;

/**
 * Where a deploy can hurt customers: `production`, `prod`, in any case. Staging and review environments are
 * recorded too, but they are never suspects and never go on an incident's timeline.
 */
export const isProductionEnvironment = (environment: string): boolean => /^prod(uction)?$/i.test(environment.trim());
