import { defineConfig } from 'prisma/config';

// Only generation runs through the Prisma CLI here; sitrep applies migrations itself (src/store/migrate.ts).
// A datasource URL is given only when one is set, so that `prisma migrate status` works where the engine exists.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
