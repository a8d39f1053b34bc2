import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  incidentChannelName,
  MAX_CHANNEL_NAME_LENGTH,
  slugifyTitle,
} from '../../../src/domain/incident/channel-name.ts';

const SLACK_CHANNEL_NAME = /^[a-z0-9][a-z0-9_-]*$/;

describe('incidentChannelName', () => {
  it.each([
    ['Checkout is down', 1, 'inc-42-checkout-is-down'],
    ['Checkout is down', 2, 'inc-42-checkout-is-down-2'],
    ['  CHECKOUT   is DOWN!!! ', 1, 'inc-42-checkout-is-down'],
    ['Crème brûlée: søk ßtraße', 1, 'inc-42-creme-brulee-sok-sstrasse'],
    ['🔥🔥🔥', 1, 'inc-42'],
    ['🔥🔥🔥', 3, 'inc-42-3'],
    ['v1.4.1 rollout failed', 1, 'inc-42-v1-4-1-rollout-failed'],
    ['Ｆｕｌｌｗｉｄｔｈ letters', 1, 'inc-42-fullwidth-letters'],
  ])('names %j (attempt %i) %s', (title, attempt, expected) => {
    expect(incidentChannelName({ prefix: 'inc', number: 42, title, attempt })).toBe(expected);
  });

  it('cuts a long title at a word boundary within 80 characters', () => {
    const title = 'The payment gateway rejects every card from European issuers since the 14:05 deploy of checkout';
    const name = incidentChannelName({ prefix: 'inc', number: 1234, title, attempt: 12 });
    expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME_LENGTH);
    expect(name).toMatch(/^inc-1234-the-payment-gateway-.*[a-z0-9]-12$/);
    expect(name).not.toMatch(/--/);
  });

  it('gives a valid name for a 100-character emoji-laden title', () => {
    const title = '🔥 Checkout 💳 is DOWN 😱 for everyone — café ☕️ orders fail 🚨🚨 since 03:00 🌙 please help 🙏'
      .padEnd(100, '🔥')
      .slice(0, 100);
    const name = incidentChannelName({ prefix: 'inc', number: 7, title, attempt: 1 });
    expect(name).toMatch(SLACK_CHANNEL_NAME);
    expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME_LENGTH);
    expect(name.startsWith('inc-7-checkout-is-down-for-everyone-cafe-orders-fail')).toBe(true);
  });

  it('always gives a valid Slack channel name of at most 80 characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 1, max: 999_999_999 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom('inc', 'incident', 'sev_ops', 'a'),
        (title, number, attempt, prefix) => {
          const name = incidentChannelName({ prefix, number, title, attempt });
          expect(name).toMatch(SLACK_CHANNEL_NAME);
          expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME_LENGTH);
          expect(name.startsWith(`${prefix}-${number}`)).toBe(true);
          if (attempt > 1) expect(name.endsWith(`-${attempt}`)).toBe(true);
        },
      ),
    );
  });

  it('gives different names to different attempts, so name_taken always moves on', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (title) => {
        const names = [1, 2, 3, 10].map((attempt) => incidentChannelName({ prefix: 'inc', number: 5, title, attempt }));
        expect(new Set(names).size).toBe(names.length);
      }),
    );
  });
});

describe('slugifyTitle', () => {
  it.each([
    ['Ünïcödé Çafé', 'unicode-cafe'],
    ['a&b<c>d', 'a-b-c-d'],
    ['---', ''],
  ])('folds %j to %j', (title, slug) => {
    expect(slugifyTitle(title)).toBe(slug);
  });
});
