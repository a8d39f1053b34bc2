// Runs `prisma generate` with Node 24 from node_modules. Prisma's CLI insists on a native schema engine that
// cannot be downloaded here, though generation needs only WASM: point it at a no-op stub unless one is set.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= join(root, 'scripts', 'schema-engine-stub.sh');
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync(process.execPath, [join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
