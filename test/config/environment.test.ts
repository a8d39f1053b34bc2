import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/environment.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, 'a');
const http = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: SECRET };

/** The configuration of an environment that should be read. */
const configOf = (env: Record<string, string>) => {
  const result = parseConfig({ env, needsSlack: true, cwd: '/' });
  if (!result.ok) throw new Error(result.message);
  return result.config;
};

const fails = (env: Record<string, string>, needsSlack = true): string => {
  const result = parseConfig({ env, needsSlack, cwd: '/srv/sitrep' });
  if (result.ok) throw new Error('expected the configuration to be refused');
  return result.message;
};

describe('parseConfig', () => {
  it('fills every default from an environment with only the Slack credentials', () => {
    const result = parseConfig({ env: http, needsSlack: true, cwd: '/srv/sitrep' });
    expect(result).toEqual({
      ok: true,
      config: {
        slack: {
          botToken: 'xoxb-1-2-abc',
          signingSecret: SECRET,
          appToken: undefined,
          apiUrl: 'https://slack.com/api/',
        },
        database: { kind: 'pglite', dataDir: '/srv/sitrep/data' },
        http: { port: 3000, host: '0.0.0.0' },
        shutdownGraceMs: 20_000,
        retentionMs: 30 * 86_400_000,
        teamConfig: { path: '/srv/sitrep/sitrep.yml', explicit: false },
        logLevel: 'info',
        webhooks: { deploySecret: undefined, githubSecret: undefined, gitlabToken: undefined, alertToken: undefined },
        pagerDuty: { eventsUrl: 'https://events.pagerduty.com/v2/enqueue', api: undefined },
        readVariable: expect.any(Function),
        web: {
          enabled: false,
          reason:
            'The web view is off: set SESSION_SECRET, PUBLIC_URL, SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to turn it on',
        },
        statuspage: { apiUrl: 'https://api.statuspage.io/v1', apiKey: undefined },
        email: {
          enabled: false,
          reason:
            'Email subscriptions to the status page are off: set SMTP_URL, SMTP_FROM and PUBLIC_URL to turn them on',
        },
      },
    });
  });

  it('reads STATUSPAGE_API_KEY and STATUSPAGE_API_URL, and never echoes a malformed key', () => {
    const key = '5c1f0e9a-7d2b-4c3e-9f60-1a2b3c4d5e6f';
    const env = { ...http, STATUSPAGE_API_KEY: ` ${key} `, STATUSPAGE_API_URL: 'http://127.0.0.1:4020/v1/' };
    const result = parseConfig({ env, needsSlack: true, cwd: '/' });
    expect(result.ok && result.config.statuspage).toEqual({ apiUrl: 'http://127.0.0.1:4020/v1', apiKey: key });
    expect(fails({ ...http, STATUSPAGE_API_KEY: 'OAuth secret key' })).toBe(
      'STATUSPAGE_API_KEY should be an API key from Statuspage’s API info page: letters and digits, no spaces (got a value of 16 characters)',
    );
    expect(fails({ ...http, STATUSPAGE_API_URL: 'api.statuspage.io' })).toBe(
      'STATUSPAGE_API_URL should be an http(s) URL such as https://api.statuspage.io/v1 (got "api.statuspage.io")',
    );
  });

  it('reads PAGERDUTY_EVENTS_URL, and the variables sitrep.yml names as routing keys, blank meaning unset', () => {
    const env = { ...http, PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:4010/v2/enqueue', PD_SHOP: ' abc ', PD_BLANK: ' ' };
    const result = parseConfig({ env, needsSlack: true, cwd: '/' });
    if (!result.ok) throw new Error(result.message);
    expect(result.config.pagerDuty.eventsUrl).toBe('http://127.0.0.1:4010/v2/enqueue');
    expect(['PD_SHOP', 'PD_BLANK', 'PD_NONE'].map(result.config.readVariable)).toEqual(['abc', undefined, undefined]);
    expect(
      parseConfig({ env: { ...http, PAGERDUTY_EVENTS_URL: 'events.pagerduty.com' }, needsSlack: true, cwd: '/' }),
    ).toEqual({
      ok: false,
      message:
        'PAGERDUTY_EVENTS_URL should be an http(s) URL such as https://events.pagerduty.com/v2/enqueue (got "events.pagerduty.com")',
    });
  });

  it.each([
    ['25', 25_000],
    [' 5 ', 5_000],
  ])('reads SHUTDOWN_GRACE_SECONDS=%j as %i ms', (value, ms) => {
    const result = parseConfig({ env: { ...http, SHUTDOWN_GRACE_SECONDS: value }, needsSlack: true, cwd: '/' });
    expect(result.ok && result.config.shutdownGraceMs).toBe(ms);
  });

  it('reads RETENTION_DAYS as milliseconds, and refuses a retention under a day', () => {
    const result = parseConfig({ env: { ...http, RETENTION_DAYS: '90' }, needsSlack: true, cwd: '/' });
    expect(result.ok && result.config.retentionMs).toBe(90 * 86_400_000);
    expect(parseConfig({ env: { ...http, RETENTION_DAYS: '0' }, needsSlack: true, cwd: '/' })).toEqual({
      ok: false,
      message: 'RETENTION_DAYS should be at least 1 day (got "0")',
    });
  });

  it.each(['0', '4', '-3', '2.5', 'soon'])('refuses SHUTDOWN_GRACE_SECONDS=%j, saying what it should be', (value) => {
    const result = parseConfig({ env: { ...http, SHUTDOWN_GRACE_SECONDS: value }, needsSlack: true, cwd: '/' });
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^SHUTDOWN_GRACE_SECONDS should be/) });
  });

  it('uses PostgreSQL when DATABASE_URL is set, and an explicit sitrep.yml path', () => {
    const result = parseConfig({
      env: {
        ...http,
        DATABASE_URL: 'postgresql://sitrep@db:5432/sitrep',
        SITREP_CONFIG: 'conf/team.yml',
        PORT: '8080',
      },
      needsSlack: true,
      cwd: '/srv/sitrep',
    });
    expect(result.ok && result.config.database).toEqual({
      kind: 'postgres',
      url: 'postgresql://sitrep@db:5432/sitrep',
    });
    expect(result.ok && result.config.teamConfig).toEqual({ path: '/srv/sitrep/conf/team.yml', explicit: true });
    expect(result.ok && result.config.http.port).toBe(8080);
  });

  it('adds the trailing slash the Web API client needs to SLACK_API_URL', () => {
    const result = parseConfig({
      env: { ...http, SLACK_API_URL: 'http://127.0.0.1:4390/api' },
      needsSlack: true,
      cwd: '/',
    });
    expect(result.ok && result.config.slack.apiUrl).toBe('http://127.0.0.1:4390/api/');
  });

  it('reads DATA_DIR_TEMPLATE as a path from the working directory, for the embedded database only', () => {
    const env = { ...http, DATA_DIR: 'state', DATA_DIR_TEMPLATE: 'seed' };
    expect(parseConfig({ env, needsSlack: true, cwd: '/srv' })).toMatchObject({
      config: { database: { kind: 'pglite', dataDir: '/srv/state', templateDir: '/srv/seed' } },
    });
    const postgres = parseConfig({
      env: { ...env, DATABASE_URL: 'postgresql://db/sitrep' },
      needsSlack: true,
      cwd: '/',
    });
    expect(postgres.ok && postgres.config.database).toEqual({ kind: 'postgres', url: 'postgresql://db/sitrep' });
  });

  it('treats an empty variable as unset', () => {
    const result = parseConfig({ env: { ...http, DATABASE_URL: '', PORT: ' ' }, needsSlack: true, cwd: '/srv' });
    expect(result.ok && result.config.database.kind).toBe('pglite');
    expect(result.ok && result.config.http.port).toBe(3000);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET is missing: .*Signing Secret/],
    [{ SLACK_SIGNING_SECRET: SECRET }, /^SLACK_BOT_TOKEN is missing: .*xoxb-/],
    [{ ...http, SLACK_BOT_TOKEN: 'xoxp-user-token' }, /^SLACK_BOT_TOKEN should be .*xoxb-/],
    [{ ...http, PORT: 'eighty' }, /^PORT should be a TCP port number such as 3000 \(got "eighty"\)$/],
    [{ ...http, PORT: '70000' }, /^PORT should be a TCP port number/],
    [{ ...http, DATABASE_URL: 'mysql://db/sitrep' }, /^DATABASE_URL should be a PostgreSQL URL/],
    [{ ...http, SLACK_API_URL: 'not a url' }, /^SLACK_API_URL should be an http\(s\) URL/],
    [{ ...http, LOG_LEVEL: 'verbose' }, /^LOG_LEVEL should be one of fatal, error, warn, info, debug, trace, silent/],
    [{ ...http, SLACK_APP_TOKEN: 'xoxb-not-an-app-token' }, /^SLACK_APP_TOKEN should be an app-level token/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    const line = fails(env);
    expect(line).toMatch(message);
    expect(line).not.toContain('\n');
  });

  it('accepts Socket Mode without a signing secret', () => {
    const result = parseConfig({
      env: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-2' },
      needsSlack: true,
      cwd: '/',
    });
    expect(result.ok).toBe(true);
  });

  it('does not need Slack credentials for database-only commands', () => {
    expect(parseConfig({ env: {}, needsSlack: false, cwd: '/' }).ok).toBe(true);
  });

  it('never echoes a secret back, even a malformed one', () => {
    const line = fails({ ...http, SLACK_SIGNING_SECRET: 'not-hex-but-secret-value' });
    expect(line).toMatch(/^SLACK_SIGNING_SECRET should be/);
    expect(line).not.toContain('not-hex-but-secret-value');
    expect(line).toContain('a value of 24 characters');
  });
});

