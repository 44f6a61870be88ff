#!/usr/bin/env node
// `npm start` / `npm test` / `npm stop`: installs what is missing, brings up the services, and runs
// Vigil (start) or the whole suite against a throwaway environment (test).
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, fail, log, portOpen } from "./lib/proc.mjs";
import { debian, ensureDebian, ensureNodeModules, ensureTemporalCli } from "./lib/deps.mjs";
import { ensureMailSink, ensurePostgres, ensureTemporal } from "./lib/services.mjs";
import { runApps } from "./lib/apps.mjs";
import { runSuite } from "./lib/suite.mjs";

const DEV = {
  dir: join(ROOT, ".vigil", "dev"),
  pgPort: 55432,
  temporalPort: 7233,
  temporalUiPort: 8233,
  smtpPort: 2525,
  ingestPort: 8088,
  webPort: 3000,
};
const TEST = { dir: join(ROOT, ".vigil", "test"), pgPort: 55439, temporalPort: 7239, smtpPort: 2539 };

/** Installs prerequisites and brings up PostgreSQL, Temporal and SMTP for `profile`. */
async function bringUpServices(profile, { headless, fast, needBrowser }) {
  ensureNodeModules();
  const needs = [];
  if (!process.env.DATABASE_URL) needs.push(debian.postgresql);
  if (needBrowser) needs.push(debian.chromium);
  ensureDebian(needs);
  const cli = process.env.TEMPORAL_ADDRESS ? null : ensureTemporalCli();
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
    const env = {
      ...process.env,
      DATABASE_URL: pg.appUrl,
      DATABASE_ADMIN_URL: pg.adminUrl,
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      TURBO_TELEMETRY_DISABLED: "1",
      ...(cli ? { TEMPORAL_CLI: cli } : {}),
    };
    return { env, smtp, temporal, stopAll: () => stops.reverse().forEach((stop) => safely(stop)) };
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
  const services = await bringUpServices(DEV, { headless: false, fast: false, needBrowser: false });
  const apps = await runApps({ profile: DEV, env: services.env, smtp: services.smtp });
  writeFileSync(join(DEV.dir, "pids.json"), JSON.stringify({ supervisor: process.pid, apps: apps.pids }));
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
    log("stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  apps.onExit((name, code) => {
    log(`${name} exited with code ${code}; see ${join(DEV.dir, "logs", `${name}.log`)}`);
    shutdown(`${name} exited`);
  });
}

async function test() {
  const started = Date.now();
  rmSync(TEST.dir, { recursive: true, force: true });
  const services = await bringUpServices(TEST, { headless: true, fast: true, needBrowser: true });
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
  rmSync(join(TEST.dir, "pg"), { recursive: true, force: true });
}

/** Stops a running `npm start` from another terminal: its supervisor stops what it started. */
async function stop() {
  const pidsFile = join(DEV.dir, "pids.json");
  if (!existsSync(pidsFile)) return log("Vigil is not running (no .vigil/dev/pids.json)");
  const { supervisor } = JSON.parse(readFileSync(pidsFile, "utf8"));
  try {
    process.kill(supervisor, "SIGTERM");
    log(`asked the running Vigil (pid ${supervisor}) to stop`);
  } catch {
    log("Vigil was not running");
  }
  rmSync(pidsFile, { force: true });
}

const command = process.argv[2];
const commands = { start, test, stop };
if (!commands[command]) fail(`usage: node scripts/vigil.mjs <${Object.keys(commands).join("|")}>`);
commands[command]().catch((err) => fail(err.stack ?? String(err)));
