import type { InputBlock, ModalView, PlainTextOption } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readView } from '../../../demo/fake-slack/block-kit.ts';
import type { Severity } from '../../../src/domain/incident/incident.ts';
import { buildDeclareModal, readDeclareModalState } from '../../../src/slack/blocks/declare-modal.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../../src/slack/ids.ts';

const SEVERITIES: Severity[] = [
  {
    level: 1,
    name: 'SEV1',
    description: 'Critical: the product is down or losing data for many customers. Page everyone needed now.',
  },
  { level: 2, name: 'SEV2', description: 'Major: a core feature is broken for many customers, with no workaround.' },
  { level: 3, name: 'SEV3', description: 'Minor: partial degradation, or a non-critical feature down.' },
];

const SERVICES = ['checkout-api', 'payments', 'search'];

const NOW = new Date('2026-03-14T12:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const toSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

const buildModal = (overrides: Partial<Parameters<typeof buildDeclareModal>[0]> = {}) =>
  buildDeclareModal({
    severities: SEVERITIES,
    defaultSeverity: 3,
    services: SERVICES,
    teamTimeZone: 'Europe/Berlin',
    ...overrides,
  });

const inputBlocks = (view: ModalView): InputBlock[] =>
  view.blocks.filter((block): block is InputBlock => block.type === 'input');

const findInput = (view: ModalView, blockId: string): InputBlock | undefined =>
  inputBlocks(view).find((block) => block.block_id === blockId);

// The modal uses plain `options`, never `option_groups`, so Slack's limit of 100 applies to the whole list.
const optionsOf = (block: InputBlock | undefined): PlainTextOption[] => {
  const element = block?.element;
  if (element?.type !== 'static_select' && element?.type !== 'multi_static_select') return [];
  expect(element.option_groups).toBeUndefined();
  return element.options ?? [];
};

type SubmittedValuesOptions = {
  title?: string | null;
  severity?: string | null;
  services?: string[];
  description?: string | null;
  impactStartedAt?: number | null;
};

/** `view.state.values` as Slack sends it on submission: one entry per input block, keyed by block and action id. */
const buildSubmittedValues = ({
  title = 'Checkout is down',
  severity = '2',
  services = ['checkout-api'],
  description = null,
  impactStartedAt = null,
}: SubmittedValuesOptions = {}) => ({
  [BLOCKS.declareTitle]: { [ACTIONS.declareTitle]: { type: 'plain_text_input', value: title } },
  [BLOCKS.declareSeverity]: {
    [ACTIONS.declareSeverity]: {
      type: 'static_select',
      selected_option:
        severity === null
          ? null
          : { text: { type: 'plain_text', text: `SEV${severity}`, emoji: true }, value: severity },
    },
  },
  [BLOCKS.declareServices]: {
    [ACTIONS.declareServices]: {
      type: 'multi_static_select',
      selected_options: services.map((name) => ({
        text: { type: 'plain_text', text: name, emoji: true },
        value: name,
      })),
    },
  },
  [BLOCKS.declareDescription]: { [ACTIONS.declareDescription]: { type: 'plain_text_input', value: description } },
  [BLOCKS.declareImpactStartedAt]: {
    [ACTIONS.declareImpactStartedAt]: { type: 'datetimepicker', selected_date_time: impactStartedAt },
  },
});

const read = (values: unknown) =>
  readDeclareModalState(values, { severities: SEVERITIES, services: SERVICES, now: NOW });

const severityArbitrary = fc
  .uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 9 })
  .chain((levels) =>
    fc.tuple(
      ...levels.map((level) =>
        fc.record({
          level: fc.constant(level),
          name: fc.string({ minLength: 1, maxLength: 20 }),
          description: fc.string({ unit: 'grapheme', maxLength: 500 }),
        }),
      ),
    ),
  );

