import { describe, expect, it } from 'vitest';
import { readStatuspageSetup } from '../../src/app/statuspage-push.ts';
import { parseTeamConfig, type TTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { captureLogs } from '../support/log-capture.ts';
import { startTestServer } from '../support/test-server.ts';

const KEY = '5c1f0e9a-7d2b-4c3e-9f60-1a2b3c4d5e6f';
const API_URL = 'https://api.statuspage.io/v1';

const teamWith = (atlassian: boolean): TTeamConfig => {
  const parsed = parseTeamConfig({
    services: [{ name: 'checkout-api' }],
    statusPage: {
      groups: [{ name: 'Payments', services: [{ service: 'checkout-api', name: 'Checkout' }] }],
      ...(atlassian ? { atlassian: { pageId: 'kctbh9vrtdwd', components: { 'checkout-api': 'cmpcheckout1' } } } : {}),
    },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config;
};

describe('readStatuspageSetup', () => {
  it('is on with both the key and the page, with the components by service', () => {
    expect(readStatuspageSetup({ apiUrl: API_URL, apiKey: KEY }, teamWith(true))).toEqual({
      apiUrl: API_URL,
      apiKey: KEY,
      pageId: 'kctbh9vrtdwd',
      components: new Map([['checkout-api', 'cmpcheckout1']]),
    });
  });

  it.each([
    [KEY, false, 'Atlassian Statuspage push is off: set statusPage.atlassian in sitrep.yml to turn it on'],
    [undefined, true, 'Atlassian Statuspage push is off: set STATUSPAGE_API_KEY to turn it on'],
    [
      undefined,
      false,
      'Atlassian Statuspage push is off: set STATUSPAGE_API_KEY and statusPage.atlassian in sitrep.yml to turn it on',
    ],
  ])('is off with key %s and the page named: %s, saying what is missing', (apiKey, atlassian, off) => {
    expect(readStatuspageSetup({ apiUrl: API_URL, apiKey }, teamWith(atlassian))).toEqual({ off });
  });

  it('says so in one line at startup when off', async () => {
    const logs = captureLogs('info');
    const server = await startTestServer('pglite', { logger: logs.logger });
    await server.close();
    expect(logs.lines().filter((line) => String(line.msg).includes('Statuspage'))).toMatchObject([
      {
        msg: 'Atlassian Statuspage push is off: set STATUSPAGE_API_KEY and statusPage.atlassian in sitrep.yml to turn it on',
      },
    ]);
  });
});
