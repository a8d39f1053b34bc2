import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { FAKE_APP_ID } from './fake-slack-types.ts';

// Slack's Socket Mode as an app sees it (docs.slack.dev/apis/events-api/using-socket-mode): `apps.connections.open`,
// called with the app-level token (xapp-…), answers a single-use wss URL; on connecting, Slack sends `hello`, then
// envelopes, each of which the app acknowledges by sending back its `envelope_id` (with a `payload` where the
// envelope accepts one) within 3 seconds.

const SOCKET_PATH = '/socket';

export type Envelope = {
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Record<string, unknown>;
};

export type Acknowledgement = { envelopeId: string; payload?: unknown; afterMs: number };

const ZAck = z.object({ envelope_id: z.string(), payload: z.unknown().optional() });

export type FakeSocketMode = {
  /** Answers `apps.connections.open`: the URL of a new connection, for an app token starting with xapp-. */
  open: (token: string | undefined) => { ok: true; url: string } | { ok: false; error: string };
  /** Whether an app is connected (and was sent `hello`). */
  connected: () => boolean;
  /** Sends an envelope to the connected app and resolves with its acknowledgement, or rejects after `withinMs`. */
  send: (envelope: Envelope, withinMs?: number) => Promise<Acknowledgement>;
  close: () => void;
};

/** Socket Mode on the fake's HTTP server: upgrades on /socket with a ticket `open` handed out. */
export const attachSocketMode = (server: Server, baseUrl: () => string): FakeSocketMode => {
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  let socket: WebSocket | undefined;
  const waiting = new Map<string, (ack: { payload?: unknown }) => void>();

  server.on('upgrade', (request: IncomingMessage, duplex: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', baseUrl());
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== SOCKET_PATH || !tickets.delete(ticket)) {
      duplex.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, duplex, head, (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        const ack = ZAck.safeParse(safeJson(String(data)));
        if (!ack.success) return;
        waiting.get(ack.data.envelope_id)?.(ack.data);
        waiting.delete(ack.data.envelope_id);
      });
      ws.on('close', () => {
        if (socket === ws) socket = undefined;
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake-slack', approximate_connection_time: 18060 },
          connection_info: { app_id: FAKE_APP_ID },
        }),
      );
    });
  });

  return {
    open: (token) => {
      if (!token?.startsWith('xapp-')) return { ok: false, error: token ? 'not_allowed_token_type' : 'not_authed' };
      const ticket = randomUUID();
      tickets.add(ticket);
      return { ok: true, url: `${baseUrl().replace(/^http/, 'ws')}${SOCKET_PATH}?ticket=${ticket}` };
    },
    connected: () => socket !== undefined,
    send: (envelope, withinMs = 3_000) =>
      new Promise((resolve, reject) => {
        const current = socket;
        if (!current) {
          reject(new Error('no app is connected over Socket Mode'));
          return;
        }
        const envelopeId = randomUUID();
        const sentAt = performance.now();
        const timer = setTimeout(() => {
          waiting.delete(envelopeId);
          reject(new Error(`no acknowledgement of a ${envelope.type} envelope within ${withinMs} ms`));
        }, withinMs);
        waiting.set(envelopeId, (ack) => {
          clearTimeout(timer);
          resolve({ envelopeId, ...ack, afterMs: performance.now() - sentAt });
        });
        current.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type: envelope.type,
            payload: envelope.payload,
            accepts_response_payload: envelope.type !== 'events_api',
            retry_attempt: 0,
            retry_reason: '',
          }),
        );
      }),
    close: () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
