import { isProductionEnvironment } from '../domain/deploys/deploy.ts';
import { findSuspectLookbackStart } from '../domain/deploys/suspect-lookback.ts';
import type { IncidentView } from '../domain/incident/incident.ts';
import { keyEffects } from '../domain/outbox/slack-effect.ts';
import { describeAlert, describeDeploy } from '../domain/slack-lines/incident-lines.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { isDatabaseUnavailable } from '../store/database-unavailable.ts';
import type { DeployStore } from '../store/deploy-store.ts';
import type { DeploySource } from '../store/generated/enums.ts';
import type { IncidentStore } from '../store/incident-store.ts';
import type { ParsedAlert, ParsedDeploy } from '../webhooks/deploy-payloads.ts';
import { createBatcher } from './batcher.ts';

/**
 * A deploy as any sender reports it, once its payload is read and its service named: a payload's `ParsedDeploy`, or
 * a stored row, whose source may also be `cli`.
 */
export type DeployInput = Omit<ParsedDeploy, 'source'> & { source: DeploySource };

/** One alert of an Alertmanager notification. */
export type AlertInput = ParsedAlert;

/** What the webhooks hand their events to. */
export type EventFlows = {
  /** `stored: false` for a redelivery. */
  recordDeploy: (deploy: DeployInput) => Promise<{ stored: boolean }>;
  /** How many of the alerts were new. */
  recordAlerts: (alerts: AlertInput[]) => Promise<{ stored: number }>;
};

export type EventFlowDeps = {
  deploys: DeployStore;
  incidents: IncidentStore;
  team: TTeamConfig;
  now: () => Date;
  onEffects: () => void;
};

export type EventFlowsForSlack = ReturnType<typeof createEventFlows>;

const MINUTE = 60_000;

/**
 * Deploys and alerts from CI/CD and Alertmanager: each stored once per delivery. One that concerns a service with an
 * open incident (a production deploy, an alert) goes on that incident's timeline with a line in its channel.
 */
export const createEventFlows = ({ deploys, incidents, team, now, onEffects }: EventFlowDeps) => {
  const openIncidentsOf = async (service: string): Promise<IncidentView[]> =>
    (await incidents.listOpen()).filter((incident) => incident.services.includes(service));

  const record = async (
    incident: IncidentView,
    entry: { naturalKey: string; source: 'deploy' | 'alert'; occurredAt: Date; text: string; detectedAt?: Date },
  ) => {
    await incidents.applyChange({
      incidentId: incident.id,
      ...(entry.detectedAt ? { data: { detectedAt: entry.detectedAt } } : {}),
      timeline: {
        naturalKey: entry.naturalKey,
        source: entry.source,
        occurredAt: entry.occurredAt,
        actorId: null,
        text: entry.text,
      },
      effects: keyEffects(`${incident.id}:${entry.naturalKey}`, [
        { kind: 'incident.post', incidentId: incident.id, text: entry.text },
      ]),
    });
  };

  const recordDeployBatch = async (batch: DeployInput[]): Promise<boolean[]> => {
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
        await record(incident, {
          naturalKey: `deploy:${deploy.source}:${deploy.deliveryId}`,
          source: 'deploy',
          occurredAt: deploy.occurredAt,
          text: describeDeploy(deploy),
        });
        recordedFresh ||= fresh;
      }
    }
    if (recordedFresh) onEffects();
    return stored;
  };
  // Deploys arrive in bursts (a fleet rollout, a monorepo release): stored a batch per statement, not one each.
  const deployBatches = createBatcher({
    run: recordDeployBatch,
    maxBatch: 200,
    concurrency: 1,
    isolates: (error) => !isDatabaseUnavailable(error),
  });

  return {
    recordDeploy: async (deploy: DeployInput): Promise<{ stored: boolean }> => ({
      stored: await deployBatches.submit(deploy),
    }),

    recordAlerts: async (alerts: AlertInput[]): Promise<{ stored: number }> => {
      const fresh = await deploys.addAlerts(alerts);
      for (const alert of fresh) {
        if (alert.service === null) continue;
        const text = describeAlert({ ...alert, service: alert.service });
        const occurredAt = alert.status === 'firing' ? alert.startsAt : (alert.endsAt ?? now());
        for (const incident of await openIncidentsOf(alert.service)) {
          // An alert that fired before anyone declared is when the incident was detected.
          const detected =
            alert.status === 'firing' &&
            alert.startsAt.getTime() <= incident.declaredAt.getTime() &&
            (incident.detectedAt === null || alert.startsAt.getTime() < incident.detectedAt.getTime());
          await record(incident, {
            naturalKey: `alert:${alert.fingerprint}:${alert.status}:${alert.startsAt.toISOString()}`,
            source: 'alert',
            occurredAt,
            text,
            ...(detected ? { detectedAt: alert.startsAt } : {}),
          });
        }
      }
      if (fresh.length > 0) onEffects();
      return { stored: fresh.length };
    },

    /** The first alert of these services in the lookback before `at`: when the incident was detected. */
    findDetection: async (services: string[], at: Date): Promise<Date | null> => {
      const from = findSuspectLookbackStart({ start: at, lookbackMinutes: team.deploys.suspectLookbackMinutes });
      return (await deploys.findFirstAlert({ services, from, to: at }))?.startsAt ?? null;
    },

    /** Deploys of these services (all when empty) in the `minutes` before now, newest first. */
    listChanges: ({ services, minutes }: { services: string[]; minutes: number }) =>
      deploys.listDeploys({ services, from: new Date(now().getTime() - minutes * MINUTE), to: now(), limit: 50 }),
  };
};
