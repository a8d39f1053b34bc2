import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { trimTrailingSlashes } from '../domain/text/trim-trailing-slashes.ts';

/**
 * The only reader of the environment. Each variable says what it should look like, because the one line a
 * person sees when startup stops is built from these messages.
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** The address of `Name <address>`, or the whole text when it has no angle brackets. */
const addressOf = (from: string): string => {
  const open = from.lastIndexOf('<');
  return open >= 0 && from.endsWith('>') ? from.slice(open + 1, -1) : from;
};

const ZEnv = z.object({
  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith('xoxb-', 'should be the bot token from OAuth & Permissions, starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{16,}$/i, 'should be the Signing Secret from Basic Information, a string of hex digits')
      .optional(),
  ),
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'should be an app-level token starting with xapp- (Socket Mode)').optional(),
  ),
  SLACK_API_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'should be an http(s) URL such as https://slack.com/api/' })
      .transform((url) => (url.endsWith('/') ? url : `${url}/`))
      .default('https://slack.com/api/'),
  ),
  PAGERDUTY_EVENTS_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'should be an http(s) URL such as https://events.pagerduty.com/v2/enqueue' })
      .default('https://events.pagerduty.com/v2/enqueue'),
  ),
  PAGERDUTY_API_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'should be an http(s) URL such as https://api.pagerduty.com' })
      .default('https://api.pagerduty.com'),
  ),
  PAGERDUTY_API_TOKEN: optionalText,
  STATUSPAGE_API_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[\w-]{20,}$/, 'should be an API key from Statuspage’s API info page: letters and digits, no spaces')
      .optional(),
  ),
  STATUSPAGE_API_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'should be an http(s) URL such as https://api.statuspage.io/v1' })
      .transform(trimTrailingSlashes)
      .default('https://api.statuspage.io/v1'),
  ),
  DATABASE_URL: optionalText.pipe(
    z
      .url({ protocol: /^postgres(ql)?$/, error: 'should be a PostgreSQL URL such as postgresql://user@host:5432/db' })
      .optional(),
  ),
  DATA_DIR: optionalText.pipe(z.string().default('./data')),
  DATA_DIR_TEMPLATE: optionalText,
  PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'should be a TCP port number such as 3000')
      .transform(Number)
      .refine((port) => port <= 65535, 'should be a TCP port number such as 3000')
      .default(3000),
  ),
  HOST: optionalText.pipe(z.string().default('0.0.0.0')),
  RETENTION_DAYS: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'should be a whole number of days such as 30')
      .transform(Number)
      .refine((days) => days >= 1, 'should be at least 1 day')
      .default(30),
  ),
  SHUTDOWN_GRACE_SECONDS: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,4}$/, 'should be a whole number of seconds such as 20')
      .transform(Number)
      .refine((seconds) => seconds >= 5, 'should be at least 5 seconds')
      .default(20),
  ),
  SITREP_CONFIG: optionalText,
  LOG_LEVEL: optionalText.pipe(
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'should be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  DEPLOY_WEBHOOK_SECRET: optionalText,
  GITHUB_WEBHOOK_SECRET: optionalText,
  GITLAB_WEBHOOK_TOKEN: optionalText,
  ALERT_WEBHOOK_TOKEN: optionalText,
  SESSION_SECRET: optionalText.pipe(
    z
      .string()
      .min(32, 'should be at least 32 characters of random text, such as the output of openssl rand -base64 32')
      .optional(),
  ),
  PUBLIC_URL: optionalText.pipe(
    z
      .url({
        protocol: /^https?$/,
        error: 'should be the address people open sitrep at, such as https://sitrep.example.com',
      })
      // The pages link to /incidents and Slack calls back to /auth/slack/callback: sitrep must be at the root.
      .refine(
        (url) => !URL.canParse(url) || new URL(url).href === `${new URL(url).origin}/`,
        'should be the address people open sitrep at, without a path, such as https://sitrep.example.com',
      )
      .transform((url) => new URL(url).origin)
      .optional(),
  ),
  SLACK_CLIENT_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d+\.\d+$/, 'should be the Client ID from Basic Information, two numbers joined by a dot')
      .optional(),
  ),
  SLACK_CLIENT_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{16,}$/i, 'should be the Client Secret from Basic Information, a string of hex digits')
      .optional(),
  ),
  SLACK_OIDC_ISSUER: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'should be an http(s) URL such as https://slack.com' })
      .transform(trimTrailingSlashes)
      .default('https://slack.com'),
  ),
  SMTP_URL: optionalText.pipe(
    z
      .url({
        protocol: /^smtps?$/,
        error: 'should be an SMTP URL such as smtp://user:password@smtp.example.com:587 or smtps://…:465',
      })
      .optional(),
  ),
  SMTP_FROM: optionalText.pipe(
    z
      .string()
      .refine(
        (from) => z.email().safeParse(addressOf(from)).success,
        'should be an address such as status@acme.example or "Acme status <status@acme.example>"',
      )
      .optional(),
  ),
});

