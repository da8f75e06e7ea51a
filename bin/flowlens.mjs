#!/usr/bin/env node
// The flowlens CLI. The commands are TypeScript in server/cli/, run through tsx.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
const { main } = await import("../server/cli/main.ts");
try {
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
} catch (e) {
  // Commands report expected failures themselves; anything else is a bug, said in one line.
  process.stderr.write(`flowlens: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.FLOWLENS_DEBUG) console.error(e);
  process.exitCode = 3;
}
