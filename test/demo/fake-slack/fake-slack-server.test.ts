import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FakeSlackServer } from '../../../demo/fake-slack/fake-slack-server.ts';
import { startFakeSlackServer } from '../../../demo/fake-slack/fake-slack-server.ts';

// The same fake over real HTTP, as a separately started sitrep process would use it.

let server: FakeSlackServer;
let client: WebClient;

beforeEach(async () => {
  server = await startFakeSlackServer();
  client = new WebClient('xoxb-test', {
    slackApiUrl: server.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});
afterEach(() => server.close());

const control = async (path: string, body?: unknown) => {
  const response = await fetch(`${server.url}/_fake/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return response;
};

describe('startFakeSlackServer', () => {
  it('serves the Web API to a real WebClient and exposes state and transcript', async () => {
    expect(server.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    await control('users', { id: 'U0ALICE', name: 'alice', tz: 'Europe/Paris' });
    const { channel } = await client.conversations.create({ name: 'inc-7-api-errors' });
    await client.conversations.invite({ channel: channel?.id ?? '', users: 'U0ALICE' });
    await client.chat.postMessage({
      channel: channel?.id ?? '',
      text: 'fallback',
      blocks: [
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Severity* SEV2' },
            { type: 'mrkdwn', text: '*IC* <@U0ALICE>' },
          ],
        },
      ],
    });

    const state = await (await control('state')).json();
    expect(state).toMatchObject({ channels: [{ name: 'inc-7-api-errors', members: ['U0BOT00001', 'U0ALICE'] }] });
    const transcript = await (await control('transcript')).text();
    expect(transcript).toContain('#inc-7-api-errors  sitrep added @alice');
    expect(transcript).toContain('sitrep: *Severity* SEV2 | *IC* @alice');
  });

  it('fails and recovers on request of another process', async () => {
    expect((await control('fail', { fault: { status: 503 }, methods: ['auth.test'] })).status).toBe(200);
    await expect(client.auth.test()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    await control('recover', {});
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    const calls = await (await control('calls')).json();
    expect(calls).toMatchObject([{ method: 'auth.test', ok: false, status: 503, injected: true }, { ok: true }]);
    expect((await control('fail', { fault: { status: 418 } })).status).toBe(400);
  });

  it('seeds guests and limits channel creation on request of another process', async () => {
    await control('users', { id: 'U0GUEST01', name: 'guest', guest: 'single-channel' });
    expect((await control('settings', { channelCreationRestricted: true })).status).toBe(200);
    await expect(client.conversations.create({ name: 'inc-8' })).rejects.toMatchObject({
      data: { error: 'restricted_action' },
    });
    await control('settings', { channelCreationRestricted: false });
    const { channel } = await client.conversations.create({ name: 'inc-8' });
    await expect(client.conversations.invite({ channel: channel?.id ?? '', users: 'U0GUEST01' })).rejects.toMatchObject(
      { data: { error: 'ura_max_channels' } },
    );
    expect((await control('settings', {})).status).toBe(400);
  });

  it('serves response URLs under responseUrlBase and the file upload endpoint', async () => {
    const channel = server.fake.addChannel({ name: 'incidents', members: ['U0BOT00001', 'U0ALICE'] });
    const minted = await (await control('response-urls', { channel: channel.id, user: 'U0ALICE' })).json();
    const { url } = z.object({ url: z.string() }).parse(minted);
    expect(url.startsWith(server.responseUrlBase)).toBe(true);
    const replied = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'in_channel', text: 'Incident declared' }),
    });
    expect(replied.status).toBe(200);
    expect(server.fake.messagesIn(channel.id).map((message) => message.text)).toEqual(['Incident declared']);

    await client.filesUploadV2({ channel_id: channel.id, filename: 'notes.txt', content: 'root cause: DNS' });
    expect(server.fake.messagesIn(channel.id).at(-1)?.files?.[0]?.name).toBe('notes.txt');
  });

  it('runs on its own: prints the API URL and stops on SIGTERM', async () => {
    const script = fileURLToPath(new URL('../../../demo/fake-slack/fake-slack-server.ts', import.meta.url));
    const child = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const [line] = await once(createInterface({ input: child.stdout }), 'line');
      const apiUrl = String(line);
      expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
      const standalone = new WebClient('xoxb-test', { slackApiUrl: apiUrl, logLevel: LogLevel.ERROR });
      await expect(standalone.auth.test()).resolves.toMatchObject({ user_id: 'U0BOT00001' });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
