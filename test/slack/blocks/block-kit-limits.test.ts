import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActionItemView } from '../../../src/domain/action-items/action-item-view.ts';
import type { ImpactWindow } from '../../../src/domain/impact/impact-window.ts';
import { buildActionDigest } from '../../../src/slack/blocks/action-digest.ts';
import { buildActionItemList } from '../../../src/slack/blocks/action-item-list.ts';
import { buildReassignModal, buildWontDoModal } from '../../../src/slack/blocks/action-item-modals.ts';
import { buildAddToTimelineModal } from '../../../src/slack/blocks/add-to-timeline-modal.ts';
import { buildAppHome } from '../../../src/slack/blocks/app-home.ts';
import { buildCloseWindowsModal } from '../../../src/slack/blocks/close-windows-modal.ts';
import { buildDeclareModal } from '../../../src/slack/blocks/declare-modal.ts';
import { buildDeployList } from '../../../src/slack/blocks/deploy-list.ts';
import {
  buildDeclaredAnnouncement,
  buildResolvedAnnouncement,
  buildSeverityAnnouncement,
} from '../../../src/slack/blocks/incident-announcement.ts';
import { buildIncidentList } from '../../../src/slack/blocks/incident-list.ts';
import { buildIncidentSummary, type SummarySuspect } from '../../../src/slack/blocks/incident-summary.ts';
import { buildRecordImpactModal } from '../../../src/slack/blocks/record-impact-modal.ts';
import { buildResolvePrompt } from '../../../src/slack/blocks/resolve-prompt.ts';
import { checkBlockKitLimits } from '../../support/block-kit-limits.ts';
import { buildIncident, SEVERITIES } from '../../support/incident-factory.ts';

const NOW = new Date('2026-03-10T10:12:00Z');

// Text as long as people and webhooks make it: up to a few thousand characters, with `&<>` that escaping lengthens.
const longText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 300 }),
  fc.string({ minLength: 1, maxLength: 5 }).map((piece) => piece.repeat(800)),
  fc.constant('&<>'.repeat(1500)),
);
const manyOf = <T>(item: fc.Arbitrary<T>, max: number) => fc.array(item, { maxLength: max });

const incidentArb = fc
  .record({
    number: fc.integer({ min: 1, max: 99_999 }),
    title: longText,
    description: longText,
    services: manyOf(longText, 30),
  })
  .map(({ number, ...rest }) => buildIncident({ ...rest, id: randomUUID(), number, roles: { lead: 'U0LEAD' } }));

const suspectArb = fc.record({
  service: longText,
  version: longText,
  environment: longText,
  status: longText,
  actor: fc.option(longText),
  url: fc.option(fc.webUrl()),
  occurredAt: fc.constant(NOW),
}) satisfies fc.Arbitrary<SummarySuspect>;

const actionItemArb = fc
  .record({
    title: longText,
    reason: fc.option(longText),
    tracker: fc.option(fc.webUrl()),
    services: manyOf(longText, 3),
  })
  .map(
    ({ title, reason, tracker, services }): ActionItemView => ({
      id: randomUUID(),
      incidentId: randomUUID(),
      incidentNumber: 42,
      incidentTitle: title,
      incidentChannelId: 'C42',
      incidentLeadId: 'U0LEAD',
      services,
      title,
      kind: null,
      status: reason === null ? 'open' : 'wont_do',
      ownerId: 'U0OWNER',
      ownerTimeZone: 'UTC',
      dueAt: NOW,
      trackerUrl: tracker,
      ticket: null,
      createdBy: 'U0LEAD',
      createdAt: NOW,
      updatedAt: NOW,
      doneAt: null,
      closedBy: null,
      wontDoReason: reason,
      nextReminderAt: null,
      escalatedAt: null,
    }),
  );

const windowArb = fc.record({ service: longText, kind: fc.constantFrom('outage' as const, 'degraded' as const) }).map(
  ({ service, kind }): ImpactWindow => ({
    id: randomUUID(),
    incidentId: 'incident-42',
    service,
    kind,
    startedAt: new Date('2026-03-10T09:00:00Z'),
    endedAt: null,
  }),
);

const request = (message: string) => ({ incidentId: randomUUID(), openWindows: 'v', message });

