// Brings up (or reuses) the backing services: PostgreSQL, the Temporal dev server, NATS JetStream,
// an SMTP sink.
import { existsSync, mkdirSync, chownSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { capture, isRoot, log, portOpen, run, startDaemon, waitForPort, ROOT } from "./proc.mjs";
import { findPostgresBin } from "./deps.mjs";

const APP_ROLE = "vigil_app";
const APP_PASSWORD = "vigil_app";

function pgTool(name) {
  const bin = findPostgresBin();
  return bin ? join(bin, name) : name;
}

/** PostgreSQL refuses to run as root, so the cluster belongs to the `postgres` system user. */
function asPostgresUser(cmd, args) {
  if (!isRoot) return [cmd, args];
  if (capture("id", ["-u", "postgres"]) === null) run("useradd", ["--system", "--no-create-home", "postgres"]);
  return ["runuser", ["-u", "postgres", "--", cmd, ...args]];
}

function pgRun(name, args, opts) {
  const [cmd, full] = asPostgresUser(pgTool(name), args);
  run(cmd, full, { stdio: ["ignore", "ignore", "inherit"], ...opts });
}

function pgRunning(dataDir) {
  const [cmd, full] = asPostgresUser(pgTool("pg_ctl"), ["-D", dataDir, "status"]);
  return capture(cmd, full) !== null;
}

/**
 * Uses DATABASE_URL when given; otherwise a throwaway local cluster in `dataDir` on `port`.
 * Returns { adminUrl, appUrl, stop } where stop() is a no-op for what this call did not start.
 */
export async function ensurePostgres({ dataDir: wanted, port, fast = false, env = process.env }) {
  if (env.DATABASE_URL) {
    log("PostgreSQL: using DATABASE_URL");
    return { adminUrl: env.DATABASE_ADMIN_URL || env.DATABASE_URL, appUrl: env.DATABASE_URL, stop: () => {} };
  }
  const dataDir = reachableDataDir(wanted);
  mkdirSync(dataDir, { recursive: true });
  if (isRoot) chownPostgres(dataDir);
  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/vigil`;
  const appUrl = `postgresql://${APP_ROLE}:${APP_PASSWORD}@127.0.0.1:${port}/vigil`;
  if (pgRunning(dataDir)) {
    log(`PostgreSQL: reusing the running cluster in ${dataDir} (port ${port})`);
    return { adminUrl, appUrl, stop: () => {} };
  }
  if (await portOpen(port)) throw new Error(`port ${port} is taken by something else; set DATABASE_URL or free the port`);
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    log(`PostgreSQL: creating a throwaway cluster in ${dataDir}`);
    pgRun("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  }
  const opts = [`-p ${port}`, "-k /tmp", "-c listen_addresses=127.0.0.1", "-c max_connections=200"];
  if (fast) opts.push("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
  pgRun("pg_ctl", ["-D", dataDir, "-o", opts.join(" "), "-l", join(dataDir, "server.log"), "-w", "-t", "60", "start"]);
  const psql = (db, sql) =>
    run(pgTool("psql"), ["-q", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-c", sql], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  if (capture(pgTool("psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "vigil", "-c", "select 1"]) === null) {
    psql("postgres", "CREATE DATABASE vigil");
  }
  psql(
    "vigil",
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
         CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${APP_PASSWORD}' NOSUPERUSER NOBYPASSRLS;
       ELSE ALTER ROLE ${APP_ROLE} LOGIN PASSWORD '${APP_PASSWORD}';
       END IF; END $$`,
  );
  log(`PostgreSQL: started on 127.0.0.1:${port}`);
  return { adminUrl, appUrl, dataDir, stop: () => stopPostgres(dataDir) };
}

/**
 * The cluster runs as the `postgres` user, which must be able to reach its directory. A checkout
 * under a private home (mode 700) is not reachable: use a per-checkout directory in /var/tmp then.
 */
export function reachableDataDir(wanted) {
  if (!isRoot) return wanted;
  mkdirSync(dirname(wanted), { recursive: true });
  if (capture("runuser", ["-u", "postgres", "--", "test", "-x", dirname(wanted)]) !== null) return wanted;
  const fallback = join("/var/tmp", `vigil-${createHash("sha256").update(wanted).digest("hex").slice(0, 12)}`, basename(wanted));
  log(`PostgreSQL: ${dirname(wanted)} is not reachable by the postgres user; using ${fallback}`);
  return fallback;
}

export function stopPostgres(dataDir) {
  if (existsSync(join(dataDir, "postmaster.pid"))) pgRun("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
}

function chownPostgres(dir) {
  if (capture("id", ["-u", "postgres"]) === null) run("useradd", ["--system", "--no-create-home", "postgres"]);
  const uid = Number(capture("id", ["-u", "postgres"]));
  const gid = Number(capture("id", ["-g", "postgres"]));
  chownSync(dir, uid, gid);
}

/** Uses TEMPORAL_ADDRESS when given; otherwise the Temporal CLI's dev server. */
export async function ensureTemporal({ cli, dataDir, port, uiPort, headless = false, env = process.env }) {
  if (env.TEMPORAL_ADDRESS) {
    log(`Temporal: using TEMPORAL_ADDRESS=${env.TEMPORAL_ADDRESS}`);
    return { address: env.TEMPORAL_ADDRESS, stop: () => {} };
  }
  const address = `127.0.0.1:${port}`;
  if (await portOpen(port)) {
    log(`Temporal: reusing the server on ${address}`);
    return { address, stop: () => {} };
  }
  mkdirSync(dataDir, { recursive: true });
  const args = ["server", "start-dev", "--ip", "127.0.0.1", "--port", String(port), "--db-filename", join(dataDir, "temporal.db"), "--log-level", "warn"];
  args.push(...(headless ? ["--headless"] : ["--ui-port", String(uiPort)]));
  const child = startDaemon("temporal", cli, args, { logDir: dataDir });
  await waitForPort(port, { what: "Temporal dev server", child, timeoutMs: 90_000 });
  await waitTemporalHealthy(cli, address);
  log(`Temporal: dev server on ${address}${headless ? "" : ` (UI http://127.0.0.1:${uiPort})`}`);
  return { address, pid: child.pid, stop: () => stopPid(child.pid) };
}

async function waitTemporalHealthy(cli, address) {
  for (let i = 0; i < 120; i++) {
    if (capture(cli, ["operator", "namespace", "describe", "--namespace", "default", "--address", address]) !== null) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Temporal at ${address} never reported the default namespace`);
}

/**
 * Uses NATS_URL when given; otherwise Debian's nats-server with JetStream (file storage in
 * `dataDir/nats`), the durable event log between the receivers and the store writer.
 */
export async function ensureNats({ dataDir, port, env = process.env }) {
  if (env.NATS_URL) {
    log(`NATS: using NATS_URL=${env.NATS_URL}`);
    return { url: env.NATS_URL, stop: () => {} };
  }
  const url = `nats://127.0.0.1:${port}`;
  if (await portOpen(port)) {
    log(`NATS: reusing the server on ${url}`);
    return { url, stop: () => {} };
  }
  const storeDir = join(dataDir, "nats");
  mkdirSync(storeDir, { recursive: true });
  const child = startDaemon("nats", "nats-server", ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir], { logDir: dataDir });
  await waitForPort(port, { what: "NATS server", child });
  log(`NATS: JetStream on ${url} (store ${storeDir})`);
  return { url, pid: child.pid, stop: () => stopPid(child.pid) };
}

/** A development SMTP server that keeps every message as a .eml file (so notifications can be read). */
export async function ensureMailSink({ dataDir, port, env = process.env }) {
  if (env.SMTP_HOST) {
    log(`SMTP: using ${env.SMTP_HOST}:${env.SMTP_PORT ?? 25}`);
    return { host: env.SMTP_HOST, port: Number(env.SMTP_PORT ?? 25), stop: () => {} };
  }
  const mailDir = join(dataDir, "mail");
  if (await portOpen(port)) {
    log(`SMTP: reusing the sink on 127.0.0.1:${port}`);
    return { host: "127.0.0.1", port, mailDir, stop: () => {} };
  }
  const child = startDaemon("mail-sink", process.execPath, [join(ROOT, "scripts", "mail-sink.mjs"), "--port", String(port), "--dir", mailDir], {
    logDir: dataDir,
  });
  await waitForPort(port, { what: "SMTP sink", child });
  log(`SMTP: sink on 127.0.0.1:${port}, messages saved in ${mailDir}`);
  return { host: "127.0.0.1", port, mailDir, pid: child.pid, stop: () => stopPid(child.pid) };
}

/** Whether `pid` is running: gone or a zombie is not (zombies are read from /proc where there is one). */
function running(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch {
    if (existsSync("/proc/self")) return false; // Linux: no entry, so gone
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid, name) {
  try {
    process.kill(-pid, name);
  } catch {
    try {
      process.kill(pid, name);
    } catch {
      /* gone */
    }
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Stops processes (each with its process group): SIGTERM, then waits until they have exited, and
 * SIGKILL after `graceMs`. Waiting matters: a Temporal dev server still closing its SQLite file
 * makes the next `npm start` fail with "database is locked".
 */
export function stopPids(pids, graceMs = 20_000) {
  for (const pid of pids) signal(pid, "SIGTERM");
  const until = Date.now() + graceMs;
  while (pids.some(running)) {
    if (Date.now() >= until) {
      for (const pid of pids.filter(running)) {
        log(`pid ${pid} did not stop within ${graceMs / 1000} s: killed`);
        signal(pid, "SIGKILL");
      }
      return;
    }
    Atomics.wait(pause, 0, 0, 100);
  }
}

export function stopPid(pid) {
  stopPids([pid]);
}
