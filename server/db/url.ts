import { env } from "../env";

// DATABASE_URL when set (PostgreSQL for teams); otherwise the URL of the embedded store,
// which server/db/boot.ts publishes once it has started it.
export function databaseUrl(): string {
  const url = env().DATABASE_URL ?? process.env.FLOWLENS_EMBEDDED_DATABASE_URL;
  if (!url) throw new Error("The database has not been started (server/db/boot.ts runs at server start).");
  return url;
}
