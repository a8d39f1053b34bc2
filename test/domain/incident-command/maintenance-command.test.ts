import { describe, expect, it } from 'vitest';
import type { TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { INCIDENT_HELP } from '../../../src/domain/incident-command/incident-command.ts';
import { parse, parseRefusal } from './command-fixtures.ts';

const FORM =
  'Use `/incident maintenance &lt;service[,service]&gt; &lt;start&gt; &lt;duration&gt; &lt;public text&gt;`, for example `/incident maintenance checkout-api,search tomorrow 02:00 90m Database upgrade; checkout may be slow`.';

describe('parseIncidentCommand: maintenance', () => {
  it.each<[string, TIncidentCommand]>([
    [
      'maintenance checkout-api,search tomorrow 02:00 90m Database upgrade; checkout may be slow',
      {
        kind: 'maintenance',
        services: ['checkout-api', 'search'],
        start: 'tomorrow 02:00',
        minutes: 90,
        publicText: 'Database upgrade; checkout may be slow',
      },
    ],
    [
      'maintenance Search 2026-12-10 02:00 1h30m Reindexing',
      { kind: 'maintenance', services: ['search'], start: '2026-12-10 02:00', minutes: 90, publicText: 'Reindexing' },
    ],
    [
      'maintenance checkout-api, payments 22:00 2h Card &amp; wallet upgrade',
      {
        kind: 'maintenance',
        services: ['checkout-api', 'payments'],
        start: '22:00',
        minutes: 120,
        publicText: 'Card & wallet upgrade',
      },
    ],
    [
      'maintenance search,search today 23:00 7d Migration',
      { kind: 'maintenance', services: ['search'], start: 'today 23:00', minutes: 10_080, publicText: 'Migration' },
    ],
    ['maintenance list', { kind: 'maintenance_list' }],
    ['maintenance LIST', { kind: 'maintenance_list' }],
    ['maintenance cancel 3', { kind: 'maintenance_cancel', maintenance: { number: 3 } }],
    ['maintenance cancel #3', { kind: 'maintenance_cancel', maintenance: { number: 3 } }],
    [
      'maintenance cancel 6F1C2A9E-1B7D-4C55-8E2A-0D3B9F4A7C21',
      { kind: 'maintenance_cancel', maintenance: { id: '6f1c2a9e-1b7d-4c55-8e2a-0d3b9f4a7c21' } },
    ],
  ])('reads /incident %j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string[]]>([
    ['maintenance', ['Which services?', 'Known services: `checkout-api`, `payments`, `search`', FORM]],
    [
      'maintenance chekout-api tomorrow 02:00 90m Upgrade',
      ['Unknown service `chekout-api`. Did you mean `checkout-api`?', FORM],
    ],
    ['maintenance search,serch 02:00 90m Upgrade', ['Unknown service `serch`. Did you mean `search`?']],
    ['maintenance search', ['When does it start?', FORM]],
    ['maintenance search soon 90m Upgrade', ['`soon` is not a start', FORM]],
    ['maintenance search tomorrow 02:00', ['How long will it last?']],
    ['maintenance search tomorrow 02:00 90 Upgrade', ['`90` is not a duration: write `90m`, `2h` or `1h30m`.']],
    ['maintenance search tomorrow 02:00 0m Upgrade', ['A maintenance lasts at least a minute.']],
    ['maintenance search tomorrow 02:00 8d Upgrade', ['`8d` is too long: a maintenance lasts at most 7 days.']],
    ['maintenance search tomorrow 02:00 7d1m Upgrade', ['is too long']],
    ['maintenance search tomorrow 02:00 90m', ['What should people read about it?']],
    [`maintenance search tomorrow 02:00 90m ${'x'.repeat(501)}`, ['Keep the public text under 500 characters.']],
    [
      'maintenance search tomorrow 02:00 90m Ask <@U05ALICE01> in <#C0123|inc-42-db>',
      ['leave out mentions of people, channels and groups'],
    ],
    ['maintenance list now', ['Listing takes nothing after the word.']],
    ['maintenance cancel', ['Which maintenance?']],
    ['maintenance cancel soon', ['`soon` is not a maintenance number']],
    ['maintenance cancel 0', ['`0` is not a maintenance number']],
    ['maintenance cancel 3 4', ['Cancel one maintenance at a time.']],
    ['maintenence search 02:00 1h x', ['Did you mean `/incident maintenance`?']],
  ])('refuses /incident %j', (text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });

  it('is in the help, with its forms', () => {
    expect(INCIDENT_HELP).toContain('/incident maintenance list');
    expect(INCIDENT_HELP).toContain('/incident maintenance cancel 3');
    expect(INCIDENT_HELP).toContain(
      '/incident maintenance checkout-api,search tomorrow 02:00 90m Database upgrade; checkout may be slow',
    );
  });
});
