import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { db } from "../db/client";
import { env } from "../env";
import { deriveKey } from "../secrets/master-key";
import { hashPassword, verifyPassword } from "./password";

function createAuth() {
  const baseURL = env().FLOWLENS_URL;
  return betterAuth({
    appName: "Flowlens",
    baseURL,
    basePath: "/api/auth",
    trustedOrigins: loopbackAliases(baseURL),
    secret: deriveKey("session-signing").toString("hex"),
    database: prismaAdapter(db(), { provider: "postgresql" }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      // Accounts are created by an admin (Settings → Users) or at first run, never by sign-up.
      disableSignUp: true,
      minPasswordLength: 12,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => verifyPassword(hash, password),
      },
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 200,
      customRules: { "/sign-in/email": { window: 60, max: env().FLOWLENS_SIGNIN_RATE_LIMIT } },
    },
    advanced: {
      // Secure cookies whenever Flowlens is served over TLS.
      useSecureCookies: baseURL.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      cookiePrefix: "flowlens",
    },
    plugins: [nextCookies()],
  });
}

/** http://localhost:3000 and http://127.0.0.1:3000 are the same server to a person; accept both. */
function loopbackAliases(baseURL: string): string[] {
  const u = new URL(baseURL);
  if (!["localhost", "127.0.0.1", "[::1]"].includes(u.hostname)) return [u.origin];
  return ["localhost", "127.0.0.1", "[::1]"].map((h) => `${u.protocol}//${h}${u.port ? `:${u.port}` : ""}`);
}

export type Auth = ReturnType<typeof createAuth>;

const g = globalThis as unknown as { __flowlensAuth?: Auth };
export function auth(): Auth {
  g.__flowlensAuth ??= createAuth();
  return g.__flowlensAuth;
}
