import { describe, expect, it } from 'vitest';
import type { CommandContext, TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { parseIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { notAnIncident, parse, parseRefusal, SEVERITY_LIST } from './command-fixtures.ts';

const SEVERITY_FORM = 'Use `/incident sev [#42] &lt;severity&gt;`, for example `/incident sev 1`.';

describe('parseSeverity', () => {
  it.each<[string, string, TIncidentCommand]>([
    ['reads severity sev1', 'severity sev1', { kind: 'severity', severity: 1 }],
    ['reads sev-2 alone', 'sev-2', { kind: 'severity', severity: 2 }],
    [
      'names the incident with #42 before a bare severity',
      'sev #42 1',
      { kind: 'severity', severity: 1, incident: 42 },
    ],
    ['names the incident with 42 before another severity', 'sev 42 1', { kind: 'severity', severity: 1, incident: 42 }],
    ['names the incident after sev1', 'sev1 #42', { kind: 'severity', severity: 1, incident: 42 }],
    ['names the incident before sev1', 'severity 42 sev1', { kind: 'severity', severity: 1, incident: 42 }],
  ])('%s: %j', (_rule, text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string, string[]]>([
    ['a sev without the severity', 'sev', ['Which severity?', SEVERITY_LIST, SEVERITY_FORM]],
    ['a sev with an incident but no severity', 'sev #42', ['Which severity?', SEVERITY_FORM]],
    [
      'a near-miss severity',
      'sev sve1',
      ['`sve1` is not a severity. Did you mean `SEV1`?', SEVERITY_LIST, SEVERITY_FORM],
    ],
    ['an unknown bare level', 'sev 9', ['Unknown severity `9`.', SEVERITY_LIST, SEVERITY_FORM]],
    ['an unknown sev<level> alone', 'sev9', ['Unknown severity `sev9`.', SEVERITY_LIST, SEVERITY_FORM]],
    ['an unknown sev<level> after severity', 'severity sev7', ['Unknown severity `sev7`.', SEVERITY_FORM]],
    ['words after the severity', 'sev 1 right now', ["I don't know what to do with `right now`.", SEVERITY_FORM]],
    ['incident #0 after sev1', 'sev1 #0', [notAnIncident('#0'), SEVERITY_FORM]],
  ])('refuses %s: %j', (_rule, text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
    expect(message.length).toBeLessThan(1500);
  });

  it('offers no suggestion when nothing is near: sev qqqq', () => {
    expect(parseRefusal('sev qqqq')).not.toContain('Did you mean');
  });
});

describe('parseIncidentCommand: custom severities', () => {
  const custom: CommandContext = {
    severities: [
      { level: 1, name: 'Critical outage', description: '' },
      { level: 2, name: 'Major', description: '' },
      { level: 3, name: 'Minor', description: '' },
    ],
    defaultSeverity: 3,
    services: [],
  };

  it.each<[string, TIncidentCommand]>([
    [
      'declare critical OUTAGE Checkout is down',
      { kind: 'declare', severity: 1, services: [], title: 'Checkout is down' },
    ],
    [
      'declare Critical  outage: Checkout is down',
      { kind: 'declare', severity: 1, services: [], title: 'Checkout is down' },
    ],
    ['declare major Checkout is slow', { kind: 'declare', severity: 2, services: [], title: 'Checkout is slow' }],
    ['declare sev2 Checkout is slow', { kind: 'declare', severity: 2, services: [], title: 'Checkout is slow' }],
    [
      'declare Critical thinking needed',
      { kind: 'declare', severity: 3, services: [], title: 'Critical thinking needed' },
    ],
    ['sev critical outage', { kind: 'severity', severity: 1 }],
    ['Major', { kind: 'severity', severity: 2 }],
    ['minor #7', { kind: 'severity', severity: 3, incident: 7 }],
  ])('reads a configured severity name in any case: %j', (text, command) => {
    expect(parseIncidentCommand(text, custom)).toEqual({ ok: true, command });
  });

  it('lists the configured names when a severity is unknown', () => {
    const result = parseIncidentCommand('declare sev4 x', custom);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('`Critical outage` (level 1)') });
  });
});
