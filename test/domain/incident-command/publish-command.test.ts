import { describe, expect, it } from 'vitest';
import type { TIncidentCommand } from '../../../src/domain/incident-command/incident-command.ts';
import { parse, parseRefusal } from './command-fixtures.ts';

const PUBLISH_FORM =
  'Use `/incident publish [#42] [title:"Public title"] [status:identified] &lt;text&gt;`, for example `/incident publish title:"Checkout is slow" We are looking into slow card payments.`.';

describe('parseIncidentCommand: publish', () => {
  it.each<[string, TIncidentCommand]>([
    ['publish We are looking into it.', { kind: 'publish', text: 'We are looking into it.' }],
    ['PUBLISH   Payments   are  slow', { kind: 'publish', text: 'Payments are slow' }],
    [
      'publish title:"Checkout is slow" We are looking into it.',
      { kind: 'publish', title: 'Checkout is slow', text: 'We are looking into it.' },
    ],
    ['publish title: "Checkout is slow" Looking', { kind: 'publish', title: 'Checkout is slow', text: 'Looking' }],
    ['publish title:“Curly quotes” from a Mac', { kind: 'publish', title: 'Curly quotes', text: 'from a Mac' }],
    [
      'publish TITLE:"Slow" status:Monitoring Recovering',
      { kind: 'publish', title: 'Slow', status: 'monitoring', text: 'Recovering' },
    ],
    [
      'publish status: identified title:"Slow" Cause found',
      { kind: 'publish', title: 'Slow', status: 'identified', text: 'Cause found' },
    ],
    ['publish #42 Fixed', { kind: 'publish', text: 'Fixed', incident: 42 }],
    ['publish inc-42 status:resolved Fixed', { kind: 'publish', status: 'resolved', text: 'Fixed', incident: 42 }],
    ['publish 3 regions are affected', { kind: 'publish', text: '3 regions are affected' }],
    ['publish p99 &gt; 2s &amp; rising', { kind: 'publish', text: 'p99 > 2s & rising' }],
    ['publish title:"A &amp; B" Slow', { kind: 'publish', title: 'A & B', text: 'Slow' }],
    ['publish We saw title:"x" later', { kind: 'publish', text: 'We saw title:"x" later' }],
  ])('reads /incident %j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each<[string, string[]]>([
    ['publish', ['A public update needs its text', PUBLISH_FORM]],
    ['publish #42', ['A public update needs its text']],
    ['publish title:"Slow"', ['A public update needs its text']],
    ['publish title:Slow payments', ['Put the public title in quotes', PUBLISH_FORM]],
    ['publish title:"Slow payments', ['Put the public title in quotes']],
    ['publish title:"" Text', ['The public title is empty']],
    ['publish title:"a" title:"b" Text', ['Give `title:` once.']],
    ['publish status:fixed Text', ["I can't read `fixed`", 'investigating, identified, monitoring or resolved']],
    ['publish status:monitorng Text', ['Did you mean `status:monitoring`?']],
    ['publish status:', ['`status:` takes investigating']],
    ['publish Ask <@U05BOB0002|bob> for details', ['leave out mentions of people, channels and groups']],
    ['publish See <#C0123|inc-42-checkout>', ['leave out mentions']],
    ['publish <!here> we are down', ['leave out mentions']],
    [
      `publish ${'a'.repeat(2001)}`,
      ['The public update is 2,001 characters long; the status page takes at most 2,000.'],
    ],
    [`publish title:"${'t'.repeat(121)}" Text`, ['The public title is 121 characters long']],
    ['publish #0 Text', ['`#0` is not an incident number']],
    ['pubilsh Text', ['Did you mean `/incident publish`?']],
  ])('refuses /incident %j', (text, fragments) => {
    const message = parseRefusal(text);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });

  it('takes exactly 2,000 characters of text', () => {
    expect(parse(`publish ${'a'.repeat(2000)}`)).toMatchObject({ ok: true });
  });
});
