#!/usr/bin/env node
// `npm start` / `npm test` / `npm stop`: installs what is missing, brings up the services, and runs
// Vigil (start) or the whole suite against a throwaway environment (test).
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, fail, log, portOpen, run } from "./lib/proc.mjs";
import { debian, ensureDebian, ensureNodeModules, ensureTemporalCli } from "./lib/deps.mjs";
import { ensureMailSink, ensureNats, ensurePostgres, ensureTemporal, reachableDataDir, stopPids, stopPostgres } from "./lib/services.mjs";
import { runApps } from "./lib/apps.mjs";
import { runSuite } from "./lib/suite.mjs";

const envPort = (name, fallback) => Number(process.env[name] || fallback);
const DEV = {
  dir: join(ROOT, ".vigil", "dev"),
  pgPort: envPort("VIGIL_PG_PORT", 55432),
  temporalPort: envPort("VIGIL_TEMPORAL_PORT", 7233),
  temporalUiPort: envPort("VIGIL_TEMPORAL_UI_PORT", 8233),
  smtpPort: envPort("VIGIL_SMTP_PORT", 2525),
  natsPort: envPort("VIGIL_NATS_PORT", 4222),
  ingestPort: envPort("VIGIL_INGEST_PORT", 8088),
  webPort: envPort("VIGIL_WEB_PORT", 3000),
};
const TEST = { dir: join(ROOT, ".vigil", "test"), pgPort: 55439, temporalPort: 7239, smtpPort: 2539, natsPort: 4239 };

/** Installs prerequisites and brings up PostgreSQL, Temporal and SMTP for `profile`. */
async function bringUpServices(profile, { headless, fast, forTests }) {
  ensureNodeModules();
  const needs = [];
  if (!process.env.DATABASE_URL) needs.push(debian.postgresql);
  if (!process.env.NATS_URL) needs.push(debian.nats);
  // Chromium for e2e; rsyslog (+ its Elasticsearch output), logger and openssl as real syslog/bulk/TLS clients
  if (forTests) needs.push(debian.chromium, debian.rsyslog, debian.rsyslogElastic, debian.logger, debian.openssl);
  ensureDebian(needs);
  // The tests need the CLI even with a Temporal server given: the workflow unit tests start their own
  // time-skipping test server from it (turbo passes TEMPORAL_CLI on, see turbo.json).
  const cli = process.env.TEMPORAL_ADDRESS && !forTests ? null : ensureTemporalCli();
  const stops = [];
  try {
    const pg = await ensurePostgres({ dataDir: join(profile.dir, "pg"), port: profile.pgPort, fast });
    stops.push(pg.stop);
    const temporal = await ensureTemporal({
      cli,
      dataDir: profile.dir,
      port: profile.temporalPort,
      uiPort: profile.temporalUiPort,
      headless,
    });
    stops.push(temporal.stop);
    const smtp = await ensureMailSink({ dataDir: profile.dir, port: profile.smtpPort });
    stops.push(smtp.stop);
    const nats = await ensureNats({ dataDir: profile.dir, port: profile.natsPort });
    stops.push(nats.stop);
    const env = {
      ...process.env,
      DATABASE_URL: pg.appUrl,
      DATABASE_ADMIN_URL: pg.adminUrl,
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      NATS_URL: nats.url,
      TURBO_TELEMETRY_DISABLED: "1",
      ...(cli ? { TEMPORAL_CLI: cli } : {}),
    };
    const owned = { pids: [temporal.pid, smtp.pid, nats.pid].filter(Boolean), pgDataDir: pg.dataDir };
    return { env, smtp, temporal, owned, stopAll: () => stops.reverse().forEach((stop) => safely(stop)) };
  } catch (err) {
    stops.reverse().forEach((stop) => safely(stop));
    throw err;
  }
}

function safely(fn) {
  try {
    fn();
  } catch (err) {
    log(`warning while stopping: ${err.message}`);
  }
}