/** Each builder, fed generated data: the surface it is shown on and what it returns. */
const BUILDERS = {
  summary: fc
    .tuple(incidentArb, manyOf(suspectArb, 30), manyOf(longText, 30))
    .map(([incident, deploys, actionItems]) => ({
      surface: 'message' as const,
      built: buildIncidentSummary({
        incident,
        severities: SEVERITIES,
        teamTimeZone: 'UTC',
        now: NOW,
        links: {},
        suspects: { deploys, lookbackMinutes: 60 },
        actionItems,
      }),
    })),
  announcements: incidentArb.map((incident) => ({
    surface: 'message' as const,
    built: [
      buildDeclaredAnnouncement({ incident, severities: SEVERITIES, channelId: 'C42' }),
      buildSeverityAnnouncement({ incident, severities: SEVERITIES, from: 3, to: 1 }),
      buildResolvedAnnouncement({
        incident: { ...incident, resolvedAt: NOW, status: 'resolved' },
        severities: SEVERITIES,
      }),
    ],
  })),
  incidentList: manyOf(incidentArb, 80).map((incidents) => ({
    surface: 'message' as const,
    built: buildIncidentList({ incidents, severities: SEVERITIES, now: NOW, teamTimeZone: 'UTC' }),
  })),
  appHome: fc.tuple(manyOf(incidentArb, 80), manyOf(longText, 150)).map(([incidents, titles]) => ({
    surface: 'home' as const,
    built: buildAppHome({
      incidents,
      severities: SEVERITIES,
      now: NOW,
      viewerId: 'U0LEAD',
      actions: titles.map((title, i) => ({ title, incidentNumber: i + 1, dueAt: NOW, overdue: i % 2 === 0 })),
    }),
  })),
  actionItemList: fc.tuple(incidentArb, manyOf(actionItemArb, 60)).map(([incident, actions]) => ({
    surface: 'message' as const,
    built: buildActionItemList({ list: { scope: 'all', incident, actions, now: NOW } }),
  })),
  actionDigest: manyOf(actionItemArb, 120).map((open) => ({
    surface: 'message' as const,
    built: buildActionDigest({ open, day: '2026-03-09', now: NOW }),
  })),
  deployList: fc.tuple(manyOf(suspectArb, 80), fc.option(longText)).map(([deploys, service]) => ({
    surface: 'message' as const,
    built: buildDeployList({ deploys, service: service ?? undefined, minutes: 60, teamTimeZone: 'UTC' }),
  })),
  resolvePrompt: fc.tuple(incidentArb, manyOf(windowArb, 80), longText).map(([incident, open, message]) => ({
    surface: 'message' as const,
    built: buildResolvePrompt({ start: { kind: 'close_windows', incident, open }, message }),
  })),
  closeWindowsModal: fc.tuple(incidentArb, manyOf(windowArb, 80), longText).map(([incident, open, message]) => ({
    surface: 'modal' as const,
    built: buildCloseWindowsModal({ incident, open, now: NOW, request: request(message), teamTimeZone: 'UTC' }),
  })),
  recordImpactModal: fc.tuple(incidentArb, manyOf(longText, 150), longText).map(([incident, services, message]) => ({
    surface: 'modal' as const,
    built: buildRecordImpactModal({ incident, services, now: NOW, request: request(message) }),
  })),
  declareModal: manyOf(longText, 150).map((services) => ({
    surface: 'modal' as const,
    built: buildDeclareModal({ severities: SEVERITIES, defaultSeverity: 2, services, teamTimeZone: 'UTC' }),
  })),
  addToTimelineModal: fc.tuple(manyOf(incidentArb, 120), longText).map(([incidents, text]) => ({
    surface: 'modal' as const,
    built: buildAddToTimelineModal({
      incidents,
      message: { channelId: 'C1', ts: '1.2', text, userId: 'U1', files: [] },
    }),
  })),
  actionItemModals: actionItemArb.map((actionItem) => {
    const click = { actionId: actionItem.id, scope: 'all' as const, incident: 42, channelId: 'C42' };
    return {
      surface: 'modal' as const,
      built: [buildReassignModal({ actionItem, click }), buildWontDoModal({ actionItem, click })],
    };
  }),
};

describe("builders, fed generated data, stay within Slack's Block Kit limits", () => {
  it.each(Object.entries(BUILDERS))('%s', (_name, generated) => {
    fc.assert(
      fc.property(generated, ({ surface, built }) => {
        const payloads = Array.isArray(built) ? built : [built];
        expect(payloads.flatMap((payload) => checkBlockKitLimits(surface, payload))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
