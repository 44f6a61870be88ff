// Small process helpers for the orchestration scripts (no dependencies: they run before npm install).
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, openSync } from "node:fs";
import net from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

export function log(msg) {
  process.stdout.write(`[vigil] ${msg}\n`);
}

export function fail(msg) {
  process.stderr.write(`[vigil] ERROR: ${msg}\n`);
  process.exit(1);
}

/** Runs a command to completion, streaming its output; throws on a non-zero exit. */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: "inherit", cwd: ROOT, ...opts });
  if (res.error) throw new Error(`${cmd} could not start: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${res.status}`);
}

/** Runs a command and returns its stdout (trimmed), or null when it fails. */
export function capture(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: "utf8", cwd: ROOT, ...opts });
  return res.status === 0 ? res.stdout.trim() : null;
}

/** Runs a command, tees its output to the console, and resolves with { code, output }. */
export function runTee(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], ...opts });
    let output = "";
    const onData = (stream) => (chunk) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on("data", onData(process.stdout));
    child.stderr.on("data", onData(process.stderr));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

export function which(bin) {
  return capture("sh", ["-c", `command -v ${bin}`]) || null;
}

/** Starts a long-running process with its output in a log file; returns the child. */
export function startDaemon(name, cmd, args, { logDir, env = process.env, cwd = ROOT } = {}) {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, "a");
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", fd, fd], detached: true });
  child.logFile = logFile;
  child.unref();
  return child;
}

export function portOpen(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
  });
}

export async function waitForPort(port, { timeoutMs = 60_000, what = `port ${port}`, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portOpen(port)) return;
    if (child && child.exitCode !== null) throw new Error(`${what} exited early (code ${child.exitCode}); see ${child.logFile}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000}s${child ? `; see ${child.logFile}` : ""}`);
}

export function killTree(pid, signal = "SIGTERM") {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

export function ensureDir(path) {
  if (!existsSync(path)) mkdirSync(path, { recursive: true });
  return path;
}

export function appendLog(path) {
  return createWriteStream(path, { flags: "a" });
}
