import { createHash, randomBytes } from "node:crypto";

// API tokens: "flk_" + 32 random bytes. Only the SHA-256 is stored; the prefix is kept so a
// user can tell tokens apart in the list.
export function newApiToken(): { token: string; prefix: string; tokenHash: string } {
  const token = `flk_${randomBytes(32).toString("base64url")}`;
  return { token, prefix: token.slice(0, 10), tokenHash: hashApiToken(token) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const [scheme, value] = header.split(" ");
  return scheme?.toLowerCase() === "bearer" && value?.startsWith("flk_") ? value : null;
}
