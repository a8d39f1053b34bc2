import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  renderTimelineForSlack,
  renderTimelineJson,
  renderTimelineMarkdown,
  type TimelineItem,
  type TimelineSource,
} from '../../src/render/timeline.ts';

const NOW = new Date('2026-11-28T12:00:00Z');

const entry = (occurredAt: string, overrides: Partial<TimelineItem> = {}): TimelineItem => ({
  occurredAt: new Date(occurredAt),
  source: 'command',
  actorId: null,
  text: 'Note',
  permalink: null,
  files: [],
  edited: false,
  ...overrides,
});

const renderSlack = (items: TimelineItem[], zone = 'Europe/Paris', title = 'Checkout is down') =>
  renderTimelineForSlack({ incidentNumber: 42, title, items, zone, now: NOW });

const sectionTexts = (blocks: KnownBlock[]): string[] =>
  blocks.flatMap((block) => (block.type === 'section' && block.text !== undefined ? [block.text.text] : []));

/** Every line of the entry sections: date lines and entry lines, as a person reads them. */
const timelineLines = (items: TimelineItem[], zone?: string): string[] =>
  sectionTexts(renderSlack(items, zone).blocks)
    .slice(1)
    .flatMap((text) => text.split('\n'));

const isEntryLine = (line: string): boolean => /^\d\d:\d\d · /.test(line);
const isDateLine = (line: string): boolean => /^\*\w{3} \d{1,2} \w{3} \d{4}\*$/.test(line);

/** 10,000 entries over five days, shaped like a long incident: notes, pins with links and files, deploys. */
const manyItems = ({ count = 10_000, textLength = 80 }: { count?: number; textLength?: number } = {}) => {
  const start = Date.parse('2026-11-23T06:00:00Z');
  const sources: TimelineSource[] = ['command', 'reaction', 'deploy', 'alert', 'lifecycle', 'shortcut'];
  return Array.from({ length: count }, (_, i) =>
    entry(new Date(start + Math.floor((i * 5 * 24 * 3_600_000) / count)).toISOString(), {
      source: sources[i % sources.length],
      actorId: i % 3 === 0 ? null : `U${i % 17}`,
      text:
        textLength < 50
          ? `ok ${i}`
          : `#${i} <@U${i % 5}> checked *checkout* <https://grafana.example/d/${i}|dashboard> `.padEnd(textLength, 'x'),
      permalink: `https://example.slack.com/archives/C1/p${1_795_000_000_000 + i}`,
      files: i % 10 === 0 ? [{ name: `graph-${i}.png`, url: `https://files.example/${i}.png` }] : [],
      edited: i % 7 === 0,
    }),
  );
};

