#!/usr/bin/env node
// A throwaway PostgreSQL server for the test suite: Debian's binaries, initdb and pg_ctl into a
// temporary directory, listening on loopback only. As root (CI), it runs as the postgres user.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

function binDir() {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "pg_ctl"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], "bin") : null;
}

export function canRunPostgres() {
  return binDir() !== null;
}

function asPostgres(cmd, args) {
  const isRoot = process.getuid?.() === 0;
  try {
    return isRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" })
      : execFileSync(cmd, args, { stdio: "pipe" });
  } catch (e) {
    throw new Error(`postgres: ${cmd.split("/").pop()} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
}

/** Starts a fresh server in dir on port; resolves with its URL (database "flowlens", trust auth, loopback only). */
export function startPostgres({ dir, port }) {
  const bin = binDir();
  if (!bin) throw new Error("postgres: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)");
  rmSync(dir, { recursive: true, force: true });
  const data = join(dir, "data");
  const sock = join(dir, "sock");
  mkdirSync(sock, { recursive: true });
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    for (const p of [dir, sock]) chownSync(p, uid, gid);
    // The postgres user must be able to reach dir through its parents (mkdtemp makes them 0700).
    for (let p = dirname(dir); p !== "/" && p !== "/tmp"; p = dirname(p)) chmodSync(p, statSync(p).mode | 0o011);
  }
  asPostgres(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "flowlens", "--no-sync"]);
  asPostgres(join(bin, "pg_ctl"), [
    "-D", data, "-w", "-t", "60", "-l", join(dir, "postgres.log"),
    "-o", `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "start",
  ]);
  asPostgres(join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "flowlens", "flowlens"]);
  return `postgresql://flowlens@127.0.0.1:${port}/flowlens`;
}

export function stopPostgres({ dir }) {
  const bin = binDir();
  if (!bin || !existsSync(join(dir, "data"))) return;
  try {
    asPostgres(join(bin, "pg_ctl"), ["-D", join(dir, "data"), "-m", "fast", "-w", "stop"]);
  } catch {
    /* already stopped */
  }
  rmSync(dir, { recursive: true, force: true });
}
