// AES-256-GCM for secrets at rest (cluster passwords, TLS keys). The stored form is
// "v1.<iv>.<tag>.<ciphertext>" in base64url, so a key or format change can be detected.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("SecretBox needs a 32-byte key");
  }

  seal(plaintext: string, context = ""): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ct].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
  }

  open(sealed: string, context = ""): string {
    const [v, iv, tag, ct] = sealed.split(".");
    if (v !== VERSION || !iv || !tag || ct === undefined) throw new Error("Not a Flowlens sealed secret");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new Error("Secret could not be decrypted: wrong FLOWLENS_SECRET_KEY, or the value was tampered with");
    }
  }
}
