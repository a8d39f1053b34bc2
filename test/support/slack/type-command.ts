import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { z } from 'zod';
import { flattenBlocks } from '../../../demo/fake-slack/block-text.ts';
import { slashCommandBody } from '../../../demo/fake-slack/sign.ts';
import type { TestServer } from '../test-server.ts';
import { until } from '../until.ts';

const ZEphemeral = z.object({
  response_type: z.literal('ephemeral'),
  text: z.string(),
  blocks: z.array(z.unknown()).optional(),
});

/**
 * Types `/incident <text>` as `userId` in `channelId`, as Slack sends it, and returns what that person saw: the one
 * ephemeral answer's text, then its blocks as readable lines.
 */
export const typeCommand = async (
  server: TestServer,
  text: string,
  { userId, channelId }: { userId: string; channelId: string },
): Promise<string> => {
  const responseUrl = `https://hooks.slack.test/commands/T0TEAM/${randomUUID()}`;
  const res = await server.sendToSlackEndpoint(
    slashCommandBody({ command: '/incident', text, userId, channelId, responseUrl }),
  );
  expect(res.status).toBe(200);
  const answers = () => server.slack.fake.responses.filter((r) => r.url === responseUrl);
  await until(() => answers().length > 0, `an answer to "/incident ${text}"`);
  expect(answers()).toHaveLength(1);
  const body = ZEphemeral.parse(answers()[0]?.body);
  return [body.text, ...flattenBlocks(body.blocks ?? [])].join('\n');
};
