// Lowers the CPU priority of the calling thread only (Linux: setpriority on a thread id applies to
// that thread, not to the process). The processing thread runs this at start, so when the two cores
// are saturated the receivers' thread wins them: senders keep their answers fast, and the store
// writer and detection catch up from JetStream once the burst passes.
import { readFileSync, readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

export type PriorityResult = { ok: true; tid: number; nice: number } | { ok: false; reason: string };

/** The kernel id of the calling thread, from /proc/thread-self (`<pid>/task/<tid>`); undefined off Linux. */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").at(-1));
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

export function lowerThreadPriority(nice: number): PriorityResult {
  const tid = currentThreadId();
  if (tid === undefined) return { ok: false, reason: "no /proc/thread-self (not Linux): the thread keeps the process priority" };
  try {
    setPriority(tid, nice);
    return { ok: true, tid, nice: getPriority(tid) };
  } catch (err) {
    return { ok: false, reason: `setpriority(${tid}, ${nice}) failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** A connection that can ask its server for its backend's process id (a pg client). */
export interface BackendConnection {
  query(sql: string): Promise<{ rows: { pid?: unknown }[] }>;
}

/** Host part of a PostgreSQL URL (empty or a socket directory for a local socket); undefined when the URL does not parse. */
function databaseHost(url: string): string | undefined {
  try {
    const u = new URL(url);
    return decodeURIComponent(u.searchParams.get("host") ?? u.hostname).replace(/^\[|\]$/g, "");
  } catch {
    return undefined;
  }
}

/** Whether the server of `url` runs on this machine: loopback address or a Unix socket. */
export function isLocalDatabase(url: string): boolean {
  const host = databaseHost(url);
  if (host === undefined) return false;
  return host === "" || host.startsWith("/") || host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Lowers the CPU priority of the PostgreSQL backend process serving `connection`, when the server
 * runs on this machine: the store writer's COPY and the alert writes then yield the cores to the
 * receivers as the processing thread itself does (a thread's nice value does not reach the
 * process doing its SQL). Only a process named `postgres` is touched, so a backend id that means
 * nothing here (a server in another PID namespace) changes nothing.
 */
export async function lowerBackendPriority(connection: BackendConnection, nice: number): Promise<PriorityResult> {
  const { rows } = await connection.query("select pg_backend_pid() as pid");
  const pid = Number(rows[0]?.pid);
  if (!Number.isInteger(pid) || pid <= 0) return { ok: false, reason: "the server did not report its backend's process id" };
  let name: string;
  try {
    name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return { ok: false, reason: `backend ${pid} is not a process of this machine (PostgreSQL runs elsewhere)` };
  }
  if (name !== "postgres") return { ok: false, reason: `process ${pid} here is "${name}", not the PostgreSQL backend` };
  try {
    setPriority(pid, Math.max(getPriority(pid), nice));
    return { ok: true, tid: pid, nice: getPriority(pid) };
  } catch (err) {
    return { ok: false, reason: `setpriority(${pid}, ${nice}) failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
