import { describe, expect, it } from 'vitest';
import { blockErrors } from '../../../demo/fake-slack/block-kit.ts';
import { flattenBlocks } from '../../../demo/fake-slack/block-text.ts';
import type { SlackMessage } from '../../../src/slack/blocks/format.ts';
import {
  buildDeclaredAnnouncement,
  buildResolvedAnnouncement,
  buildSeverityAnnouncement,
} from '../../../src/slack/blocks/incident-announcement.ts';
import { buildIncident, SEVERITIES } from '../../support/incident-factory.ts';

const readAll = (message: SlackMessage): string => flattenBlocks(message.blocks).join('\n');

const incident = buildIncident({
  number: 42,
  severity: 1,
  title: 'Checkout is down',
  channelId: 'C42',
  services: ['checkout-api', 'payments'],
  roles: { lead: 'U1' },
  declaredBy: 'U_DECLARER',
  declaredAt: new Date('2026-03-10T09:00:00Z'),
});

describe('buildDeclaredAnnouncement', () => {
  const message = buildDeclaredAnnouncement({ incident, severities: SEVERITIES, channelId: 'C42' });

  it.each([
    { rule: 'says which incident was declared', expected: '*Incident 42 declared: Checkout is down*' },
    { rule: 'links the incident channel', expected: 'Follow it in <#C42>.' },
    { rule: 'names the severity', expected: '*Severity* SEV1 — Critical' },
    { rule: 'names the lead', expected: '*Lead* <@U1>' },
    { rule: 'names the services', expected: '*Services* checkout-api, payments' },
    { rule: 'names who declared it', expected: '*Declared by* <@U_DECLARER>' },
  ])('$rule', ({ expected }) => {
    expect(readAll(message)).toContain(expected);
  });

  it('has a fallback text with the channel', () => {
    expect(message.text).toBe('Incident 42 declared (SEV1): Checkout is down. Follow it in <#C42>.');
  });

  it('says when no lead or service is named yet', () => {
    const bare = buildIncident({ roles: {}, services: [] });
    const text = readAll(buildDeclaredAnnouncement({ incident: bare, severities: SEVERITIES, channelId: 'C42' }));
    expect(text).toContain('*Lead* not assigned yet');
    expect(text).toContain('*Services* none named');
  });

  it('escapes the title and keeps within Slack limits when it is very long', () => {
    const loud = buildIncident({ title: `<!channel> ${'&'.repeat(5000)}`, services: ['x'.repeat(5000)] });
    const announced = buildDeclaredAnnouncement({ incident: loud, severities: SEVERITIES, channelId: 'C42' });
    expect(announced.text).not.toContain('<!channel>');
    expect(readAll(announced)).not.toContain('<!channel>');
    expect(blockErrors(announced.blocks)).toEqual([]);
  });
});

describe('buildSeverityAnnouncement', () => {
  it.each([
    { from: 3, to: 1, expected: ':arrow_up: *Incident 42 raised from SEV3 to SEV1: Checkout is down*' },
    { from: 2, to: 1, expected: ':arrow_up: *Incident 42 raised from SEV2 to SEV1: Checkout is down*' },
    { from: 1, to: 3, expected: ':arrow_down: *Incident 42 lowered from SEV1 to SEV3: Checkout is down*' },
  ])('a move from level $from to $to reads $expected', ({ from, to, expected }) => {
    const message = buildSeverityAnnouncement({
      incident: { ...incident, severity: to },
      severities: SEVERITIES,
      from,
      to,
    });
    expect(readAll(message)).toContain(expected);
  });

  it('names the new severity, the lead and the services, and links the channel', () => {
    const message = buildSeverityAnnouncement({ incident, severities: SEVERITIES, from: 3, to: 1 });
    const text = readAll(message);
    expect(text).toContain('Follow it in <#C42>.');
    expect(text).toContain('*Severity* SEV1 — Critical');
    expect(text).toContain('*Lead* <@U1>');
    expect(text).toContain('*Services* checkout-api, payments');
    expect(message.text).toBe('Incident 42 raised from SEV3 to SEV1: Checkout is down. Follow it in <#C42>.');
  });

  it('links the channel the caller names over the one on the incident', () => {
    const message = buildSeverityAnnouncement({ incident, severities: SEVERITIES, from: 3, to: 1, channelId: 'C99' });
    expect(readAll(message)).toContain('Follow it in <#C99>.');
  });

  it('says the channel is being created when it has none yet', () => {
    const message = buildSeverityAnnouncement({
      incident: { ...incident, channelId: null },
      severities: SEVERITIES,
      from: 3,
      to: 1,
    });
    expect(readAll(message)).toContain('Follow it in channel being created.');
  });
});

describe('buildResolvedAnnouncement', () => {
  it.each([
    {
      rule: 'counts from the declaration',
      impactStartedAt: null,
      resolvedAt: new Date('2026-03-10T10:12:00Z'),
      expected: 'resolved after 1 h 12 min: Checkout is down*',
    },
    {
      rule: 'counts from when impact started when known',
      impactStartedAt: new Date('2026-03-10T08:00:00Z'),
      resolvedAt: new Date('2026-03-10T10:12:00Z'),
      expected: 'resolved after 2 h 12 min: Checkout is down*',
    },
    {
      rule: 'counts days for a long incident',
      impactStartedAt: null,
      resolvedAt: new Date('2026-03-12T09:05:00Z'),
      expected: 'resolved after 2 d 5 min: Checkout is down*',
    },
    {
      rule: 'leaves the duration out when the resolution time is unknown',
      impactStartedAt: null,
      resolvedAt: null,
      expected: ':white_check_mark: *Incident 42 resolved: Checkout is down*',
    },
  ])('says how long it lasted: $rule', ({ impactStartedAt, resolvedAt, expected }) => {
    const resolved = { ...incident, status: 'resolved' as const, impactStartedAt, resolvedAt };
    expect(readAll(buildResolvedAnnouncement({ incident: resolved, severities: SEVERITIES }))).toContain(expected);
  });

  it('points to the record in the channel and names the lead', () => {
    const resolved = { ...incident, status: 'resolved' as const, resolvedAt: new Date('2026-03-10T10:12:00Z') };
    const message = buildResolvedAnnouncement({ incident: resolved, severities: SEVERITIES });
    expect(readAll(message)).toContain('The record is in <#C42>.');
    expect(readAll(message)).toContain('*Lead* <@U1>');
    expect(message.text).toBe('Incident 42 resolved after 1 h 12 min: Checkout is down. The record is in <#C42>.');
  });
});
