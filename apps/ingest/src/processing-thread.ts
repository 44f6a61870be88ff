// The processing thread (JetStream mode): its own JetStream consumer, PostgreSQL pool and event
// loop for the store writer, detection and behaviour analytics, so the receivers' thread only
// parses, appends to JetStream and answers. Started by main.ts through processing-thread.mjs (the
// worker's loader hook for TypeScript). Messages: parent -> "close"; thread -> "ready", "closed",
// or { error } when it could not start.
import { parentPort } from "node:worker_threads";
import { createDb } from "@vigil/db";
import pino from "pino";
import { readIngestEnv } from "./env";
import { createEventLog } from "./log";
import { startProcessing } from "./processing";

const port = parentPort;
if (!port) throw new Error("processing-thread.ts runs as a worker thread of the ingest process");
const env = readIngestEnv();
const log = pino({ name: "vigil-ingest", level: env.http.VIGIL_LOG_LEVEL }).child({ thread: "processing" });
const db = createDb();
try {
  const eventLog = await createEventLog(env.eventLog, log.child({ component: "event-log" }));
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
