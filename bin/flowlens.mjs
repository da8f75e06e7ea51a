#!/usr/bin/env node
// The flowlens CLI. The commands are TypeScript in server/cli/, run through tsx.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
const { main } = await import("../server/cli/main.ts");
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
