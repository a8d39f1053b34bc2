import { findSuspectLookbackStart } from '../domain/deploys/suspect-lookback.ts';
import type { IncidentView } from '../domain/incident/incident.ts';
import { findIncidentStart } from '../domain/incident/incident-start.ts';
import type { PostmortemFacts } from '../domain/postmortem/postmortem-facts.ts';
import { listBudgetPeriods } from '../domain/sla/budget-notices.ts';
import { computeDowntime } from '../domain/sla/downtime.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import type { PrismaClient } from './generated/client.ts';
import { createTimelineStore } from './timeline-store.ts';

export type ReadPostmortemFactsOptions = { incident: IncidentView; team: TTeamConfig; now: Date };

export type PostmortemFactsStore = {
  /**
   * Everything the postmortem of `incident` is written from: its timeline (deleted entries left out), impact windows,
   * the downtime of each of its services with an SLA over the period that holds its resolution (or now), with every
   * incident's windows counted; deploys of its services in any environment from a day and the suspect lookback before
   * its impact started (or it was declared) until it was resolved (or now); alerts of its services over the same span;
   * its action items; and the names of the people it mentions, from the cache of Slack users (the id when unknown).
   */
  readFacts: (options: ReadPostmortemFactsOptions) => Promise<PostmortemFacts>;
};

const DAY_MS = 24 * 60 * 60 * 1000;

// A postmortem lists what matters; an incident with more deploys or alerts than this is summarised by its first ones.
const MAX_ROWS = 500;

// A label never holds `<` (Slack sends it as `&lt;`), so a label is never read again from a later mention.
const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>/g;

type Client = Pick<PrismaClient, 'impactWindow' | 'deployEvent' | 'alertEvent' | 'actionItem' | 'slackUser'>;

/** The downtime of each of the incident's services with an SLA, over the period that holds `until`. */
const readDowntime = async (
  prisma: Client,
  { services, team, until }: { services: string[]; team: TTeamConfig; until: Date },
) => {
  const periods = listBudgetPeriods({
    services: team.services.filter((service) => services.includes(service.name)),
    at: until,
    zone: team.team.timeZone,
  });
  const spans =
    periods.length === 0
      ? []
      : await prisma.impactWindow.findMany({
          where: {
            OR: periods.map(({ service, period }) => ({
              service: service.name,
              startedAt: { lt: period.end },
              OR: [{ endedAt: null }, { endedAt: { gt: period.start } }],
            })),
          },
          select: { incidentId: true, service: true, kind: true, startedAt: true, endedAt: true },
        });
  return periods.map(({ service, period }) =>
    computeDowntime({
      spans,
      service: service.name,
      period,
      target: service.sla.target,
      degradedWeight: service.sla.degradedWeight,
      now: until,
    }),
  );
};

type Span = { services: string[]; from: Date; until: Date };

const readDeploys = async (prisma: Client, { services, from, until }: Span) =>
  services.length === 0
    ? []
    : await prisma.deployEvent.findMany({
        where: { service: { in: services }, occurredAt: { gte: from, lte: until } },
        orderBy: { occurredAt: 'asc' },
        take: MAX_ROWS,
        select: {
          service: true,
          environment: true,
          version: true,
          layer: true,
          status: true,
          actor: true,
          url: true,
          occurredAt: true,
        },
      });

const readAlerts = async (prisma: Client, { services, from, until }: Span) =>
  services.length === 0
    ? []
    : await prisma.alertEvent.findMany({
        where: { service: { in: services }, startsAt: { gte: from, lte: until } },
        orderBy: { startsAt: 'asc' },
        take: MAX_ROWS,
        select: { service: true, alertName: true, status: true, startsAt: true },
      });

const readActionItems = (prisma: Client, incidentId: string) =>
  prisma.actionItem.findMany({
    where: { incidentId },
    orderBy: { createdAt: 'asc' },
    select: {
      title: true,
      kind: true,
      ownerId: true,
      ownerTimeZone: true,
      dueAt: true,
      status: true,
      trackerUrl: true,
      wontDoReason: true,
    },
  });

/** The name of everyone the incident mentions, from the cache of Slack users; the id when unknown. */
export const readNames = async (
  prisma: Pick<PrismaClient, 'slackUser'>,
  people: Set<string>,
): Promise<Record<string, string>> => {
  const cached = await prisma.slackUser.findMany({
    where: { userId: { in: [...people] } },
    select: { userId: true, name: true },
  });
  const known = new Map(cached.map((user) => [user.userId, user.name]));
  return Object.fromEntries([...people].sort().map((id) => [id, known.get(id) ?? id]));
};

export const createPostmortemFactsStore = (prisma: PrismaClient): PostmortemFactsStore => ({
  readFacts: async ({ incident, team, now }) => {
    const until = incident.resolvedAt ?? now;
    const lookbackStart = findSuspectLookbackStart({
      start: findIncidentStart(incident),
      lookbackMinutes: team.deploys.suspectLookbackMinutes,
    });
    const from = new Date(lookbackStart.getTime() - DAY_MS);
    const services = incident.services;
    const timeline = await createTimelineStore(prisma).listForIncident(incident.id);
    const impactWindows = await prisma.impactWindow.findMany({
      where: { incidentId: incident.id },
      orderBy: [{ startedAt: 'asc' }, { createdAt: 'asc' }],
      select: { service: true, kind: true, startedAt: true, endedAt: true },
    });
    const downtime = await readDowntime(prisma, { services, team, until });
    const deploys = await readDeploys(prisma, { services, from, until });
    const alerts = await readAlerts(prisma, { services, from, until });
    const actionItems = await readActionItems(prisma, incident.id);

    const people = new Set<string>([incident.declaredBy, ...Object.values(incident.roles)]);
    for (const row of timeline) {
      if (row.actorId) people.add(row.actorId);
      for (const [, id] of row.text.matchAll(MENTION)) if (id) people.add(id);
    }
    for (const item of actionItems) if (item.ownerId) people.add(item.ownerId);
    const names = await readNames(prisma, people);

    return { incident, timeline, impactWindows, downtime, deploys, alerts, actionItems, names };
  },
});
