import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../src/domain/incident/incident.ts';
import {
  type CommandContext,
  INCIDENT_HELP,
  parseIncidentCommand,
  type TIncidentCommand,
} from '../../../src/domain/incident-command/incident-command.ts';
import { readTypedTime, type TypedTime } from '../../../src/domain/time/note-time.ts';

const severities: Severity[] = [1, 2, 3, 4].map((level) => ({ level, name: `SEV${level}`, description: '' }));
const context: CommandContext = { severities, defaultSeverity: 3, services: ['checkout-api', 'payments', 'search'] };

const parse = (text: string) => parseIncidentCommand(text, context);

describe('parseIncidentCommand: impact', () => {
  it.each<[string, TIncidentCommand]>([
    ['impact outage 13:58', { kind: 'impact', action: 'outage', time: '13:58', services: [] }],
    [
      'impact degraded 14:10 checkout-api',
      { kind: 'impact', action: 'degraded', time: '14:10', services: ['checkout-api'] },
    ],
    ['impact end 14:31', { kind: 'impact', action: 'end', time: '14:31', services: [] }],
    ['impact end', { kind: 'impact', action: 'end', services: [] }],
    ['IMPACT Outage', { kind: 'impact', action: 'outage', services: [] }],
    [
      'impact outage yesterday 23:50 checkout-api, search',
      { kind: 'impact', action: 'outage', time: 'yesterday 23:50', services: ['checkout-api', 'search'] },
    ],
    [
      'impact degraded 2026-11-20 23:50 search #42',
      { kind: 'impact', action: 'degraded', time: '2026-11-20 23:50', services: ['search'], incident: 42 },
    ],
    ['impact 42 end', { kind: 'impact', action: 'end', services: [], incident: 42 }],
    [
      'impact end Checkout-API 14:31 inc-7',
      { kind: 'impact', action: 'end', time: '14:31', services: ['checkout-api'], incident: 7 },
    ],
    ['impact outage search search', { kind: 'impact', action: 'outage', services: ['search'] }],
    // The time is checked later, in the author's zone; the parser only keeps it.
    ['impact outage 24:00', { kind: 'impact', action: 'outage', time: '24:00', services: [] }],
  ])('reads %j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['impact', /Which impact\? Say `outage` or `degraded` to start a window, `end` to close it\./],
    ['impact outgae', /Unknown impact `outgae`\. Did you mean `outage`\?/],
    [
      'impact outage 13:58 chekout-api',
      /Unknown service `chekout-api`\. Did you mean `checkout-api`\?.*Known services/,
    ],
    ['impact outage 13:58 14:00', /Give one time/],
    ['impact end 42', /`42` is not a service; to name incident 42, write `#42`\./],
    ['impact end #42 #43', /Name the incident once/],
    ['impact #0 end', /not an incident number/],
  ])('refuses %j', (text, message) => {
    const result = parse(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.message).toContain('`/incident impact outage|degraded|end [time] [service…] [#42]`');
    }
  });

  it('is in the help, with examples that parse', () => {
    expect(INCIDENT_HELP).toContain('/incident impact outage|degraded|end [time] [service…] [#42]');
    for (const example of ['impact outage 13:58', 'impact degraded 14:10 checkout-api', 'impact end 14:31']) {
      expect(INCIDENT_HELP).toContain(`/incident ${example}`);
      expect(parse(example).ok).toBe(true);
    }
  });

  it('suggests impact for a near miss of the word', () => {
    const result = parse('impcat outage');
    expect(result.ok ? '' : result.message).toContain('Did you mean `/incident impact`?');
  });
});

describe('readTypedTime', () => {
  const read = (typed: string, now = '2026-11-23T22:30:00Z', zone = 'America/Los_Angeles'): TypedTime =>
    readTypedTime(typed, { now: new Date(now), zone });
  const instant = (result: TypedTime) => (result.kind === 'at' ? result.occurredAt.toISOString() : result.message);

  it.each([
    ['13:58', '2026-11-23T21:58:00.000Z'],
    ['7:05', '2026-11-23T15:05:00.000Z'],
    ['yesterday 23:50', '2026-11-23T07:50:00.000Z'],
    ['2026-11-20 23:50', '2026-11-21T07:50:00.000Z'],
    // 01:30 happened twice when Los Angeles fell back on 1 November: the first, in PDT.
    ['2026-11-01 01:30', '2026-11-01T08:30:00.000Z'],
  ])('reads %j as the author’s wall clock', (typed, iso) => {
    expect(instant(read(typed))).toBe(iso);
  });

  it.each([
    [
      '23:00',
      /`23:00` in `America\/Los_Angeles` is in the future \(it is now 14:30 there\)\. For yesterday, write `yesterday 23:00`\./,
    ],
    ['24:00', /`24:00` is not a time: hours go from 0 to 23/],
    ['14:05pm', /`14:05pm` is not a time\. Give the time in your Slack time zone \(`America\/Los_Angeles`\)/],
    ['2026-11-20', /A date needs a time after it, as in `2026-11-20 14:05`/],
    ['2026-02-30 10:00', /`2026-02-30` is not a date/],
    ['yesterday', /`yesterday` is not a time/],
    ['2026-03-08 02:30', /did not happen in `America\/Los_Angeles`: the clocks jumped from 02:00 to 03:00/],
  ])('refuses %j', (typed, message) => {
    const result = read(typed);
    expect(result.kind).toBe('refused');
    expect(instant(result)).toMatch(message);
  });
});
