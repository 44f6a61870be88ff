// Installs what Vigil needs when it is missing: npm dependencies, Debian packages, the Temporal CLI.
import { existsSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ROOT, capture, isRoot, log, run, which } from "./proc.mjs";

const TEMPORAL_CLI_VERSION = "v1.5.1"; // later tags carry a go.mod `replace` that `go install` rejects

export function ensureNodeModules() {
  const marker = join(ROOT, "node_modules", ".package-lock.json");
  const lock = join(ROOT, "package-lock.json");
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh && existsSync(join(ROOT, "packages/db/src/generated/prisma/client.ts"))) return;
  log(`installing npm dependencies (${process.env.CI ? "npm ci" : "npm install"})...`);
  run("npm", [process.env.CI ? "ci" : "install", "--no-audit", "--no-fund"]);
}

/** Finds the PostgreSQL server binaries (Debian keeps them outside PATH). */
export function findPostgresBin() {
  const onPath = which("initdb");
  if (onPath && which("pg_ctl")) return null; // both on PATH: call by name
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "initdb")));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], "bin") : undefined;
}

let aptUpdated = false;
/** Installs Debian packages for the binaries that are missing (root only); explains otherwise. */
export function ensureDebian(needs) {
  const missing = needs.filter(({ present }) => !present());
  if (missing.length === 0) return;
  const pkgs = missing.map((m) => m.pkg);
  if (!isRoot || !which("apt-get")) {
    throw new Error(`missing ${pkgs.join(", ")}: install them (Debian: apt-get install -y ${pkgs.join(" ")}) and re-run`);
  }
  log(`installing Debian packages: ${pkgs.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) run("apt-get", ["update", "-qq"], { env });
  aptUpdated = true;
  run("apt-get", ["install", "-y", "-qq", ...pkgs], { env });
}

export const debian = {
  postgresql: { pkg: "postgresql", present: () => findPostgresBin() !== undefined },
  chromium: { pkg: "chromium", present: () => existsSync("/usr/bin/chromium") },
  rsyslog: { pkg: "rsyslog", present: () => existsSync("/usr/sbin/rsyslogd") },
  logger: { pkg: "bsdutils", present: () => which("logger") !== null },
  rsyslogElastic: { pkg: "rsyslog-elasticsearch", present: () => existsSync("/usr/lib/x86_64-linux-gnu/rsyslog/omelasticsearch.so") || existsSync("/usr/lib/rsyslog/omelasticsearch.so") },
  openssl: { pkg: "openssl", present: () => which("openssl") !== null },
  nats: { pkg: "nats-server", present: () => which("nats-server") !== null },
};

/** Returns a path to the `temporal` CLI, building it with Go when nothing else provides one. */
export function ensureTemporalCli() {
  const candidates = [
    process.env.TEMPORAL_CLI,
    which("temporal"),
    join(cacheDir(), "bin", "temporal"),
    join(homedir(), "go", "bin", "temporal"),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  if (!which("go")) {
    throw new Error(
      "no Temporal CLI: set TEMPORAL_ADDRESS to a Temporal server, or TEMPORAL_CLI to a `temporal` binary, " +
        "or install Go so Vigil can build it (go install github.com/temporalio/cli/cmd/temporal@" + TEMPORAL_CLI_VERSION + ")",
    );
  }
  const gobin = join(cacheDir(), "bin");
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${gobin} (first run only, a few minutes)...`);
  run("go", ["install", `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: "-mod=mod" },
  });
  return join(gobin, "temporal");
}

/** A per-user cache outside the checkout, so a fresh clone on the same machine reuses builds. */
export function cacheDir() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "vigil");
}

export function goVersion() {
  return capture("go", ["version"]);
}
