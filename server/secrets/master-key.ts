import "server-only";
import { hkdfSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { decodeKey, env } from "../env";
import { SecretBox } from "./secret-box";

// FLOWLENS_SECRET_KEY when set; otherwise a key generated once into <data dir>/secret.key (0600).
export function loadMasterKey(): Buffer {
  const configured = env().FLOWLENS_SECRET_KEY;
  if (configured) return decodeKey(configured)!;
  const dir = resolve(env().FLOWLENS_DATA_DIR);
  const file = join(dir, "secret.key");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) throw new Error(`${file} must be readable by its owner only (chmod 600)`);
  const key = decodeKey(readFileSync(file, "utf8").trim());
  if (!key) throw new Error(`${file} does not hold a 32-byte key`);
  return key;
}

const g = globalThis as unknown as { __flowlensKey?: Buffer };
function masterKey(): Buffer {
  g.__flowlensKey ??= loadMasterKey();
  return g.__flowlensKey;
}

/** A sub-key per purpose, so the session-signing secret and the encryption key differ. */
export function deriveKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey(), Buffer.alloc(0), `flowlens:${purpose}`, 32));
}

export function secretBox(): SecretBox {
  return new SecretBox(deriveKey("secrets-at-rest"));
}
