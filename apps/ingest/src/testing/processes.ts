// Integration-test support for durability tests: throwaway nats-server (JetStream, file store) and
// PostgreSQL clusters on free ports, owned by the test so it can stop and restart them, and the
// real ingest process (`node --import tsx apps/ingest/src/main.ts`).
import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { Socket, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((done) => {
      const socket = new Socket();
      socket.once("connect", () => {
        socket.destroy();
        done(true);
      });
      socket.once("error", () => done(false));
      socket.connect(port, "127.0.0.1");
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listening on port ${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once("exit", () => done()));
}

export interface NatsServer {
  url: string;
  port: number;
  /** Stops the server, keeping its store (an outage); start() brings it back on the same port. */
  halt(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `nats-server -js` with its own store directory, removed on stop. */
export async function startNatsServer(): Promise<NatsServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "vigil-nats-"));
  let child: ChildProcess | undefined;
  const start = async () => {
    const c = spawn("nats-server", ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", dir], { stdio: ["ignore", "ignore", "pipe"] });
    child = c;
    let stderr = "";
    c.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      await waitForPort(port, 15_000);
    } catch (error) {
      c.kill("SIGKILL");
      throw new Error(`nats-server did not start: ${stderr.slice(-2000)}`, { cause: error });
    }
  };
  const halt = async () => {
    if (!child) return;
    child.kill("SIGTERM");
    await exited(child);
    child = undefined;
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    halt,
    start,
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PgCluster {
  port: number;
  adminUrl: string;
  appUrl: string;
  /** pg_ctl stop -m fast (connections are cut, as in an outage). */
  stop(): void;
  start(): void;
  destroy(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: the cluster belongs to the `postgres` user then. */
function pgTool(tool: string, args: string[]): void {
  const [cmd, full] = isRoot ? ["runuser", ["-u", "postgres", "--", tool, ...args]] : [tool, args];
  execFileSync(cmd, full, { stdio: ["ignore", "ignore", "pipe"] });
}

/** A throwaway cluster (fsync off) with the `vigil` database and the vigil_app role, like scripts/lib/services.mjs. */
export async function startPgCluster(): Promise<PgCluster> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "vigil-pg-"));
  if (isRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString().trim()), Number(execFileSync("id", ["-g", "postgres"]).toString().trim()));
  const data = join(dir, "data");
  pgTool("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const opts = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
  const start = () => pgTool("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  const stop = () => pgTool("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/vigil`;
  const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query("create database vigil");
  await admin.query("create role vigil_app login password 'vigil_app' nosuperuser nobypassrls");
  await admin.end();
  return {
    port, adminUrl, appUrl: `postgresql://vigil_app:vigil_app@127.0.0.1:${port}/vigil`, stop, start,
    async destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface IngestProcess {
  port: number;
  url: string;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The real ingest process, as scripts/lib/apps.mjs starts it; resolves once it listens. `env` is
 * its whole environment (PATH included): nothing leaks in from the test's own.
 */
export async function startIngest(env: Record<string, string>): Promise<IngestProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "apps/ingest/src/main.ts"], {
    cwd: REPO,
    env: { VIGIL_START_WORKFLOWS: "false", ...env, VIGIL_INGEST_PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const until = Date.now() + 60_000;
  while (!output.includes("Vigil ingest listening")) {
    if (child.exitCode !== null) throw new Error(`ingest exited with ${child.exitCode}:\n${output.slice(-4000)}`);
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`ingest did not start in 60 s:\n${output.slice(-4000)}`);
    }
    await sleep(50);
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async kill(signal) {
      child.kill(signal);
      await exited(child);
    },
  };
}
