import { describe, expect, it } from 'vitest';
import { readRoutingKeys } from '../../src/config/pagerduty-routing-keys.ts';

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const team = {
  services: [
    { name: 'checkout-api', pagerduty: { routingKeyEnv: 'PAGERDUTY_CHECKOUT_API', severities: [1, 2] } },
    { name: 'search' },
  ],
};

describe('readRoutingKeys', () => {
  it('reads the key of each paging service from the variable sitrep.yml names', () => {
    const keys = readRoutingKeys({ team, readVariable: (name) => ({ PAGERDUTY_CHECKOUT_API: KEY })[name] });
    expect([...keys]).toEqual([['checkout-api', KEY]]);
  });

  it('stops startup with one line naming the variable when it is unset', () => {
    expect(() => readRoutingKeys({ team, readVariable: () => undefined })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        userMessage:
          "PAGERDUTY_CHECKOUT_API is missing: sitrep.yml pages the checkout-api on-call with it; set it to the Integration Key of the PagerDuty service's Events API v2 integration (see docs/integrations.md)",
      }),
    );
  });

  it('refuses a value that is not a routing key, without repeating it', () => {
    expect(() => readRoutingKeys({ team, readVariable: () => 'https://events.pagerduty.com' })).toThrow(
      expect.objectContaining({
        userMessage:
          'PAGERDUTY_CHECKOUT_API should be the 32-character Integration Key of an Events API v2 integration, for checkout-api (got a value of 28 characters)',
      }),
    );
  });
});
