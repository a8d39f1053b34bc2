import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../../src/domain/text/escape-mrkdwn.ts';
import {
  buildLineSections,
  formatSlackDate,
  LIMITS,
  labelSeverity,
  linkUrl,
  listServices,
  measureIncidentDuration,
  sortOpenIncidents,
  truncateMrkdwn,
  truncateText,
} from '../../../src/slack/blocks/format.ts';
import { buildIncident, SEVERITIES } from '../../support/incident-factory.ts';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The UTF-16 offsets at which `text` may be cut without splitting a grapheme. */
const graphemeBoundaries = (text: string): Set<number> =>
  new Set([...[...segmenter.segment(text)].map((s) => s.index), text.length]);

const unescapeMrkdwn = (text: string): string =>
  text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

// Text made of what truncation gets wrong: entities to be, surrogate pairs, flags, ZWJ sequences, accents, spaces.
const trickyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom('a', ' ', '&', '<', '>', '😀', '👍🏽', '🇫🇷', '👨‍👩‍👧', 'e\u0301', '\r\n'),
    maxLength: 60,
  }),
);

describe('truncateText', () => {
  it.each([
    { text: 'Checkout is down', max: 100, expected: 'Checkout is down' },
    { text: 'Checkout is down', max: 16, expected: 'Checkout is down' },
    { text: 'Checkout is down', max: 15, expected: 'Checkout is do…' },
    { text: 'Checkout is down', max: 13, expected: 'Checkout is…' },
    { text: 'Checkout is down', max: 1, expected: '…' },
    { text: 'Checkout is down', max: 0, expected: '' },
    { text: 'ab😀cd', max: 4, expected: 'ab…' },
    { text: 'ab😀cd', max: 5, expected: 'ab😀…' },
    { text: '🇫🇷🇩🇪🇮🇹', max: 7, expected: '🇫🇷…' },
    { text: '👨‍👩‍👧👨‍👩‍👧', max: 9, expected: '👨‍👩‍👧…' },
    { text: 'cafe\u0301 cafe\u0301', max: 6, expected: 'cafe\u0301…' },
  ])('cuts $text to $max as $expected', ({ text, max, expected }) => {
    expect(truncateText(text, max)).toBe(expected);
  });

  it('never exceeds max, ends in an ellipsis only when cut, and cuts between graphemes', () => {
    fc.assert(
      fc.property(trickyText, fc.integer({ min: 0, max: 80 }), (text, max) => {
        const cut = truncateText(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut.isWellFormed()).toBe(true);
        if (text.length <= max) {
          expect(cut).toBe(text);
          return;
        }
        if (max === 0) {
          expect(cut).toBe('');
          return;
        }
        expect(cut.endsWith('…')).toBe(true);
        const kept = cut.slice(0, -1);
        expect(text.startsWith(kept)).toBe(true);
        expect(graphemeBoundaries(text).has(kept.length)).toBe(true);
      }),
    );
  });
});

describe('truncateMrkdwn', () => {
  it.each([
    { text: 'a & b', max: 100, expected: 'a &amp; b' },
    { text: 'a&b', max: 7, expected: 'a&amp;b' },
    { text: 'a&b', max: 6, expected: 'a…' },
    { text: 'a&bc', max: 7, expected: 'a&amp;…' },
    { text: '<@U1> ping', max: 8, expected: '&lt;@U1…' },
    { text: '<<<<', max: 10, expected: '&lt;&lt;…' },
  ])('escapes $text and cuts it to $max as $expected', ({ text, max, expected }) => {
    expect(truncateMrkdwn(text, max)).toBe(expected);
  });

  it('never exceeds max after escaping, never cuts an entity or a grapheme, ends in an ellipsis when cut', () => {
    fc.assert(
      fc.property(trickyText, fc.integer({ min: 0, max: 80 }), (text, max) => {
        const escaped = escapeMrkdwn(text);
        const cut = truncateMrkdwn(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut.isWellFormed()).toBe(true);
        if (escaped.length <= max) {
          expect(cut).toBe(escaped);
          return;
        }
        if (max === 0) {
          expect(cut).toBe('');
          return;
        }
        expect(cut.endsWith('…')).toBe(true);
        const kept = cut.slice(0, -1);
        // Every `&` left begins a whole entity, and no raw `<` or `>` got through.
        expect(kept.replaceAll(/&(amp|lt|gt);/g, '')).not.toMatch(/[&<>]/);
        const original = unescapeMrkdwn(kept);
        expect(text.startsWith(original)).toBe(true);
        expect(graphemeBoundaries(text).has(original.length)).toBe(true);
      }),
    );
  });
});