describe('buildDeclareModal', () => {
  it('is a modal Slack accepts, submitted to the declare view', () => {
    const view = buildModal();
    expect(() => readView(view)).not.toThrow();
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: VIEWS.declareIncident,
      title: { text: 'Declare an incident' },
      submit: { text: 'Declare' },
      close: { text: 'Cancel' },
    });
    expect(
      inputBlocks(view).map((block) => [block.block_id, block.element.action_id, block.optional ?? false]),
    ).toEqual([
      [BLOCKS.declareTitle, ACTIONS.declareTitle, false],
      [BLOCKS.declareSeverity, ACTIONS.declareSeverity, false],
      [BLOCKS.declareServices, ACTIONS.declareServices, true],
      [BLOCKS.declareLead, ACTIONS.declareLead, true],
      [BLOCKS.declareDescription, ACTIONS.declareDescription, true],
      [BLOCKS.declareImpactStartedAt, ACTIONS.declareImpactStartedAt, true],
    ]);
  });

  it('preselects the default severity, as one of its options', () => {
    const severity = findInput(buildModal({ defaultSeverity: 2 }), BLOCKS.declareSeverity);
    expect(severity?.element).toMatchObject({ type: 'static_select', initial_option: { value: '2' } });
    const initial = severity?.element.type === 'static_select' ? severity.element.initial_option : undefined;
    expect(optionsOf(severity)).toContainEqual(initial);
    expect(optionsOf(severity).map((option) => [option.text.text, option.value])).toEqual([
      ['SEV1 — Critical', '1'],
      ['SEV2 — Major', '2'],
      ['SEV3 — Minor', '3'],
    ]);
  });

  it.each([
    ['the channel it was opened from', 'C024BE91L', { channelId: 'C024BE91L' }],
    ['nothing when opened outside a channel', undefined, {}],
  ])('carries %s in private_metadata', (_, channelId, expected) => {
    const view = buildModal(channelId === undefined ? {} : { channelId });
    expect(JSON.parse(view.private_metadata ?? '')).toEqual(expected);
  });

  it('leaves out the services block when the team has no services', () => {
    const view = buildModal({ services: [] });
    expect(findInput(view, BLOCKS.declareServices)).toBeUndefined();
    expect(() => readView(view)).not.toThrow();
  });

  it('lists the first 100 services and says how to name the others', () => {
    const services = Array.from({ length: 130 }, (_, i) => `service-${i}`);
    const block = findInput(buildModal({ services }), BLOCKS.declareServices);
    expect(optionsOf(block).map((option) => option.value)).toEqual(services.slice(0, 100));
    expect(block?.hint?.text).toMatch(/first 100 of 130 services.*\/incident declare/);
  });

  it("names the team's time zone next to the impact start picker", () => {
    const block = findInput(buildModal({ teamTimeZone: 'America/New_York' }), BLOCKS.declareImpactStartedAt);
    expect(block?.element.type).toBe('datetimepicker');
    expect(block?.hint?.text).toMatch(/Leave empty if impact started when you declare/);
    expect(block?.hint?.text).toMatch(/America\/New_York/);
  });

  it('stays within Slack limits for any services and severities', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 150 }), { maxLength: 150 }),
        severityArbitrary,
        fc.option(fc.stringMatching(/^C[A-Z0-9]{8,10}$/), { nil: undefined }),
        (services, severities, channelId) => {
          const defaultSeverity = severities[0]?.level ?? 1;
          const view = buildDeclareModal({
            severities,
            defaultSeverity,
            services,
            teamTimeZone: 'Europe/Berlin',
            ...(channelId === undefined ? {} : { channelId }),
          });
          expect(() => readView(view)).not.toThrow();
          for (const text of [view.title, view.submit, view.close]) expect(text?.text.length).toBeLessThanOrEqual(24);
          expect(view.blocks.length).toBeLessThanOrEqual(100);
          for (const block of inputBlocks(view)) {
            const options = optionsOf(block);
            expect(options.length).toBeLessThanOrEqual(100);
            expect(new Set(options.map((option) => option.value)).size).toBe(options.length);
            for (const option of options) {
              expect(option.text.text.length).toBeGreaterThan(0);
              expect(option.text.text.length).toBeLessThanOrEqual(75);
              expect(option.value?.length).toBeLessThanOrEqual(150);
            }
          }
          const severity = findInput(view, BLOCKS.declareSeverity);
          expect(severity?.element).toMatchObject({ initial_option: { value: String(defaultSeverity) } });
        },
      ),
    );
  });
});