/** Never echoed back, even when malformed. */
const SECRETS = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DATABASE_URL',
  'DEPLOY_WEBHOOK_SECRET',
  'GITHUB_WEBHOOK_SECRET',
  'GITLAB_WEBHOOK_TOKEN',
  'ALERT_WEBHOOK_TOKEN',
  'SESSION_SECRET',
  'SLACK_CLIENT_SECRET',
  'STATUSPAGE_API_KEY',
  'SMTP_URL',
]);

/** The variables the web view needs, in the order the startup line names them. */
const WEB_VARIABLES = ['SESSION_SECRET', 'PUBLIC_URL', 'SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET'] as const;

/**
 * The web view with Sign in with Slack, or why it is off: `reason` is the one line the startup log shows.
 * `publicUrl` is an origin without a trailing slash; `issuer` is Slack's OpenID Connect issuer (a fake in tests).
 */
export type TWebConfig =
  | {
      enabled: true;
      publicUrl: string;
      sessionSecret: string;
      clientId: string;
      clientSecret: string;
      issuer: string;
    }
  | { enabled: false; reason: string };

const listNames = (names: readonly string[]): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

const readWebConfig = (e: z.infer<typeof ZEnv>): TWebConfig => {
  const missing = WEB_VARIABLES.filter((name) => e[name] === undefined);
  const { SESSION_SECRET: sessionSecret, PUBLIC_URL: publicUrl, SLACK_CLIENT_ID: clientId } = e;
  const { SLACK_CLIENT_SECRET: clientSecret, SLACK_OIDC_ISSUER: issuer } = e;
  if (sessionSecret && publicUrl && clientId && clientSecret) {
    return { enabled: true, publicUrl, sessionSecret, clientId, clientSecret, issuer };
  }
  return {
    enabled: false,
    reason: `The web view is off: set ${listNames(missing)} to turn it on`,
  };
};

/**
 * Email subscriptions to the status page, or why they are off (`reason`, the one line the startup log shows). The
 * emails' links need the address sitrep is reached at.
 */
export type TEmailConfig =
  | { enabled: true; smtpUrl: string; from: string; publicUrl: string }
  | { enabled: false; reason: string };

const EMAIL_VARIABLES = ['SMTP_URL', 'SMTP_FROM', 'PUBLIC_URL'] as const;

const readEmailConfig = (e: z.infer<typeof ZEnv>): TEmailConfig => {
  const { SMTP_URL: smtpUrl, SMTP_FROM: from, PUBLIC_URL: publicUrl } = e;
  if (smtpUrl && from && publicUrl) return { enabled: true, smtpUrl, from, publicUrl };
  const missing = EMAIL_VARIABLES.filter((name) => e[name] === undefined);
  return {
    enabled: false,
    reason: `Email subscriptions to the status page are off: set ${listNames(missing)} to turn them on`,
  };
};

