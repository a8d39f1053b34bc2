import { describe, expect, it } from 'vitest';
import type { CommandContext, TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { parseIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';

const context: CommandContext = {
  severities: [{ level: 1, name: 'SEV1', description: 'Critical' }],
  defaultSeverity: 1,
  services: ['checkout-api', 'search', '3ds-gateway'],
};

describe('parseIncidentCommand: report', () => {
  it.each<[string, TIncidentCommand]>([
    ['report', { kind: 'report' }],
    ['REPORT', { kind: 'report' }],
    ['report checkout-api', { kind: 'report', service: 'checkout-api' }],
    ['report Checkout-API', { kind: 'report', service: 'checkout-api' }],
    ['report 2026-10', { kind: 'report', period: '2026-10' }],
    ['report 2026-q4', { kind: 'report', period: '2026-q4' }],
    ['report checkout-api 2026-10', { kind: 'report', service: 'checkout-api', period: '2026-10' }],
    ['report  2026-Q4\tsearch', { kind: 'report', service: 'search', period: '2026-Q4' }],
    // Whether the period exists is for the team's zone to say, later: the parser keeps what looks like one.
    ['report 2026-13', { kind: 'report', period: '2026-13' }],
    ['report 20261', { kind: 'report', period: '20261' }],
    // A configured service that starts with digits is the service, not a period.
    ['report 3ds-gateway', { kind: 'report', service: '3ds-gateway' }],
  ])('reads /incident %j', (text, command) => {
    expect(parseIncidentCommand(text, context)).toEqual({ ok: true, command });
  });

  it.each<[string, string[]]>([
    ['report chekout-api', ["I don't know `chekout-api` here. Did you mean `checkout-api`?", '`2026-Q4`']],
    ['report Q4', ["I don't know `Q4` here.", 'A period is a month as `2026-10` or a quarter as `2026-Q4`.']],
    ['report checkout-api search', ['A report covers one service, or every service when you name none.']],
    ['report 2026-10 2026-11', ['A report covers one month or one quarter.']],
    // Shown back inert: never a mention of the person.
    ['report <@U123|alice>', ["I don't know `&lt;@U123|alice&gt;` here."]],
  ])('refuses /incident %j, showing the form', (text, parts) => {
    const result = parseIncidentCommand(text, context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const part of parts) expect(result.message).toContain(part);
    expect(result.message).toContain('Use `/incident report [service] [2026-10|2026-Q4]`');
  });

  it('suggests report for a near miss of the word', () => {
    const result = parseIncidentCommand('reprot', context);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('Did you mean `/incident report`?') });
  });
});