describe('measureIncidentDuration', () => {
  const declaredAt = new Date('2026-03-10T09:00:00Z');
  it.each([
    { name: 'counts an open incident until now', impactStartedAt: null, resolvedAt: null, expected: '1 h 12 min' },
    {
      name: 'counts from when impact started when known',
      impactStartedAt: new Date('2026-03-10T08:30:00Z'),
      resolvedAt: null,
      expected: '1 h 42 min',
    },
    {
      name: 'stops at resolution',
      impactStartedAt: null,
      resolvedAt: new Date('2026-03-10T09:20:00Z'),
      expected: '20 min',
    },
  ])('$name', ({ impactStartedAt, resolvedAt, expected }) => {
    const incident = buildIncident({ declaredAt, impactStartedAt, resolvedAt });
    expect(measureIncidentDuration(incident, new Date('2026-03-10T10:12:00Z'))).toBe(expected);
  });
});

describe('formatSlackDate', () => {
  it('is a date token for each reader, falling back to the team zone with its name', () => {
    expect(formatSlackDate(new Date('2026-03-29T01:30:00Z'), 'Europe/Paris')).toBe(
      '<!date^1774747800^{date_short_pretty} {time}|Sun 29 Mar 2026 03:30 Europe/Paris>',
    );
  });
});

describe('labelSeverity', () => {
  it.each([
    { level: 1, severities: SEVERITIES, expected: 'SEV1 — Critical' },
    { level: 2, severities: SEVERITIES, expected: 'SEV2 — Major' },
    { level: 7, severities: SEVERITIES, expected: 'SEV7' },
    { level: 1, severities: [{ level: 1, name: 'P1', description: '' }], expected: 'P1' },
    {
      level: 1,
      severities: [{ level: 1, name: 'P1', description: 'Everything is on fire and nobody can reach the site at all' }],
      expected: 'P1 — Everything is on fire and nobody can re…',
    },
  ])('names level $level as $expected', ({ level, severities, expected }) => {
    expect(labelSeverity(level, severities)).toBe(expected);
  });
});

describe('listServices', () => {
  it.each([
    { services: [], expected: 'none named' },
    { services: ['checkout-api', 'payments'], expected: 'checkout-api, payments' },
    { services: ['R&D <internal>'], expected: 'R&amp;D &lt;internal&gt;' },
  ])('lists $services as $expected', ({ services, expected }) => {
    expect(listServices(services)).toBe(expected);
  });

  it('cuts a long list to the given length', () => {
    const listed = listServices(
      Array.from({ length: 200 }, (_, i) => `service-${i}`),
      100,
    );
    expect(listed.length).toBeLessThanOrEqual(100);
    expect(listed.endsWith('…')).toBe(true);
  });
});

describe('linkUrl', () => {
  it('percent-encodes the characters that would end the link and escapes the label', () => {
    expect(linkUrl('https://docs.example/a|b>c', 'R&D <notes>')).toBe(
      '<https://docs.example/a%7Cb%3Ec|R&amp;D &lt;notes&gt;>',
    );
  });
});

describe('buildLineSections', () => {
  it('packs lines into as few sections as fit and never splits a line', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${i}: ${'x'.repeat(95)}`);
    const sections = buildLineSections(lines);
    const texts = sections.map((block) => (block.type === 'section' ? (block.text?.text ?? '') : ''));
    expect(texts.every((text) => text.length <= LIMITS.sectionText)).toBe(true);
    expect(texts.flatMap((text) => text.split('\n'))).toEqual(lines);
    expect(sections.length).toBe(Math.ceil(lines.join('\n').length / LIMITS.sectionText));
  });

  it('cuts a line longer than a section', () => {
    const [section, ...rest] = buildLineSections(['y'.repeat(5000)]);
    expect(rest).toEqual([]);
    expect(section?.type === 'section' && section.text?.text.length).toBe(LIMITS.sectionText);
  });
});

describe('sortOpenIncidents', () => {
  it('puts the most severe first, then the one that started earliest, and leaves out resolved ones', () => {
    const incidents = [
      buildIncident({ number: 1, severity: 3, declaredAt: new Date('2026-03-01T00:00:00Z') }),
      buildIncident({ number: 2, severity: 1, declaredAt: new Date('2026-03-05T00:00:00Z') }),
      buildIncident({
        number: 3,
        severity: 1,
        declaredAt: new Date('2026-03-06T00:00:00Z'),
        impactStartedAt: new Date('2026-03-04T00:00:00Z'),
      }),
      buildIncident({ number: 4, severity: 1, status: 'resolved', declaredAt: new Date('2026-03-01T00:00:00Z') }),
      buildIncident({ number: 5, severity: 2, status: 'monitoring', declaredAt: new Date('2026-03-02T00:00:00Z') }),
    ];
    expect(sortOpenIncidents(incidents).map((incident) => incident.number)).toEqual([3, 2, 5, 1]);
  });
});
