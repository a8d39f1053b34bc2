import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../src/domain/incident/incident.ts';
import {
  type CommandContext,
  INCIDENT_HELP,
  parseIncidentCommand,
  type TIncidentCommand,
} from '../../../src/domain/incident-command/incident-command.ts';

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
    [
      'impact outage 2026-09-02 09:15 checkout-api backdate',
      {
        kind: 'impact',
        action: 'outage',
        time: '2026-09-02 09:15',
        services: ['checkout-api'],
        backdate: true,
      },
    ],
    [
      'impact end Backdate 2026-09-02 10:00 #42',
      {
        kind: 'impact',
        action: 'end',
        time: '2026-09-02 10:00',
        services: [],
        backdate: true,
        incident: 42,
      },
    ],
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
      expect(result.message).toContain('`/incident impact outage|degraded|end [time] [service…] [#42] [backdate]`');
    }
  });

  it('is in the help, with examples that parse', () => {
    expect(INCIDENT_HELP).toContain('/incident impact outage|degraded|end [time] [service…] [#42] [backdate]');
    expect(INCIDENT_HELP).toContain('A time more than 30 days back needs `backdate`');
    for (const example of [
      'impact outage 13:58',
      'impact degraded 14:10 checkout-api',
      'impact end 14:31',
      'impact outage 2026-09-02 09:15 checkout-api backdate',
    ]) {
      expect(INCIDENT_HELP).toContain(`/incident ${example}`);
      expect(parse(example).ok).toBe(true);
    }
  });

  it('suggests impact for a near miss of the word', () => {
    const result = parse('impcat outage');
    expect(result.ok ? '' : result.message).toContain('Did you mean `/incident impact`?');
  });
});