describe('readDeclareModalState', () => {
  it('reads a complete submission as Slack sends it', () => {
    const impactStartedAt = toSeconds(new Date(NOW.getTime() - 45 * MINUTE));
    const state = read(
      buildSubmittedValues({
        title: '  Checkout is down  ',
        severity: '1',
        services: ['checkout-api', 'payments'],
        description: '  Card payments time out.\n',
        impactStartedAt,
      }),
    );
    expect(state).toEqual({
      title: 'Checkout is down',
      severity: 1,
      services: ['checkout-api', 'payments'],
      description: 'Card payments time out.',
      impactStartedAt: new Date(impactStartedAt * 1000),
    });
  });

  it('reads back the choices the modal offers before anyone changes them', () => {
    const view = buildModal();
    const severity = findInput(view, BLOCKS.declareSeverity);
    const initial = severity?.element.type === 'static_select' ? severity.element.initial_option : undefined;
    const state = read(buildSubmittedValues({ severity: initial?.value ?? null, services: [] }));
    expect(state).toEqual({ title: 'Checkout is down', severity: 3, services: [] });
  });

  it.each([
    ['omits a blank description', { description: '   \n ' }, { description: undefined }],
    ['omits an empty impact start', { impactStartedAt: null }, { impactStartedAt: undefined }],
    [
      'allows an impact start up to a minute ahead, for clock skew',
      { impactStartedAt: toSeconds(NOW) + 60 },
      { impactStartedAt: new Date(NOW.getTime() + MINUTE) },
    ],
    [
      'allows an impact start exactly 30 days ago',
      { impactStartedAt: toSeconds(NOW) - 30 * 86_400 },
      { impactStartedAt: new Date(NOW.getTime() - 30 * DAY) },
    ],
    ['names each chosen service once', { services: ['search', 'search'] }, { services: ['search'] }],
    ['takes no services as none', { services: [] }, { services: [] }],
  ])('%s', (_, options, expected) => {
    const state = read(buildSubmittedValues(options));
    expect(state).not.toHaveProperty('errors');
    for (const [key, value] of Object.entries(expected)) {
      if (value === undefined) expect(state).not.toHaveProperty(key);
      else expect(state).toHaveProperty(key, value);
    }
  });

  it('reads a modal without a services block, as for a team with no services', () => {
    const { [BLOCKS.declareServices]: _, ...values } = buildSubmittedValues();
    expect(read(values)).toEqual({ title: 'Checkout is down', severity: 2, services: [] });
  });

  it.each([
    ['requires a title', { title: '' }, BLOCKS.declareTitle, /title/],
    ['requires a title that is not only spaces', { title: '   ' }, BLOCKS.declareTitle, /title/],
    ['requires a title when Slack sends null', { title: null }, BLOCKS.declareTitle, /title/],
    ['keeps the title to 150 characters', { title: 'x'.repeat(151) }, BLOCKS.declareTitle, /150/],
    ['requires a severity', { severity: null }, BLOCKS.declareSeverity, /SEV1, SEV2, SEV3/],
    ['rejects a severity the team does not have', { severity: '7' }, BLOCKS.declareSeverity, /SEV1, SEV2, SEV3/],
    ['rejects a severity that is not a level', { severity: '2.0' }, BLOCKS.declareSeverity, /SEV1/],
    [
      'rejects a service the team does not have',
      { services: ['search', 'billing'] },
      BLOCKS.declareServices,
      /"billing"/,
    ],
    [
      'rejects an impact start in the future',
      { impactStartedAt: toSeconds(NOW) + 61 },
      BLOCKS.declareImpactStartedAt,
      /future/,
    ],
    [
      'rejects an impact start more than 30 days ago',
      { impactStartedAt: toSeconds(NOW) - 30 * 86_400 - 1 },
      BLOCKS.declareImpactStartedAt,
      /30 days/,
    ],
    ['rejects an absurd impact start', { impactStartedAt: 1e300 }, BLOCKS.declareImpactStartedAt, /future/],
    ['keeps the description to 3000 characters', { description: 'x'.repeat(3001) }, BLOCKS.declareDescription, /3000/],
  ])('%s', (_, options, blockId, message) => {
    const state = read(buildSubmittedValues(options));
    expect(state).toEqual({ errors: { [blockId]: expect.stringMatching(message) } });
  });

  it('reports every wrong field at once, each on its own block', () => {
    const state = read(buildSubmittedValues({ title: ' ', severity: '9', services: ['billing'] }));
    expect(state).toEqual({
      errors: {
        [BLOCKS.declareTitle]: expect.any(String),
        [BLOCKS.declareSeverity]: expect.any(String),
        [BLOCKS.declareServices]: expect.any(String),
      },
    });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'declare'],
    ['a list', [buildSubmittedValues()]],
    ['an empty object', {}],
    ['blocks of the wrong type', { [BLOCKS.declareTitle]: 'Checkout is down', [BLOCKS.declareSeverity]: [2] }],
    ['a title that is not text', { [BLOCKS.declareTitle]: { [ACTIONS.declareTitle]: { value: 42 } } }],
  ])('asks for the required fields when the state is %s', (_, values) => {
    expect(read(values)).toEqual({
      errors: { [BLOCKS.declareTitle]: expect.any(String), [BLOCKS.declareSeverity]: expect.any(String) },
    });
  });

  it.each([
    ['services', { [BLOCKS.declareServices]: { [ACTIONS.declareServices]: { selected_options: 'search' } } }, []],
    [
      'description',
      { [BLOCKS.declareDescription]: { [ACTIONS.declareDescription]: { value: ['x'] } } },
      ['checkout-api'],
    ],
    [
      'impact start',
      { [BLOCKS.declareImpactStartedAt]: { [ACTIONS.declareImpactStartedAt]: { selected_date_time: 'soon' } } },
      ['checkout-api'],
    ],
  ])('takes a malformed optional %s as absent', (_, malformed, services) => {
    expect(read({ ...buildSubmittedValues(), ...malformed })).toEqual({
      title: 'Checkout is down',
      severity: 2,
      services,
    });
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (values) => {
        const state = read(values);
        expect(state).toBeTypeOf('object');
      }),
    );
  });

  it('gives either valid input or errors for any mix of the expected blocks and actions', () => {
    const blockIds = Object.values(BLOCKS);
    const actionIds = Object.values(ACTIONS);
    const element = fc.oneof(
      fc.jsonValue(),
      fc.record({ value: fc.oneof(fc.string(), fc.constant(null)) }),
      fc.record({ selected_option: fc.option(fc.record({ value: fc.constantFrom('1', '2', '3', '9', 'x') })) }),
      fc.record({ selected_options: fc.array(fc.record({ value: fc.constantFrom(...SERVICES, 'billing') })) }),
      fc.record({ selected_date_time: fc.option(fc.oneof(fc.integer(), fc.double())) }),
    );
    const values = fc.dictionary(fc.constantFrom(...blockIds), fc.dictionary(fc.constantFrom(...actionIds), element));
    fc.assert(
      fc.property(values, (submitted) => {
        const state = read(submitted);
        if ('errors' in state) {
          expect(Object.keys(state.errors).length).toBeGreaterThan(0);
          for (const key of Object.keys(state.errors)) expect(blockIds).toContain(key);
          return;
        }
        expect(state.title).toBe(state.title.trim());
        expect(state.title.length).toBeGreaterThan(0);
        expect(SEVERITIES.map((s) => s.level)).toContain(state.severity);
        for (const service of state.services) expect(SERVICES).toContain(service);
        if (state.impactStartedAt !== undefined) {
          expect(Number.isNaN(state.impactStartedAt.getTime())).toBe(false);
          expect(state.impactStartedAt.getTime()).toBeLessThanOrEqual(NOW.getTime() + MINUTE);
          expect(state.impactStartedAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 30 * DAY);
        }
      }),
    );
  });
});
