import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ZGenericDeploy } from '../webhooks/generic/deploy-payload.ts';
import { signDeployBody } from '../webhooks/generic/deploy-signature.ts';
import { EXIT, failOn, type Writable } from './command-exit.ts';

export const DEPLOY_EVENT_USAGE = `usage: sitrep deploy-event --service <name> --version <v> [--environment production] [--layer artifact|database|fleet|feature] [--status started|succeeded|failed|rolled_back] [--actor <who>] [--run-url <CI run URL>] [--description <text>] [--id <delivery id>] [--at <ISO time>] --url <https://sitrep.example.com>`;

/** The fields of the generic deploy body a flag fills; each flag is named as its field, but for `url`. */
const BODY_FLAGS = [
  'id',
  'service',
  'environment',
  'version',
  'layer',
  'status',
  'actor',
  'url',
  'description',
  'at',
] as const;

type BodyFlag = (typeof BODY_FLAGS)[number];

/** What the deploy webhook takes: the generic body before zod reads it (`at` still an ISO string). */
export type TDeployEventBody = z.input<typeof ZGenericDeploy>;

export type BuildDeployEventBodyOptions = {
  /** The flags as given; an absent flag takes its default. */
  flags: Partial<Record<BodyFlag, string>>;
  /** The delivery id when `--id` is not given: the command passes a random UUID. */
  defaultId: string;
};

export type BuildDeployEventBodyResult = { ok: true; body: TDeployEventBody } | { ok: false; message: string };

/** What a person should change, for the mistakes zod's own wording says least clearly. */
const FLAG_HINTS: Partial<Record<BodyFlag, string>> = {
  layer: 'should be one of artifact, database, fleet, feature',
  status: 'should be one of started, succeeded, failed, rolled_back',
  url: 'should be the http(s) URL of the CI run, at most 2000 characters',
  at: 'should be an ISO 8601 time with its offset, such as 2026-11-20T13:58:00Z',
};

const isBodyFlag = (key: unknown): key is BodyFlag => BODY_FLAGS.some((flag) => flag === key);

/** `--url` is where sitrep is, the one address a pipeline must give; the CI run's own link goes in `--run-url`. */
const flagFor = (field: BodyFlag): string => (field === 'url' ? 'run-url' : field);

/**
 * The generic deploy body for `sitrep deploy-event`, checked against the schema the webhook itself applies, so that
 * a mistake is reported on the command line rather than as a 400 from the server. Defaults: environment
 * `production`, layer `artifact`, status `succeeded`; `at` is left out unless given (the server then uses the time
 * it received the event). Blank flags count as absent.
 *
 * @example buildDeployEventBody({ flags: { service: 'checkout-api', version: 'v1.4.2' }, defaultId: 'a1' })
 * // { ok: true, body: { id: 'a1', service: 'checkout-api', environment: 'production', version: 'v1.4.2',
 * //   layer: 'artifact', status: 'succeeded' } }
 */
export const buildDeployEventBody = ({ flags, defaultId }: BuildDeployEventBodyOptions): BuildDeployEventBodyResult => {
  const given = (flag: BodyFlag): string | undefined => {
    const value = flags[flag]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  for (const required of ['service', 'version'] as const) {
    if (given(required) === undefined) return { ok: false, message: `--${flagFor(required)} is required` };
  }
  const candidate: Record<string, string> = {
    id: given('id') ?? defaultId,
    service: given('service') ?? '',
    environment: given('environment') ?? 'production',
    version: given('version') ?? '',
    layer: given('layer') ?? 'artifact',
    status: given('status') ?? 'succeeded',
  };
  for (const optional of ['actor', 'url', 'description', 'at'] as const) {
    const value = given(optional);
    if (value !== undefined) candidate[optional] = value;
  }
  const parsed = ZGenericDeploy.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = issue?.path[0];
    if (!isBodyFlag(flag)) return { ok: false, message: issue?.message ?? 'the deploy event is invalid' };
    return { ok: false, message: `--${flagFor(flag)} ${FLAG_HINTS[flag] ?? issue?.message ?? 'is invalid'}` };
  }
  // What was checked is what is sent: the parsed body has `at` as a Date, the wire wants the text.
  const { at, ...rest } = parsed.data;
  return { ok: true, body: { ...rest, ...(at === undefined ? {} : { at: candidate.at }) } };
};

const ZCommandEnv = z.object({
  DEPLOY_WEBHOOK_SECRET: z.string().trim().optional(),
  SITREP_URL: z.string().trim().optional(),
});

