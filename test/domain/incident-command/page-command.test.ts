import { describe, expect, it } from 'vitest';
import type { TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { parse, parseRefusal } from './command-fixtures.ts';

const PAGE_FORM =
  'Use `/incident page [#42] &lt;service&gt; [reason]`, for example `/incident page search Autocomplete times out for every query`.';

describe('parseIncidentCommand: page', () => {
  it.each<[string, TIncidentCommand]>([
    ['page search', { kind: 'page', service: 'search' }],
    ['page Search  Autocomplete   is down', { kind: 'page', service: 'search', reason: 'Autocomplete is down' }],
    [
      'page #42 checkout-api 5xx &gt; 20%',
      { kind: 'page', service: 'checkout-api', reason: '5xx > 20%', incident: 42 },
    ],
    ['page 42 search', { kind: 'page', service: 'search', incident: 42 }],
  ])('reads /incident %j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string[]]>([
    ['page', ["Which service's on-call?", 'Known services: `checkout-api`, `payments`, `search`', PAGE_FORM]],
    ['page #42', ["Which service's on-call?", PAGE_FORM]],
    ['page serch now', ['Unknown service `serch`. Did you mean `search`?', PAGE_FORM]],
    ['page #0 search', ['`#0` is not an incident number', PAGE_FORM]],
    ['pgae search', ['Did you mean `/incident page`?']],
  ])('refuses /incident %j', (text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });
});

const ONCALL_FORM = 'Use `/incident oncall &lt;service&gt;`, for example `/incident oncall checkout-api`.';

describe('parseIncidentCommand: oncall', () => {
  it.each<[string, TIncidentCommand]>([
    ['oncall search', { kind: 'oncall', service: 'search' }],
    ['oncall  Checkout-API ', { kind: 'oncall', service: 'checkout-api' }],
  ])('reads /incident %j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string[]]>([
    ['oncall', ["Which service's on-call?", 'Known services: `checkout-api`, `payments`, `search`', ONCALL_FORM]],
    ['oncall serch', ['Unknown service `serch`. Did you mean `search`?', ONCALL_FORM]],
    ['oncall search now please', ["`oncall` takes one service; I can't read `now please`.", ONCALL_FORM]],
    ['oncal search', ['Did you mean `/incident oncall`?']],
  ])('refuses /incident %j', (text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });
});
