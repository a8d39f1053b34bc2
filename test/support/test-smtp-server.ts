import { SMTPServer } from 'smtp-server';
import { freePort } from '../../demo/sitrep-process.ts';

/** One email as the server received it: its envelope recipient, headers (lower-cased names, unfolded) and text. */
export type ReceivedEmail = { to: string; headers: Map<string, string>; text: string };

/**
 * How the server answers a recipient: take it, refuse it with an SMTP code (421: try later; 550: never), or say
 * nothing until the test lets it go (`release`), as a mail server that hangs does.
 */
type Answer = 'accept' | 'hang' | { code: number; message: string };

/** Quoted-printable, as nodemailer writes long lines: soft breaks joined, `=XX` bytes decoded. */
const decodeQuotedPrintable = (text: string): string =>
  Buffer.from(
    text
      .replaceAll('=\r\n', '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

const parseEmail = (to: string, raw: string): ReceivedEmail => {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding') ?? '7bit';
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return { to, headers, text: text.replaceAll('\r\n', '\n') };
};

/**
 * A mail server on this machine for tests (the `smtp-server` package): it keeps what it received, and answers
 * recipients as the test says, or is stopped and started again on the same port, as a mail server outage would.
 */
export const startTestSmtpServer = async () => {
  const port = await freePort();
  const received: ReceivedEmail[] = [];
  let answer: Answer = 'accept';
  let refusals = 0;
  const hanging: ((error?: Error) => void)[] = [];
  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        if (answer === 'accept') return callback();
        if (answer === 'hang') return void hanging.push(callback);
        refusals += 1;
        callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('latin1');
          for (const rcpt of session.envelope.rcptTo) received.push(parseEmail(rcpt.address, raw));
          callback();
        });
      },
    });
  let server = create();
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  await listen();
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The emails `to` received so far. */
    to: (address: string) => received.filter((email) => email.to === address),
    answer: (next: Answer) => {
      answer = next;
    },
    refusals: () => refusals,
    /** How many recipients wait for an answer (`hang`). */
    hanging: () => hanging.length,
    /** Answers every hanging recipient 421, so the client tries again later. */
    release: () => {
      for (const callback of hanging.splice(0))
        callback(Object.assign(new Error('Try again later'), { responseCode: 421 }));
    },
    /** Stops listening: connections are refused until `start`. */
    stop: close,
    start: async () => {
      server = create();
      await listen();
    },
    close,
  };
};
