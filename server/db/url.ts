import { env } from "../env";

// DATABASE_URL when set (PostgreSQL for teams); otherwise the URL of the embedded store,
// which server/db/boot.ts publishes once it has started it.
export function databaseUrl(): string {
  const url = env().DATABASE_URL ?? process.env.FLOWLENS_EMBEDDED_DATABASE_URL;
  if (!url) throw new Error("The database has not been started (server/db/boot.ts runs at server start).");
  return url;
}

/**
 * The embedded store's URL names a socket directory as its host. PGlite is one session: its socket
 * server interleaves the extended-protocol messages of concurrent connections (pglite#1046), so a
 * statement could run with another's parameters. Clients of the embedded store use ONE connection.
 */
export function isEmbeddedDatabaseUrl(url: string): boolean {
  try {
    return decodeURIComponent(new URL(url).hostname).startsWith("/");
  } catch {
    return false;
  }
}
