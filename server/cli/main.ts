// flowlens <command> …  Each command returns its exit code; nothing here calls process.exit,
// so commands can be tested in-process.
import { exportCommand } from "./export";
import { importCommand } from "./import";
import { lagCommand } from "./lag";
import { stubsCommand } from "./stubs";
import { validateCommand } from "./validate";

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const USAGE = `Usage: flowlens <command> [options]

Commands:
  validate <flow.json> [--json]                               Lint a flow; exits 1 when it has errors.
  export <flow.json> [--app NAME] [--format yaml|json] [-o PATH]
                                                              Write its AsyncAPI 3.0 document.
  import <spec…> -o flow.json                                 Turn AsyncAPI documents into a flow.
  stubs <flow.json> --lang ts -o DIR [--app NAME]             Generate runnable TypeScript services.
  lag --brokers HOST:PORT [--group G] [--json] [--fail-on err] Consumer lag in messages and seconds, with status.

Run "flowlens <command> --help" for a command's options.
`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "validate":
      return validateCommand(rest, io);
    case "export":
      return exportCommand(rest, io);
    case "import":
      return importCommand(rest, io);
    case "stubs":
      return stubsCommand(rest, io);
    case "lag":
      return lagCommand(rest, io);
    case undefined:
    case "-h":
    case "--help":
    case "help":
      io.stdout.write(USAGE);
      return 0;
    default:
      io.stderr.write(`flowlens: unknown command "${cmd}"\n\n${USAGE}`);
      return 2;
  }
}
