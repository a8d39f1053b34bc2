import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// Serves a fake that answers web Requests (the fake Slack, Jira, Linear, GitHub) over real HTTP, for a sitrep
// process started with their addresses.

export const toRequest = async (incoming: IncomingMessage, base: string): Promise<Request> => {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) headers.append(name, item);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(incoming.url ?? '/', base), {
    method,
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
};

export const send = async (response: Response, outgoing: ServerResponse) => {
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
};

export type ServedFake = { url: string; close: () => Promise<void> };

/** `answer` on 127.0.0.1 at a free port: every request to `url` is handed to it as a web Request. */
export const serveFake = async (answer: (request: Request) => Promise<Response>): Promise<ServedFake> => {
  let base = '';
  const server = createServer((incoming, outgoing) => {
    toRequest(incoming, base)
      .then(answer)
      .catch((error: unknown) => new Response(String(error), { status: 500 }))
      .then((response) => send(response, outgoing))
      .catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  base = `http://127.0.0.1:${address.port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
