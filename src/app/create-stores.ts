import { createActionItemStore } from '../store/action-item-store.ts';
import { createDeployStore } from '../store/deploy-store.ts';
import { createEmailSubscriptionStore } from '../store/email-subscription-store.ts';
import type { PrismaClient } from '../store/generated/client.ts';
import { createImpactStore } from '../store/impact-store.ts';
import { createIncidentStore } from '../store/incident-store.ts';
import { createMaintenanceStore } from '../store/maintenance-store.ts';
import { createOutboxStore } from '../store/outbox-store.ts';
import { createPostmortemFactsStore } from '../store/postmortem-facts-store.ts';
import { createPostmortemStore } from '../store/postmortem-store.ts';
import { createProcessedEventStore } from '../store/processed-event-store.ts';
import { createPublicUpdateStore } from '../store/public-update-store.ts';
import { createReportStore } from '../store/report-store.ts';
import { createRetentionStore } from '../store/retention-store.ts';
import { createSlackUserStore } from '../store/slack-user-store.ts';
import { createStatusPageStore } from '../store/status-page-store.ts';
import { createStatuspageStore } from '../store/statuspage-store.ts';
import { createTicketStore } from '../store/ticket-store.ts';
import { createTimelineStore } from '../store/timeline-store.ts';

export type Stores = ReturnType<typeof createStores>;

/** Every repository on one client: the server's whole view of the database. */
export const createStores = (prisma: PrismaClient) => ({
  actionItems: createActionItemStore(prisma),
  tickets: createTicketStore(prisma),
  deploys: createDeployStore(prisma),
  emailSubscriptions: createEmailSubscriptionStore(prisma),
  impacts: createImpactStore(prisma),
  incidents: createIncidentStore(prisma),
  maintenance: createMaintenanceStore(prisma),
  outbox: createOutboxStore(prisma),
  postmortemFacts: createPostmortemFactsStore(prisma),
  postmortems: createPostmortemStore(prisma),
  processedEvents: createProcessedEventStore(prisma),
  publicUpdates: createPublicUpdateStore(prisma),
  reports: createReportStore(prisma),
  retention: createRetentionStore(prisma),
  slackUsers: createSlackUserStore(prisma),
  statusPage: createStatusPageStore(prisma),
  statuspage: createStatuspageStore(prisma),
  timeline: createTimelineStore(prisma),
});
