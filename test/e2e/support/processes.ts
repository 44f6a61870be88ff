// Child processes for the e2e stack: spawned in their own process group, logs to test/artifacts/logs.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export interface Service {
  name: string;
  child: ChildProcess;
  logFile: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function startService(name: string, cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; logDir: string }): Service {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = join(opts.logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.once("exit", (code, signal) => log.write(`\n[e2e] ${name} exited code=${code} signal=${signal}\n`));
  return { name, child, logFile };
}

/** Polls until `probe` resolves true; fails fast when the process died. */
export async function waitFor(service: Service, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited (${service.child.exitCode}); see ${service.logFile}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${service.name} not ready after ${timeoutMs} ms; see ${service.logFile}`);
}

export const httpOk = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status < 500;

/** SIGTERM the process group, SIGKILL after a grace period. */
export async function stopService(service: Service, graceMs = 8_000): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  signalGroup("SIGTERM");
  const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`))));
  });
}