describe('the web view’s variables', () => {
  const SESSION_SECRET = 'k3Jq9v2LxR8mT4wZ0pN6yB1cF5hD7sGa';
  const web = {
    ...http,
    SESSION_SECRET,
    PUBLIC_URL: 'https://sitrep.example.com/',
    SLACK_CLIENT_ID: '2141029472.691202649728',
    SLACK_CLIENT_SECRET: 'e1b9e11dfcd19c1982d5de12921e17e8',
  };
  const webOf = (env: Record<string, string>) => configOf(env).web;

  it('turns the web view on when all four are set, PUBLIC_URL without its trailing slash, Slack as the issuer', () => {
    expect(webOf(web)).toEqual({
      enabled: true,
      publicUrl: 'https://sitrep.example.com',
      sessionSecret: SESSION_SECRET,
      clientId: '2141029472.691202649728',
      clientSecret: 'e1b9e11dfcd19c1982d5de12921e17e8',
      issuer: 'https://slack.com',
    });
  });

  it('reads SLACK_OIDC_ISSUER (a fake Slack), without a trailing slash', () => {
    expect(webOf({ ...web, SLACK_OIDC_ISSUER: 'http://127.0.0.1:4390/' })).toMatchObject({
      issuer: 'http://127.0.0.1:4390',
    });
  });

  it.each([
    [{ PUBLIC_URL: '' }, 'The web view is off: set PUBLIC_URL to turn it on'],
    [
      { SESSION_SECRET: ' ', SLACK_CLIENT_SECRET: '' },
      'The web view is off: set SESSION_SECRET and SLACK_CLIENT_SECRET to turn it on',
    ],
  ])('keeps the web view off with %j, naming what is missing in one line', (unset, reason) => {
    expect(webOf({ ...web, ...unset })).toEqual({ enabled: false, reason });
  });

  it.each([
    [
      { SESSION_SECRET: 'short-secret' },
      /^SESSION_SECRET should be at least 32 characters .* \(got a value of 12 characters\)$/,
    ],
    [{ PUBLIC_URL: 'sitrep.example.com' }, /^PUBLIC_URL should be the address people open sitrep at/],
    [{ PUBLIC_URL: 'ftp://sitrep.example.com' }, /^PUBLIC_URL should be/],
    [{ PUBLIC_URL: 'https://example.com/sitrep' }, /^PUBLIC_URL should be .*without a path/],
    [{ PUBLIC_URL: 'https://example.com/?x=1' }, /^PUBLIC_URL should be .*without a path/],
    [{ SLACK_CLIENT_ID: 'my-app' }, /^SLACK_CLIENT_ID should be the Client ID from Basic Information/],
    [
      { SLACK_CLIENT_SECRET: 'not-hex-secret-value' },
      /^SLACK_CLIENT_SECRET should be .* \(got a value of 20 characters\)$/,
    ],
    [{ SLACK_OIDC_ISSUER: 'slack' }, /^SLACK_OIDC_ISSUER should be an http\(s\) URL/],
  ])('refuses %j with one line, never echoing a secret', (bad, message) => {
    const line = fails({ ...web, ...bad });
    expect(line).toMatch(message);
    expect(line).not.toContain('short-secret');
    expect(line).not.toContain('not-hex-secret-value');
  });
});

