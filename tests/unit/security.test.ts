import { describe, expect, it } from "vitest";
import { ESLint } from "eslint";
import { contentSecurityPolicy } from "@/proxy";

describe("content security policy", () => {
  it("allows only nonce'd scripts and forbids framing in production", () => {
    const csp = contentSecurityPolicy("abc123", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });
});

describe("import boundaries", () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const lint = async (filePath: string, code: string) => {
    const [res] = await eslint.lintText(code, { filePath });
    return res!.messages.map((m) => m.message);
  };

  it("keeps server/observe (lag and status math) free of framework and adapter imports", async () => {
    expect(await lint("server/observe/x.ts", `import { Kafka } from "kafkajs";\nexport const y = Kafka;\n`)).not.toEqual([]);
    expect(await lint("server/observe/x.ts", `import { db } from "../db/client";\nexport const y = db;\n`)).not.toEqual([]);
    expect(await lint("server/observe/x.ts", `export const y = 1;\n`)).toEqual([]);
  });

  it("keeps server/flow free of framework and adapter imports", async () => {
    for (const mod of ["react", "next/navigation", "@xyflow/react", "@prisma/client", "kafkajs", "@opentelemetry/api"]) {
      expect(await lint("server/flow/x.ts", `import * as m from "${mod}";\nexport const y = m;\n`)).not.toEqual([]);
    }
    expect(await lint("server/flow/x.ts", `import { z } from "zod";\nexport const y = z.string();\n`)).toEqual([]);
  }, 60_000);

  it("keeps kafkajs behind server/kafka", async () => {
    const code = `import { Kafka } from "kafkajs";\nexport const k = Kafka;\n`;
    expect((await lint("server/services/x.ts", code)).join()).toMatch(/server\/kafka/);
    expect(await lint("server/kafka/x.ts", code)).toEqual([]);
  }, 60_000);
});