describe('renderTimelineForSlack', () => {
  it.each([
    ['Europe/Paris', ['*Mon 23 Nov 2026*', '11:00', '*Tue 24 Nov 2026*', '00:30']],
    ['America/Los_Angeles', ['*Mon 23 Nov 2026*', '02:00', '15:30']],
    ['Asia/Kolkata', ['*Mon 23 Nov 2026*', '15:30', '*Tue 24 Nov 2026*', '05:00']],
    ['Pacific/Kiritimati', ['*Tue 24 Nov 2026*', '00:00', '13:30']],
  ])('puts a date line on every day change as seen in %s', (zone, expected) => {
    const lines = timelineLines([entry('2026-11-23T10:00:00Z'), entry('2026-11-23T23:30:00Z')], zone);
    expect(lines.map((line) => (isEntryLine(line) ? line.slice(0, 5) : line))).toEqual(expected);
  });

  it.each([
    ['Europe/Paris', '2026-03-29T00:30:00Z', '*Sun 29 Mar 2026*', '01:30'],
    ['Europe/Paris', '2026-03-29T01:30:00Z', '*Sun 29 Mar 2026*', '03:30'],
    ['Europe/Paris', '2026-10-25T00:30:00Z', '*Sun 25 Oct 2026*', '02:30'],
    ['Europe/Paris', '2026-10-25T01:30:00Z', '*Sun 25 Oct 2026*', '02:30'],
    ['America/New_York', '2026-03-08T06:30:00Z', '*Sun 8 Mar 2026*', '01:30'],
    ['America/New_York', '2026-03-08T07:30:00Z', '*Sun 8 Mar 2026*', '03:30'],
    ['Australia/Lord_Howe', '2026-10-03T15:15:00Z', '*Sun 4 Oct 2026*', '01:45'],
    ['Australia/Lord_Howe', '2026-10-03T15:45:00Z', '*Sun 4 Oct 2026*', '02:45'],
    ['Australia/Eucla', '2026-11-23T15:20:00Z', '*Tue 24 Nov 2026*', '00:05'],
    ['UTC', '2026-11-23T23:59:59Z', '*Mon 23 Nov 2026*', '23:59'],
  ])('shows %s at %s as %s %s, across DST changes and odd offsets', (zone, at, date, time) => {
    expect(timelineLines([entry(at)], zone).map((line) => (isEntryLine(line) ? line.slice(0, 5) : line))).toEqual([
      date,
      time,
    ]);
  });

  it('shows entries either side of a DST change in the same UTC hour at their own offsets', () => {
    const lines = timelineLines(
      [entry('2026-10-03T15:10:00Z'), entry('2026-10-03T15:29:00Z'), entry('2026-10-03T15:31:00Z')],
      'Australia/Lord_Howe',
    );
    expect(lines.map((line) => line.slice(0, 5))).toEqual(['*Sun ', '01:40', '01:59', '02:31']);
  });

  it('shows the date of each day of a multi-day incident, in order', () => {
    const items = ['23', '23', '24', '25', '25', '26', '27'].map((day) => entry(`2026-11-${day}T12:00:00Z`));
    expect(timelineLines(items, 'UTC').filter(isDateLine)).toEqual([
      '*Mon 23 Nov 2026*',
      '*Tue 24 Nov 2026*',
      '*Wed 25 Nov 2026*',
      '*Thu 26 Nov 2026*',
      '*Fri 27 Nov 2026*',
    ]);
  });

  it('shows entries oldest first whatever order they came in', () => {
    const lines = timelineLines(
      [entry('2026-11-23T12:00:00Z'), entry('2026-11-23T10:00:00Z'), entry('2026-11-23T11:00:00Z')],
      'UTC',
    );
    expect(lines.filter(isEntryLine).map((line) => line.slice(0, 5))).toEqual(['10:00', '11:00', '12:00']);
  });

  it.each<[string, Partial<TimelineItem>, string]>([
    ['a note without author or link', {}, '14:05 · :memo: Note'],
    ['the actor as a mention', { actorId: 'U123' }, '14:05 · :memo: Note — <@U123>'],
    [
      'the permalink',
      { permalink: 'https://x.slack.com/archives/C1/p1' },
      '14:05 · :memo: Note (<https://x.slack.com/archives/C1/p1|message>)',
    ],
    ['an edited message', { edited: true, actorId: 'U1' }, '14:05 · :memo: Note — <@U1> (edited)'],
    [
      'files as links, their names escaped',
      {
        files: [
          { name: 'graph <1>.png', url: 'https://files/1.png' },
          { name: 'log.txt', url: 'https://files/a|b' },
        ],
      },
      '14:05 · :memo: Note <https://files/1.png|graph &lt;1&gt;.png> <https://files/a%7Cb|log.txt>',
    ],
    [
      'stored mrkdwn as it is',
      { text: '*Rolled back* <https://ci/1|build 1> &amp; <@U9>' },
      '14:05 · :memo: *Rolled back* <https://ci/1|build 1> &amp; <@U9>',
    ],
    [
      'a message of several lines on one line',
      { text: 'First line\n\n  second line\n' },
      '14:05 · :memo: First line second line',
    ],
  ])('shows %s', (_rule, overrides, expected) => {
    expect(timelineLines([entry('2026-11-23T14:05:00Z', overrides)], 'UTC')).toEqual(['*Mon 23 Nov 2026*', expected]);
  });

  it.each<[TimelineSource, string]>([
    ['command', ':memo:'],
    ['lifecycle', ':arrows_counterclockwise:'],
    ['role', ':bust_in_silhouette:'],
    ['reaction', ':pushpin:'],
    ['shortcut', ':paperclip:'],
    ['deploy', ':rocket:'],
    ['alert', ':rotating_light:'],
    ['impact', ':chart_with_downwards_trend:'],
    ['system', ':gear:'],
  ])('marks a %s entry with %s', (source, emoji) => {
    expect(timelineLines([entry('2026-11-23T14:05:00Z', { source })], 'UTC')[1]).toBe(`14:05 · ${emoji} Note`);
  });

  it.each([
    ['Checkout <down> & out', 'Timeline of incident 42: Checkout &lt;down&gt; &amp; out'],
    ['<!channel> <@U1> look', 'Timeline of incident 42: &lt;!channel&gt; &lt;@U1&gt; look'],
    ['Plain title', 'Timeline of incident 42: Plain title'],
  ])('escapes the title %j', (title, heading) => {
    const message = renderSlack([entry('2026-11-23T14:05:00Z')], 'UTC', title);
    expect(message.text).toBe(heading);
    expect(sectionTexts(message.blocks)[0]).toBe(heading);
  });

  it('says so when nothing is on the timeline', () => {
    const message = renderSlack([]);
    expect(sectionTexts(message.blocks)).toEqual([
      'Timeline of incident 42: Checkout is down\nNothing is on this timeline yet.',
    ]);
  });

  it('names the zone and the moment of viewing below the timeline', () => {
    const message = renderSlack([entry('2026-11-23T14:05:00Z')], 'Europe/Paris');
    expect(message.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '1 entry · times in Europe/Paris, as of Sat 28 Nov 2026 13:00' }],
    });
  });

  it.each([
    ['typical entries', manyItems()],
    ['entries of 5,000 characters', manyItems({ textLength: 5_000 })],
    ['short entries', manyItems({ textLength: 10 })],
  ])('stays within Slack limits for 10,000 %s and counts the earlier ones', (_case, items) => {
    const { blocks } = renderSlack(items);
    const texts = blocks.flatMap((block) =>
      block.type === 'section'
        ? [block.text?.text ?? '']
        : block.type === 'context'
          ? block.elements.map((element) => ('text' in element ? element.text : ''))
          : [],
    );
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const text of sectionTexts(blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(texts.join('').length).toBeLessThanOrEqual(12_000);

    const lines = sectionTexts(blocks).slice(1).join('\n').split('\n');
    const shown = lines.filter(isEntryLine).length;
    expect(shown).toBeGreaterThan(0);
    expect(sectionTexts(blocks)[0]?.split('\n')[1]).toBe(
      `…${10_000 - shown} earlier entries; run \`sitrep timeline 42\` for all of them.`,
    );
    // The most recent ones, under the date of the first one shown.
    expect(isDateLine(lines[0] ?? '')).toBe(true);
    expect(lines.find(isEntryLine)?.match(/(?:#|ok )(\d+)/)?.[1]).toBe(String(10_000 - shown));
    expect(lines.at(-1)).toMatch(/^06:59 · \S+ (#9999|ok 9999) /);
    expect(lines.filter(isDateLine).length).toBeGreaterThanOrEqual(1);
  });

  it('counts a single earlier entry in the singular', () => {
    const items = manyItems({ count: 5, textLength: 5_000 });
    expect(sectionTexts(renderSlack(items).blocks)[0]?.split('\n')[1]).toBe(
      '…1 earlier entry; run `sitrep timeline 42` for it.',
    );
  });

  it('shows every entry, with no earlier-entries line, when all fit', () => {
    const items = manyItems({ count: 30 });
    const texts = sectionTexts(renderSlack(items).blocks);
    expect(texts[0]).toBe('Timeline of incident 42: Checkout is down');
    expect(texts.slice(1).join('\n').split('\n').filter(isEntryLine)).toHaveLength(30);
  });

  it('cuts a very long entry with an ellipsis, never inside a link', () => {
    const text = `${'a'.repeat(2_880)} <https://example.com/a/very/long/path/to/a/dashboard|the dashboard> and more`;
    const [, line = ''] = timelineLines([entry('2026-11-23T14:05:00Z', { text, permalink: 'https://x/p1' })], 'UTC');
    expect(line.length).toBeLessThanOrEqual(3000);
    expect(line).toMatch(/a… \(<https:\/\/x\/p1\|message>\)$/);
    expect(line).not.toContain('<https://example.com');
  });

  it('renders the same in any zone for any instants: each time is what Intl says in that zone', () => {
    const zones = ['Europe/Paris', 'America/Los_Angeles', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'];
    const bases = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-10-03T15:30:00Z', '2026-11-23T23:30:00Z'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...bases),
        fc.array(fc.integer({ min: -300, max: 300 }), { minLength: 1, maxLength: 20 }),
        (zone, base, minutes) => {
          const instants = minutes.map((m) => new Date(Date.parse(base) + m * 61_000));
          const formatter = new Intl.DateTimeFormat('en-GB', {
            timeZone: zone,
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          });
          const expected = instants.toSorted((a, b) => a.getTime() - b.getTime()).map((d) => formatter.format(d));
          const shown = timelineLines(
            instants.map((d) => entry(d.toISOString())),
            zone,
          )
            .filter(isEntryLine)
            .map((line) => line.slice(0, 5));
          expect(shown).toEqual(expected);
        },
      ),
    );
  });
});

describe('renderTimelineMarkdown', () => {
  const renderMarkdown = (items: TimelineItem[], zone = 'Europe/Paris', names?: Record<string, string>) =>
    renderTimelineMarkdown({ incidentNumber: 42, title: 'Checkout <down> & *out*', items, zone, names });

  it('has a heading, the zone, a heading per day in that zone and a line per entry', () => {
    const items = [
      entry('2026-11-23T13:05:00Z', {
        source: 'reaction',
        actorId: 'U1',
        text: 'Rolled back',
        permalink: 'https://x.slack.com/archives/C1/p1',
      }),
      entry('2026-11-23T23:30:00Z', {
        actorId: 'U2',
        edited: true,
        files: [{ name: 'graph.png', url: 'https://files/graph.png' }],
      }),
      entry('2026-11-24T08:00:00Z', { source: 'deploy', text: 'v1.4.2 deployed' }),
    ];
    expect(renderMarkdown(items)).toBe(
      [
        '# Timeline of incident 42: Checkout \\<down\\> & \\*out\\*',
        '',
        'Times are in Europe/Paris.',
        '',
        '## Mon 23 Nov 2026',
        '',
        '- **14:05** Rolled back — @U1 [message](https://x.slack.com/archives/C1/p1)',
        '',
        '## Tue 24 Nov 2026',
        '',
        '- **00:30** Note — @U2 (edited) [graph.png](https://files/graph.png)',
        '- **09:00** v1.4.2 deployed',
      ].join('\n'),
    );
  });

  it.each([
    ['America/Los_Angeles', ['## Mon 23 Nov 2026']],
    ['Europe/Paris', ['## Mon 23 Nov 2026', '## Tue 24 Nov 2026']],
  ])('starts a day heading on every day change in %s', (zone, headings) => {
    const markdown = renderMarkdown([entry('2026-11-23T10:00:00Z'), entry('2026-11-23T23:30:00Z')], zone);
    expect(markdown.split('\n').filter((line) => line.startsWith('## '))).toEqual(headings);
  });

  it.each([
    ['<@U123> rolled back', '@U123 rolled back'],
    ['<@U123|ada> rolled back', '@ada rolled back'],
    ['<@U7> and <@U8>', '@Ada Lovelace and @U8'],
    ['see <https://grafana.example/d/1|the dashboard>', 'see [the dashboard](https://grafana.example/d/1)'],
    ['see <https://grafana.example/d/1>', 'see https://grafana.example/d/1'],
    ['<mailto:oncall@example.com|oncall>', '[oncall](mailto:oncall@example.com)'],
    ['*rolled back* v1.4', '**rolled back** v1.4'],
    ['it is *done*, finally', 'it is **done**, finally'],
    ['~wrong guess~', '~~wrong guess~~'],
    ['2*3*4 and a*b', '2*3*4 and a*b'],
    ['<#C1|incidents> and <!here>', '#incidents and @here'],
    ['at <!date^1795432161^{time}|14:05>', 'at 14:05'],
    ['<!subteam^S1|@oncall> paged', '@oncall paged'],
    ['a &lt;b&gt; &amp; c', 'a &lt;b&gt; &amp; c'],
    ['<https://x.example/a|*bold* label [1]>', '[*bold* label \\[1\\]](https://x.example/a)'],
  ])('converts %j to Markdown as %j', (text, expected) => {
    const markdown = renderMarkdown([entry('2026-11-23T13:05:00Z', { text })], 'UTC', { U7: 'Ada Lovelace' });
    expect(markdown.split('\n').at(-1)).toBe(`- **13:05** ${expected}`);
  });

  it('names the actor when a name is known', () => {
    const markdown = renderMarkdown([entry('2026-11-23T13:05:00Z', { actorId: 'U7' })], 'UTC', { U7: 'ada_l' });
    expect(markdown.split('\n').at(-1)).toBe('- **13:05** Note — @ada\\_l');
  });

  it('says so when nothing is on the timeline', () => {
    expect(renderMarkdown([]).split('\n').at(-1)).toBe('Nothing is on this timeline yet.');
  });
});

describe('renderTimelineJson', () => {
  it('round-trips: the same entries, oldest first, instants in UTC', () => {
    const items = [
      entry('2026-11-24T08:00:00.123Z', { source: 'deploy', text: 'v1.4.2' }),
      entry('2026-11-23T13:05:00Z', {
        source: 'reaction',
        actorId: 'U1',
        text: '*Rolled back* <@U2>',
        permalink: 'https://x/p1',
        files: [{ name: 'graph.png', url: 'https://files/graph.png' }],
        edited: true,
      }),
    ];
    const parsed = JSON.parse(renderTimelineJson({ incidentNumber: 42, title: 'Checkout <down>', items }));
    expect(parsed.incidentNumber).toBe(42);
    expect(parsed.title).toBe('Checkout <down>');
    expect(parsed.entries.map((e: { occurredAt: string }) => e.occurredAt)).toEqual([
      '2026-11-23T13:05:00.000Z',
      '2026-11-24T08:00:00.123Z',
    ]);
    const back = parsed.entries.map((e: TimelineItem & { occurredAt: string }) => ({
      ...e,
      occurredAt: new Date(e.occurredAt),
    }));
    expect(back).toEqual([items[1], items[0]]);
  });

  it('keeps keys in the same order whatever order the entries were built in', () => {
    const shuffled = {
      edited: false,
      files: [{ url: 'https://files/a', name: 'a' }],
      permalink: null,
      text: 'Note',
      actorId: 'U1',
      source: 'command' as const,
      occurredAt: new Date('2026-11-23T13:05:00Z'),
    };
    const json = renderTimelineJson({ incidentNumber: 1, title: 't', items: [shuffled] });
    const [first] = JSON.parse(json).entries;
    expect(Object.keys(first)).toEqual(['occurredAt', 'source', 'actorId', 'text', 'permalink', 'files', 'edited']);
    expect(Object.keys(first.files[0])).toEqual(['name', 'url']);
    expect(json).toBe(
      renderTimelineJson({
        incidentNumber: 1,
        title: 't',
        items: [{ ...entry('2026-11-23T13:05:00Z'), actorId: 'U1', files: [{ name: 'a', url: 'https://files/a' }] }],
      }),
    );
  });

  it('writes an empty timeline as no entries', () => {
    expect(JSON.parse(renderTimelineJson({ incidentNumber: 1, title: 't', items: [] })).entries).toEqual([]);
  });
});
