// flowlens <command> …  Each command returns its exit code; nothing here calls process.exit,
// so commands can be tested in-process.
import { validateCommand } from "./validate";

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const USAGE = `Usage: flowlens <command> [options]

Commands:
  validate <file.flow.json> [--json]   Lint a flow; exits 1 when it has errors, 2 when it cannot be read.

Run "flowlens <command> --help" for a command's options.
`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "validate":
      return validateCommand(rest, io);
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
