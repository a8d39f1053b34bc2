import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActionItemView } from '../../../src/domain/action-items/action-item-view.ts';
import type { IncidentView } from '../../../src/domain/incident/incident.ts';
import { renderTimelineForSlack } from '../../../src/render/timeline.ts';
import { buildActionItemList } from '../../../src/slack/blocks/action-item-list.ts';
import { buildAppHome } from '../../../src/slack/blocks/app-home.ts';
import { buildDeployList } from '../../../src/slack/blocks/deploy-list.ts';
import {
  buildDeclaredAnnouncement,
  buildResolvedAnnouncement,
  buildSeverityAnnouncement,
} from '../../../src/slack/blocks/incident-announcement.ts';
import { buildIncidentList } from '../../../src/slack/blocks/incident-list.ts';
import { buildIncidentSummary, type SummarySuspect } from '../../../src/slack/blocks/incident-summary.ts';
import { BUILT_DATE, collectTexts, findForeignTokens, hostileText } from '../../support/hostile-text.ts';
import { buildIncident, SEVERITIES } from '../../support/incident-factory.ts';

const NOW = new Date('2026-03-10T10:12:00Z');
const TRUSTED_URL = 'https://ci.example.com/runs/1';

/** What these builders put in `<…>` themselves: the incident channel, dates, and links to URLs sitrep was given. */
const BUILT = ['<#C42>', BUILT_DATE, new RegExp(`^<${TRUSTED_URL.replaceAll('.', '\\.')}\\|[^<>]*>$`)];

const incidentWith = (text: string): IncidentView =>
  buildIncident({
    title: text,
    description: text,
    services: [text, 'checkout-api'],
    roles: { lead: 'U0LEAD' },
    declaredBy: 'U0DECLARER',
    resolvedAt: null,
  });

const suspectWith = (text: string): SummarySuspect => ({
  service: text,
  version: text,
  environment: text,
  status: text,
  actor: text,
  url: TRUSTED_URL,
  occurredAt: NOW,
});

const actionItemWith = (text: string): ActionItemView => ({
  id: 'a1',
  incidentId: 'incident-42',
  incidentNumber: 42,
  incidentTitle: text,
  incidentChannelId: 'C42',
  incidentLeadId: 'U0LEAD',
  services: [text],
  title: text,
  kind: null,
  status: 'wont_do',
  ownerId: 'U0OWNER',
  ownerTimeZone: 'UTC',
  dueAt: NOW,
  trackerUrl: TRUSTED_URL,
  ticket: null,
  createdBy: 'U0LEAD',
  createdAt: NOW,
  updatedAt: NOW,
  doneAt: null,
  closedBy: 'U0LEAD',
  wontDoReason: text,
  nextReminderAt: null,
  escalatedAt: null,
});

/** Every message and view builder that shows text from people or webhooks, fed one hostile string throughout. */
const BUILDERS: Record<string, (text: string) => unknown> = {
  summary: (text) =>
    buildIncidentSummary({
      incident: incidentWith(text),
      severities: SEVERITIES,
      teamTimeZone: 'UTC',
      now: NOW,
      links: { postmortemUrl: TRUSTED_URL },
      suspects: { deploys: [suspectWith(text)], lookbackMinutes: 60 },
    }),
  declared: (text) =>
    buildDeclaredAnnouncement({ incident: incidentWith(text), severities: SEVERITIES, channelId: 'C42' }),
  severity: (text) =>
    buildSeverityAnnouncement({ incident: incidentWith(text), severities: SEVERITIES, from: 2, to: 1 }),
  resolved: (text) =>
    buildResolvedAnnouncement({
      incident: { ...incidentWith(text), status: 'resolved', resolvedAt: NOW },
      severities: SEVERITIES,
    }),
  incidentList: (text) =>
    buildIncidentList({ incidents: [incidentWith(text)], severities: SEVERITIES, now: NOW, teamTimeZone: 'UTC' }),
  actionItemList: (text) =>
    buildActionItemList({
      list: { scope: 'all', incident: incidentWith(text), actions: [actionItemWith(text)], now: NOW },
    }),
  deployList: (text) =>
    buildDeployList({ deploys: [suspectWith(text)], service: text, minutes: 60, teamTimeZone: 'UTC' }),
  appHome: (text) =>
    buildAppHome({
      incidents: [incidentWith(text)],
      severities: SEVERITIES,
      now: NOW,
      viewerId: 'U0LEAD',
      actions: [{ title: text, incidentNumber: 42, dueAt: NOW, overdue: true }],
    }),
  timeline: (text) => renderTimelineForSlack({ incidentNumber: 42, title: text, items: [], zone: 'UTC', now: NOW }),
};

describe('messages and views, fed hostile text', () => {
  it.each(Object.entries(BUILDERS))('%s never holds a live token it did not build, in any text', (_name, build) => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        const foreign = collectTexts(build(text)).flatMap((shown) => findForeignTokens(shown, BUILT));
        expect(foreign).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
