import { createBatcher } from '../domain/batcher.ts';
import { type AlertInput, type DeployInput, isProductionEnvironment } from '../domain/deploys/deploy.ts';
import { findSuspectLookbackStart } from '../domain/deploys/suspect-lookback.ts';
import type { IncidentView } from '../domain/incident/incident.ts';
import { keyEffects } from '../domain/outbox/outbox-effect.ts';
import { describeAlert, describeDeploy } from '../domain/slack-lines/incident-lines.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { isDatabaseUnavailable, translateDatabaseOutage } from '../store/database-unavailable.ts';
import type { DeployRow, DeployStore } from '../store/deploy-store.ts';
import type { IncidentStore } from '../store/incident-store.ts';

/**
 * Deploys and alerts: what the webhooks hand their events to, and what incidents ask of them. `recordDeploy` and
 * `recordAlerts` throw `AppError('DATABASE_UNAVAILABLE')` while the database cannot be reached, so that the sender
 * is asked to retry.
 */
export type DeployFlows = {
  /** `stored: false` for a redelivery. */
  recordDeploy: (deploy: DeployInput) => Promise<{ stored: boolean }>;
  /** How many of the alerts were new. */
  recordAlerts: (alerts: AlertInput[]) => Promise<{ stored: number }>;
  /** The first alert of these services in the lookback before `at`: when the incident was detected. */
  findDetection: (services: string[], at: Date) => Promise<Date | null>;
  /** Deploys of these services (all when empty) in the `minutes` before now, newest first. */
  listChanges: (options: { services: string[]; minutes: number }) => Promise<DeployRow[]>;
};

export type DeployFlowDeps = {
  deploys: DeployStore;
  incidents: IncidentStore;
  team: TTeamConfig;
  now: () => Date;
  onEffects: () => void;
};

const MINUTE = 60_000;

type IncidentEvent = {
  naturalKey: string;
  source: 'deploy' | 'alert';
  occurredAt: Date;
  text: string;
  detectedAt?: Date;
};

type AddToIncidentOptions = { incidents: IncidentStore; incident: IncidentView; event: IncidentEvent };

/** The event on the incident's timeline, once by its natural key, and its line in the incident's channel. */
const addToIncident = async ({ incidents, incident, event }: AddToIncidentOptions): Promise<void> => {
  await incidents.applyChange({
    incidentId: incident.id,
    ...(event.detectedAt ? { data: { detectedAt: event.detectedAt } } : {}),
    timeline: {
      naturalKey: event.naturalKey,
      source: event.source,
      occurredAt: event.occurredAt,
      actorId: null,
      text: event.text,
    },
    effects: keyEffects(`${incident.id}:${event.naturalKey}`, [
      { kind: 'incident.post', incidentId: incident.id, text: event.text },
    ]),
  });
};

type RecordDeployBatchOptions = { deps: DeployFlowDeps; batch: DeployInput[] };

const recordDeployBatch = async ({ deps, batch }: RecordDeployBatchOptions): Promise<boolean[]> => {
  const { deploys, incidents, team, onEffects } = deps;
  const stored = await deploys.addDeploys(
    batch.map((deploy) => ({
      ...deploy,
      knownService: team.services.some((service) => service.name === deploy.service),
    })),
  );
  // Redeliveries too: a sender retries when sitrep stored a deploy but died before answering, and the entry (keyed
  // by the delivery, so written once) must not be lost with that answer.
  const production = batch
    .map((deploy, i) => ({ deploy, fresh: stored[i] === true }))
    .filter(({ deploy }) => isProductionEnvironment(deploy.environment));
  if (production.length === 0) return stored;
  const open = await incidents.listOpen();
  let recordedFresh = false;
  for (const { deploy, fresh } of production) {
    for (const incident of open.filter((candidate) => candidate.services.includes(deploy.service))) {
      await addToIncident({
        incidents,
        incident,
        event: {
          naturalKey: `deploy:${deploy.source}:${deploy.deliveryId}`,
          source: 'deploy',
          occurredAt: deploy.occurredAt,
          text: describeDeploy(deploy),
        },
      });
      recordedFresh ||= fresh;
    }
  }
  if (recordedFresh) onEffects();
  return stored;
};

/** An alert that fired before anyone declared is when the incident was detected, unless an earlier one was. */
const detectsIncident = ({ alert, incident }: { alert: AlertInput; incident: IncidentView }): boolean =>
  alert.status === 'firing' &&
  alert.startsAt.getTime() <= incident.declaredAt.getTime() &&
  (incident.detectedAt === null || alert.startsAt.getTime() < incident.detectedAt.getTime());

type RecordAlertsOptions = { deps: DeployFlowDeps; alerts: AlertInput[] };

const recordAlerts = async ({ deps, alerts }: RecordAlertsOptions): Promise<{ stored: number }> => {
  const { deploys, incidents, now, onEffects } = deps;
  const fresh = await deploys.addAlerts(alerts);
  for (const alert of fresh) {
    if (alert.service === null) continue;
    const { service } = alert;
    const text = describeAlert({ ...alert, service });
    const occurredAt = alert.status === 'firing' ? alert.startsAt : (alert.endsAt ?? now());
    for (const incident of (await incidents.listOpen()).filter((open) => open.services.includes(service))) {
      await addToIncident({
        incidents,
        incident,
        event: {
          naturalKey: `alert:${alert.fingerprint}:${alert.status}:${alert.startsAt.toISOString()}`,
          source: 'alert',
          occurredAt,
          text,
          ...(detectsIncident({ alert, incident }) ? { detectedAt: alert.startsAt } : {}),
        },
      });
    }
  }
  if (fresh.length > 0) onEffects();
  return { stored: fresh.length };
};

/**
 * Deploys and alerts from CI/CD and Alertmanager: each stored once per delivery. One that concerns a service with an
 * open incident (a production deploy, an alert) goes on that incident's timeline with a line in its channel.
 */
export const createDeployFlows = (deps: DeployFlowDeps): DeployFlows => {
  const { deploys, team, now } = deps;
  // Deploys arrive in bursts (a fleet rollout, a monorepo release): stored a batch per statement, not one each.
  const deployBatches = createBatcher({
    run: (batch: DeployInput[]) => recordDeployBatch({ deps, batch }),
    maxBatch: 200,
    concurrency: 1,
    isolates: (error) => !isDatabaseUnavailable(error),
  });

  return {
    recordDeploy: (deploy) => translateDatabaseOutage(async () => ({ stored: await deployBatches.submit(deploy) })),
    recordAlerts: (alerts) => translateDatabaseOutage(() => recordAlerts({ deps, alerts })),
    findDetection: async (services, at) => {
      const from = findSuspectLookbackStart({ start: at, lookbackMinutes: team.deploys.suspectLookbackMinutes });
      return (await deploys.findFirstAlert({ services, from, to: at }))?.startsAt ?? null;
    },
    listChanges: ({ services, minutes }) =>
      deploys.listDeploys({ services, from: new Date(now().getTime() - minutes * MINUTE), to: now(), limit: 50 }),
  };
};
