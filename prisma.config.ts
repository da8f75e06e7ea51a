// Prisma CLI configuration: the JavaScript engine and WebAssembly schema engine, so that the
// CLI never downloads native binaries (see shared TOOLCHAIN notes). Migrations are applied by
// server/db/migrate.ts, not by `prisma migrate deploy`.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://localhost/flowlens" }),
});
