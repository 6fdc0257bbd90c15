// Prisma CLI configuration. Only `prisma generate` is used: migrations are applied by
// node-pg-migrate (libs/db/src/migrate.ts), so no schema engine or database URL is needed here.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
});