async function start() {
  if ((await portOpen(DEV.webPort)) && (await portOpen(DEV.ingestPort)) && existsSync(join(DEV.dir, "banner.txt"))) {
    log("Vigil is already running:");
    process.stdout.write(readFileSync(join(DEV.dir, "banner.txt"), "utf8"));
    return;
  }
  const services = await bringUpServices(DEV, { headless: false, fast: false, forTests: false });
  const state = (apps = []) => ({ supervisor: process.pid, pids: [...services.owned.pids, ...apps], pgDataDir: services.owned.pgDataDir });
  writeFileSync(join(DEV.dir, "pids.json"), JSON.stringify(state()));
  let apps;
  try {
    apps = await runApps({ profile: DEV, env: services.env, smtp: services.smtp });
  } catch (err) {
    services.stopAll(); // what this run started goes away with its failure
    rmSync(join(DEV.dir, "pids.json"), { force: true });
    throw err;
  }
  writeFileSync(join(DEV.dir, "pids.json"), JSON.stringify(state(apps.pids)));
  writeFileSync(join(DEV.dir, "banner.txt"), apps.banner);
  process.stdout.write(apps.banner);
  let stopping = false;
  const shutdown = (reason) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${reason})...`);
    apps.stop();
    services.stopAll();
    rmSync(join(DEV.dir, "banner.txt"), { force: true });
    rmSync(join(DEV.dir, "pids.json"), { force: true });
    log("stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGHUP", () => shutdown("SIGHUP"));
  // The apps are detached (their own process groups) and unref'd; this keeps the supervisor in the
  // foreground until Ctrl-C, `npm stop`, or an app exiting.
  setInterval(() => {}, 60_000);
  apps.onExit((name, code) => {
    log(`${name} exited with code ${code}; see ${join(DEV.dir, "logs", `${name}.log`)}`);
    shutdown(`${name} exited`);
  });
}

/**
 * `npm run services`: the backing services of `npm start` without the apps (for running an app or a
 * test by hand), migrated, with the environment to export printed. Ctrl-C or `npm stop` stops them.
 */
async function services() {
  const services = await bringUpServices(DEV, { headless: false, fast: false, forTests: false });
  writeFileSync(join(DEV.dir, "pids.json"), JSON.stringify({ supervisor: process.pid, pids: services.owned.pids, pgDataDir: services.owned.pgDataDir }));
  run("npm", ["run", "--silent", "db:migrate"], { env: services.env });
  const names = ["DATABASE_URL", "DATABASE_ADMIN_URL", "TEMPORAL_ADDRESS", "NATS_URL", "SMTP_HOST", "SMTP_PORT"];
  process.stdout.write(`\nServices are up. In another shell:\n${names.map((n) => `  export ${n}=${services.env[n]}`).join("\n")}\nCtrl-C (or npm stop) stops them.\n`);
  const shutdown = () => {
    services.stopAll();
    rmSync(join(DEV.dir, "pids.json"), { force: true });
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  setInterval(() => {}, 60_000);
}

async function test() {
  const started = Date.now();
  const testPgDir = reachableDataDir(join(TEST.dir, "pg"));
  rmSync(TEST.dir, { recursive: true, force: true });
  rmSync(testPgDir, { recursive: true, force: true });
  const services = await bringUpServices(TEST, { headless: true, fast: true, forTests: true });
  let result;
  try {
    result = await runSuite(services.env);
  } finally {
    services.stopAll();
  }
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  for (const step of result.steps) log(`${step.ok ? "ok  " : "FAIL"} ${step.name} (${step.seconds}s)`);
  log(`whole suite took ${minutes} min`);
  process.stdout.write(`vigil: ${result.passed} passed, ${result.failed} failed\n`);
  if (result.steps.some((s) => !s.ok)) process.exit(1);
  rmSync(testPgDir, { recursive: true, force: true });
}

/**
 * Stops a running `npm start` from another terminal. Its supervisor stops what it started; if the
 * supervisor is gone (killed), the recorded processes and cluster are stopped here.
 */
async function stop() {
  const pidsFile = join(DEV.dir, "pids.json");
  if (!existsSync(pidsFile)) return log("Vigil is not running (no .vigil/dev/pids.json)");
  const state = JSON.parse(readFileSync(pidsFile, "utf8"));
  if (alive(state.supervisor)) {
    process.kill(state.supervisor, "SIGTERM");
    log(`asked the running Vigil (pid ${state.supervisor}) to stop`);
    for (let i = 0; i < 60 && alive(state.supervisor); i++) await new Promise((r) => setTimeout(r, 500));
  }
  stopPids((state.pids ?? []).filter(alive));
  if (state.pgDataDir) safely(() => stopPostgres(state.pgDataDir));
  rmSync(pidsFile, { force: true });
  rmSync(join(DEV.dir, "banner.txt"), { force: true });
  log("stopped.");
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const command = process.argv[2];
const commands = { start, services, test, stop };
if (!commands[command]) fail(`usage: node scripts/vigil.mjs <${Object.keys(commands).join("|")}>`);
commands[command]().catch((err) => fail(err.stack ?? String(err)));
