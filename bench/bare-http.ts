import { createServer } from 'node:http';
import { z } from 'zod';

// The floor of the command benchmark: a bare node:http server, started as a child process with the same Node and
// flags as sitrep, that answers every POST with an empty 200 once it has read the whole body (and anything else
// with 404). It checks no signature and parses nothing: what is left is Node's HTTP stack and the load generator.

const ZEnv = z.object({ PORT: z.coerce.number().int().positive(), HOST: z.string().default('127.0.0.1') });
const env = ZEnv.parse(process.env);

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(404).end();
    return;
  }
  req.on('data', () => {});
  req.on('end', () => res.writeHead(200).end());
});
server.listen(env.PORT, env.HOST, () => process.stdout.write('ready\n'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
