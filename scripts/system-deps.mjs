// Debian packages Flowlens's tests, demo and benchmarks use: Chromium for the e2e tests,
// PostgreSQL for the team-mode tests, Java and Maven for the real Kafka broker, kcat for benchmarks.
// As root with apt-get (CI, fresh machines), missing ones are installed; otherwise we say what to install.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const checks = {
  chromium: () => existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"),
  postgresql: () => existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").length > 0,
  "default-jre-headless": () => spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0,
  maven: () => spawnSync("mvn", ["-v"], { stdio: "ignore" }).status === 0,
  kcat: () => spawnSync("kcat", ["-V"], { stdio: "ignore" }).status === 0,
};

/** Returns the packages still missing after trying to install them. */
export function ensureSystemDeps(wanted = Object.keys(checks)) {
  let missing = wanted.filter((p) => !checks[p]());
  if (!missing.length) return [];
  const canInstall = process.getuid?.() === 0 && spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (canInstall) {
    console.log(`system: installing ${missing.join(", ")} from Debian…`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { stdio: "inherit", env });
    missing = wanted.filter((p) => !checks[p]());
  }
  return missing;
}

/**
 * Installs npm packages when node_modules is missing or older than package-lock.json.
 * `npm install` rather than `npm ci`: registries that serve only this platform's optional
 * binaries (e.g. no @next/swc-darwin-*) leave those out of the lockfile, which `npm ci` rejects.
 */
export function ensureNpmDeps(root) {
  const stamp = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(stamp) && statSync(lock).mtimeMs <= statSync(stamp).mtimeMs) return true;
  console.log("npm: installing dependencies…");
  return spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" }).status === 0;
}
