import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type Logger, pino } from 'pino';
import { omitFromLog, serializeLogError } from './log-safe.ts';
import { scrubSecrets } from './secret-text.ts';

export type { Logger };

/** The trace id of the request or job being handled, added to every log line written while it runs. */
const traceContext = new AsyncLocalStorage<{ traceId: string }>();

export const newTraceId = (): string => randomUUID().slice(0, 8);

export const withTrace = <T>(traceId: string, work: () => T): T => traceContext.run({ traceId }, work);

export const currentTraceId = (): string | undefined => traceContext.getStore()?.traceId;

const REDACTED_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'password',
  '*.password',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
  'headers["x-hub-signature-256"]',
  'headers["x-gitlab-token"]',
  'headers["x-sitrep-signature"]',
  '*.headers["x-slack-signature"]',
];

export type CreateLoggerOptions = {
  level: string;
  destination?: NodeJS.WritableStream;
};

/** Structured JSON logs; secrets are removed by key and, in free text, by shape. */
export const createLogger = ({ level, destination }: CreateLoggerOptions): Logger =>
  pino(
    {
      level,
      base: { service: 'sitrep' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        err: serializeLogError,
        error: serializeLogError,
        req: omitFromLog,
        res: omitFromLog,
        request: omitFromLog,
        response: omitFromLog,
        headers: omitFromLog,
        body: omitFromLog,
      },
      mixin: () => {
        const traceId = currentTraceId();
        return traceId ? { traceId } : {};
      },
      hooks: {
        logMethod(args, method) {
          const [first, second, ...rest] = args;
          method.apply(this, [
            typeof first === 'string' ? scrubSecrets(first) : first,
            typeof second === 'string' ? scrubSecrets(second) : second,
            ...rest,
          ]);
        },
      },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? process.stdout,
  );
