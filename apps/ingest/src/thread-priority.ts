// Lowers the CPU priority of the calling thread only (Linux: setpriority on a thread id applies to
// that thread, not to the process). The processing thread runs this at start, so when the two cores
// are saturated the receivers' thread wins them: senders keep their answers fast, and the store
// writer and detection catch up from JetStream once the burst passes.
import { readlinkSync } from "node:fs";
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