describe('the email subscriptions’ variables', () => {
  const email = {
    ...http,
    SMTP_URL: 'smtp://sitrep:hunter2-smtp@smtp.example.com:587',
    SMTP_FROM: 'Acme status <status@acme.example>',
    PUBLIC_URL: 'https://status.acme.example/',
  };
  const emailOf = (env: Record<string, string>) => configOf(env).email;

  it('turns email subscriptions on when SMTP_URL, SMTP_FROM and PUBLIC_URL are set', () => {
    expect(emailOf(email)).toEqual({
      enabled: true,
      smtpUrl: 'smtp://sitrep:hunter2-smtp@smtp.example.com:587',
      from: 'Acme status <status@acme.example>',
      publicUrl: 'https://status.acme.example',
    });
    expect(emailOf({ ...email, SMTP_FROM: 'status@acme.example' })).toMatchObject({ from: 'status@acme.example' });
  });

  it('keeps them off naming what is missing in one line', () => {
    expect(emailOf({ ...email, SMTP_FROM: ' ' })).toEqual({
      enabled: false,
      reason: 'Email subscriptions to the status page are off: set SMTP_FROM to turn them on',
    });
  });

  it.each([
    [{ SMTP_URL: 'https://smtp.example.com' }, /^SMTP_URL should be an SMTP URL .* \(got a value of 24 characters\)$/],
    [{ SMTP_URL: 'smtp://u:hunter2-smtp@' }, /^SMTP_URL should be an SMTP URL/],
    [{ SMTP_FROM: 'Acme status' }, /^SMTP_FROM should be an address such as status@acme\.example/],
    [{ SMTP_FROM: 'Acme <not an address>' }, /^SMTP_FROM should be an address/],
  ])('refuses %j with one line, never echoing the SMTP password', (bad, message) => {
    const line = fails({ ...email, ...bad });
    expect(line).toMatch(message);
    expect(line).not.toContain('hunter2');
  });
});
