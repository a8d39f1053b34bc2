import { App, LogLevel } from '@slack/bolt';
import { z } from 'zod';

// The framework's own cost, for the command benchmarks: a bare Bolt app as Bolt's documentation starts one (its
// default receiver, HTTPReceiver, on /slack/events), started as a child process with the same Node and flags as
// sitrep, with one listener that acknowledges `/incident`. Bolt checks the signature, parses the form body, runs
// its middleware (authorize answers from the auth.test it made at start, against the fake Slack at SLACK_API_URL)
// and then the listener, whose `ack()` writes the 200. With BARE_BOLT_RESPOND=true the listener then answers a
// fixed text through `respond()`, as a person waits for an answer from sitrep: the yardstick for answers per second.

const ZEnv = z.object({
  PORT: z.coerce.number().int().positive(),
  SLACK_SIGNING_SECRET: z.string().min(1),
  SLACK_BOT_TOKEN: z.string().min(1),
  SLACK_API_URL: z.url(),
  BARE_BOLT_RESPOND: z.stringbool().default(false),
});
const env = ZEnv.parse(process.env);

const app = new App({
  signingSecret: env.SLACK_SIGNING_SECRET,
  token: env.SLACK_BOT_TOKEN,
  clientOptions: { slackApiUrl: env.SLACK_API_URL },
  logLevel: LogLevel.WARN,
});
app.command('/incident', async ({ ack, respond }) => {
  await ack();
  if (env.BARE_BOLT_RESPOND) await respond({ response_type: 'ephemeral', text: 'Done.' });
});
await app.start(env.PORT);
process.stdout.write('ready\n');
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