const ZSitrepUrl = z.url({ protocol: /^https?$/ });

/** `{ stored }` from the webhook; anything else in a 200 means the URL is not a sitrep. */
const ZStoredAnswer = z.object({ stored: z.boolean() });

/** The webhook under the sitrep address, which may carry a path prefix (`https://ops.example.com/sitrep`). */
const webhookUrlFor = (sitrepUrl: string): URL =>
  new URL('webhooks/deploy', sitrepUrl.endsWith('/') ? sitrepUrl : `${sitrepUrl}/`);

/** A server's answer on one line, cut short: enough to see what went wrong, never a page of HTML. */
const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
};

const REQUEST_TIMEOUT_MS = 15_000;

export type RunDeployEventCommandOptions = {
  /** The arguments after `deploy-event`. */
  args: string[];
  /** The environment with `.env` underneath (`readEnvironment`): DEPLOY_WEBHOOK_SECRET and SITREP_URL. */
  env: Record<string, string | undefined>;
  stdout?: Writable;
  stderr?: Writable;
};

/**
 * `sitrep deploy-event`: builds the generic deploy body from the flags, signs it with DEPLOY_WEBHOOK_SECRET and
 * POSTs it to `<--url>/webhooks/deploy`. Returns the exit code: 0 once sitrep answered 200 (stored, or already
 * recorded under that id), 1 when it answered anything else or could not be reached, 2 on a misuse or a missing
 * setting, before anything is sent.
 */
export const runDeployEventCommand = async ({
  args,
  env,
  stdout = process.stdout,
  stderr = process.stderr,
}: RunDeployEventCommandOptions): Promise<number> => {
  const fail = failOn(stderr);

  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(BODY_FLAGS.map((field) => [flagFor(field), { type: 'string' as const }])),
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // Node's own wording, less its advice on positionals starting with a dash.
    const reason = error instanceof Error ? (error.message.split('. To specify')[0] ?? error.message) : String(error);
    return fail(`deploy-event: ${reason} (sitrep deploy-event --help lists the options)`, EXIT.usage);
  }
  if (values.help === true) {
    stdout.write(`${DEPLOY_EVENT_USAGE}\n`);
    return EXIT.done;
  }
  const text = (key: string): string | undefined => {
    const value = values[key];
    return typeof value === 'string' ? value : undefined;
  };

  const built = buildDeployEventBody({
    flags: Object.fromEntries(BODY_FLAGS.map((field) => [field, text(flagFor(field))])),
    defaultId: randomUUID(),
  });
  if (!built.ok) return fail(`deploy-event: ${built.message}`, EXIT.usage);

  const settings = ZCommandEnv.parse(env);
  const sitrepUrl = text('url')?.trim() || settings.SITREP_URL;
  if (!sitrepUrl) {
    return fail(
      'deploy-event: say where sitrep is with --url https://sitrep.example.com (or set SITREP_URL)',
      EXIT.usage,
    );
  }
  if (!ZSitrepUrl.safeParse(sitrepUrl).success) {
    return fail(
      `deploy-event: the sitrep address should be an http(s) URL such as https://sitrep.example.com (got ${JSON.stringify(sitrepUrl)})`,
      EXIT.usage,
    );
  }
  const secret = settings.DEPLOY_WEBHOOK_SECRET;
  if (!secret) {
    return fail(
      'DEPLOY_WEBHOOK_SECRET is missing: set it to the secret sitrep serve has, to sign the deploy event',
      EXIT.usage,
    );
  }

  const target = webhookUrlFor(sitrepUrl);
  const rawBody = JSON.stringify(built.body);
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sitrep-signature': signDeployBody(secret, rawBody) },
      body: rawBody,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return fail(`could not reach ${target.href}: ${cause}`, EXIT.failed);
  }
  const answer = await response.text().catch(() => '');
  if (response.status !== 200) {
    const hint = response.status === 401 ? ' (is DEPLOY_WEBHOOK_SECRET the same as the server’s?)' : '';
    return fail(`${target.href} answered ${response.status}${hint}: ${oneLine(answer)}`, EXIT.failed);
  }
  const stored = ZStoredAnswer.safeParse(safeJson(answer));
  if (!stored.success) {
    return fail(`${target.href} answered 200 but not as sitrep does: ${oneLine(answer)}`, EXIT.failed);
  }
  stdout.write(`${stored.data.stored ? 'stored' : 'already recorded'} (id ${built.body.id})\n`);
  return EXIT.done;
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
