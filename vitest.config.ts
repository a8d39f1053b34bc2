import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Two cores: more workers only fight over them.
    maxWorkers: 2,
    // The V8 flag sitrep runs with (bin/sitrep.js): WebAssembly code is never tiered up and replaced, so the test
    // processes, which open and close PGlite and Prisma's compiler hundreds of times, free it as production does.
    // Without it a worker now and then died in V8 freeing such code ("Check failed: jit_page_->allocations_.erase").
    execArgv: ['--liftoff-only'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TZ: process.env.TZ ?? 'UTC' },
  },
});
