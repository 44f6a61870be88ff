// The processing thread (JetStream mode): its own JetStream consumer, PostgreSQL pool and event
// loop for the store writer, detection and behaviour analytics, so the receivers' thread only
// parses, appends to JetStream and answers. Started by main.ts through processing-thread.mjs (the
// worker's loader hook for TypeScript). Messages: parent -> "close"; thread -> "ready", "closed",
// or { error } when it could not start. The thread lowers its own CPU priority
// (VIGIL_INGEST_PROCESSING_NICE, default 19): under overload the answers stay fast and the backlog
// waits in JetStream. When PostgreSQL runs on this machine, the backends of the thread's
// connections get the same nice value (VIGIL_INGEST_PROCESSING_NICE_DB): the store writer's COPY
// is work the thread causes but does not run itself.
import { parentPort, workerData } from "node:worker_threads";
import { createDb } from "@vigil/db";
import { readEnv } from "@vigil/env";
import pino from "pino";
import { readIngestEnv } from "./env";
import { createEventLog } from "./log";
import { IntakeGauge } from "./log/intake";
import { startProcessing } from "./processing";
import type { BackendConnection } from "./thread-priority";
import { isLocalDatabase, lowerBackendPriority, lowerThreadPriority } from "./thread-priority";

const port = parentPort;
if (!port) throw new Error("processing-thread.ts runs as a worker thread of the ingest process");
const env = readIngestEnv();
const log = pino({ name: "vigil-ingest", level: env.http.VIGIL_LOG_LEVEL }).child({ thread: "processing" });
const nice = env.http.VIGIL_INGEST_PROCESSING_NICE;
if (nice > 0) {
  const priority = lowerThreadPriority(nice);
  if (priority.ok) log.info({ tid: priority.tid, nice: priority.nice }, "processing thread runs below the receivers (VIGIL_INGEST_PROCESSING_NICE)");
  else log.warn({ reason: priority.reason }, "could not lower the processing thread's priority");
}
const db = createDb({ onConnect: backendPriority() });

/**
 * The hook lowering each new connection's PostgreSQL backend to the thread's nice value (before
 * the connection's first query), when PostgreSQL runs on this machine; undefined otherwise.
 */
function backendPriority(): ((client: BackendConnection) => Promise<void>) | undefined {
  if (nice === 0 || env.http.VIGIL_INGEST_PROCESSING_NICE_DB !== "true" || !isLocalDatabase(readEnv("database").DATABASE_URL)) return undefined;
  let reported = false;
  return async (client) => {
    try {
      const result = await lowerBackendPriority(client, nice);
      if (!reported) {
        if (result.ok) log.info({ pid: result.tid, nice: result.nice }, "the processing thread's PostgreSQL backends run below the receivers too");
        else log.warn({ reason: result.reason }, "could not lower the priority of the processing thread's PostgreSQL backends");
      }
      reported = true;
    } catch (err) {
      // The connection failed: its first query reports it to the caller.
      log.debug({ err }, "backend priority not changed");
    }
  };
}
try {
  // The receivers' appends in flight (log/intake.ts): the consumer lets them go first.
  const shared = (workerData as { intake?: unknown } | null)?.intake;
  const intake = shared instanceof SharedArrayBuffer ? new IntakeGauge(shared) : undefined;
  const eventLog = await createEventLog(env.eventLog, log.child({ component: "event-log" }), intake);
  const processing = await startProcessing(env, { db, eventLog, log });
  port.on("message", (message: unknown) => {
    if (message !== "close") return;
    void (async () => {
      await processing.close();
      await db.close();
      port.postMessage("closed");
    })();
  });
  port.postMessage("ready");
} catch (err) {
  log.error({ err }, "the processing thread could not start");
  port.postMessage({ error: err instanceof Error ? err.message : String(err) });
  await db.close();
}