export type TConfig = {
  slack: {
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string;
  };
  /** `templateDir`: where a new embedded database is copied from, when not the template npm install built. */
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string; templateDir?: string | undefined };
  http: { port: number; host: string };
  /** On SIGTERM: how long commands under way have to finish before the process ends regardless. */
  shutdownGraceMs: number;
  /** How long handled Slack event ids and delivered outbox messages are kept. */
  retentionMs: number;
  teamConfig: { path: string; explicit: boolean };
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  webhooks: {
    deploySecret: string | undefined;
    githubSecret: string | undefined;
    gitlabToken: string | undefined;
    alertToken: string | undefined;
  };
  /** Where events go; and PagerDuty's REST API with a read-only token, for `/incident oncall` (off without it). */
  pagerDuty: { eventsUrl: string; api: { url: string; token: string } | undefined };
  /**
   * The value of a variable sitrep.yml names (a service's PagerDuty routing key, a tracker's token or webhook
   * secret): secrets stay in the environment, never in the file. Blank counts as unset.
   */
  readVariable: (name: string) => string | undefined;
  web: TWebConfig;
  /** Atlassian Statuspage's API and the key to it; the push is on when sitrep.yml names a page too. */
  statuspage: { apiUrl: string; apiKey: string | undefined };
  email: TEmailConfig;
};

export type ConfigResult = { ok: true; config: TConfig } | { ok: false; message: string };

export type ParseConfigOptions = {
  env: Record<string, string | undefined>;
  /** `serve` needs Slack credentials; database-only commands such as `migrate` do not. */
  needsSlack: boolean;
  cwd: string;
};

/** Parses the environment into sitrep's configuration; never throws, so the caller decides how to stop. */
export const parseConfig = ({ env, needsSlack, cwd }: ParseConfigOptions): ConfigResult => {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const value = env[name] ?? '';
    const got = SECRETS.has(name) ? `a value of ${value.length} characters` : JSON.stringify(value);
    return { ok: false, message: `${name} ${issue?.message ?? 'is invalid'} (got ${got})` };
  }
  const e = parsed.data;
  if (needsSlack) {
    if (!e.SLACK_BOT_TOKEN) {
      return {
        ok: false,
        message: 'SLACK_BOT_TOKEN is missing: set it to the bot token (xoxb-…) from OAuth & Permissions',
      };
    }
    if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
      return {
        ok: false,
        message:
          'SLACK_SIGNING_SECRET is missing: HTTP mode needs the Signing Secret from Basic Information (or set SLACK_APP_TOKEN for Socket Mode)',
      };
    }
  }
  return {
    ok: true,
    config: {
      slack: {
        botToken: e.SLACK_BOT_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
      },
      database: e.DATABASE_URL
        ? { kind: 'postgres', url: e.DATABASE_URL }
        : {
            kind: 'pglite',
            dataDir: resolve(cwd, e.DATA_DIR),
            ...(e.DATA_DIR_TEMPLATE ? { templateDir: resolve(cwd, e.DATA_DIR_TEMPLATE) } : {}),
          },
      http: { port: e.PORT, host: e.HOST },
      shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
      retentionMs: e.RETENTION_DAYS * 86_400_000,
      teamConfig: { path: resolve(cwd, e.SITREP_CONFIG ?? 'sitrep.yml'), explicit: e.SITREP_CONFIG !== undefined },
      logLevel: e.LOG_LEVEL,
      webhooks: {
        deploySecret: e.DEPLOY_WEBHOOK_SECRET,
        githubSecret: e.GITHUB_WEBHOOK_SECRET,
        gitlabToken: e.GITLAB_WEBHOOK_TOKEN,
        alertToken: e.ALERT_WEBHOOK_TOKEN,
      },
      pagerDuty: {
        eventsUrl: e.PAGERDUTY_EVENTS_URL,
        api:
          e.PAGERDUTY_API_TOKEN === undefined ? undefined : { url: e.PAGERDUTY_API_URL, token: e.PAGERDUTY_API_TOKEN },
      },
      readVariable: (name) => optionalText.parse(env[name]),
      web: readWebConfig(e),
      statuspage: { apiUrl: e.STATUSPAGE_API_URL, apiKey: e.STATUSPAGE_API_KEY },
      email: readEmailConfig(e),
    },
  };
};

/** The process environment with `.env` from `cwd` underneath it: a variable set in the shell wins. */
export const readEnvironment = (cwd: string): Record<string, string | undefined> => {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
};
