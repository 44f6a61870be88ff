// The ingest process: HEC, NDJSON and Elasticsearch `_bulk` over HTTP, syslog listeners (each
// enabled by its port), all appending to the event log (JetStream when NATS_URL is set, else
// in-process); the store writer COPYs batches into PostgreSQL and feeds the detection pipeline.
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { createDb } from "@vigil/db";
import { ingestQuotaOverrides } from "@vigil/services/tenancy";
import pino from "pino";
import { readIngestEnv } from "./env";
import type { EventSink } from "./ingest-body";
import { IngestLimits, QuotaOverrides, withPendingPressure } from "./limits";
import { createEventLog } from "./log";
import { IntakeGauge } from "./log/intake";
import type { Processing } from "./processing";
import { startProcessing } from "./processing";
import { buildIngestServer } from "./server";
import type { RunningSyslogReceiver } from "./syslog/receiver";
import { syslogReceivers } from "./syslog/receiver";

const env = readIngestEnv();
const log = pino({ name: "vigil-ingest", level: env.http.VIGIL_LOG_LEVEL });
const db = createDb();
const services = { db };
const threaded = env.eventLog.kind === "jetstream" && env.http.VIGIL_INGEST_PROCESSING_THREAD !== "false";
// The receivers' appends in flight, shared with the processing thread, whose consumer lets them go
// first (log/intake.ts).
const intake = threaded ? new IntakeGauge() : undefined;
const eventLog = await createEventLog(env.eventLog, log.child({ component: "event-log" }), intake).catch((err: unknown) => {
  log.fatal({ err, servers: env.eventLog.kind === "jetstream" ? env.eventLog.options.servers : undefined }, "cannot open the event log (NATS_URL)");
  process.exit(1);
});

/**
 * JetStream: the store writer, detection and behaviour analytics run in a thread of their own (their
 * own consumer of the stream), so storing and detecting never hold up the receivers' answers
 * (VIGIL_INGEST_PROCESSING_THREAD=false keeps them on this thread). A thread that dies takes the
 * process down: a supervisor restarts it, and JetStream redelivers what was not stored.
 */
async function processingThread(): Promise<Processing> {
  const worker = new Worker(new URL("./processing-thread.mjs", import.meta.url), { workerData: { intake: intake?.buffer } });
  const [first] = (await Promise.race([once(worker, "message"), once(worker, "error").then(([err]) => [{ error: String(err) }])])) as [unknown];
  if (first !== "ready") throw new Error(`the processing thread did not start: ${JSON.stringify(first)}`);
  let closing = false;
  worker.on("error", (err) => log.fatal({ err }, "the processing thread failed"));
  worker.on("exit", (code) => {
    if (closing) return;
    log.fatal({ code }, "the processing thread stopped: exiting (JetStream keeps what was not stored)");
    process.exit(1);
  });
  return {
    async close() {
      closing = true;
      worker.postMessage("close");
      await Promise.race([once(worker, "message"), once(worker, "exit")]);
      await worker.terminate();
    },
  };
}

const processing = await (threaded ? processingThread() : startProcessing(env, { db, eventLog, log })).catch((err: unknown) => {
  log.fatal({ err }, "cannot start the store writer and detection");
  process.exit(1);
});
// Receivers only hand committed batches to a sink in in-process mode without a log (never here).
const sink: EventSink = { enqueue: () => undefined };
// Backpressure: past VIGIL_INGEST_MAX_PENDING_BATCHES batches waiting to be durable, HTTP answers
// busy (503 + Retry-After) and syslog TCP readers pause; per-tenant quotas (429) cover every
// transport (one shared instance).
const pressured = withPendingPressure(eventLog, env.limits.maxPendingBatches);
// Tenants' quota overrides (portal / `vigil tenants quota`), re-read every VIGIL_INGEST_QUOTA_REFRESH_MS.
const overrides = new QuotaOverrides(() => ingestQuotaOverrides(services), log);
await overrides.refresh();
const limits = new IngestLimits({ pressure: pressured.pressure, quota: env.limits.quota, quotaFor: overrides.quotaFor, maxInFlightBytes: env.limits.maxInFlightBytes });
overrides.onChange = (tenantId) => limits.quotaChanged(tenantId);
overrides.start(env.limits.quotaRefreshMs);
const app = buildIngestServer({
  services, sink, eventLog: pressured.log, limits, requestTimeoutMs: env.limits.requestTimeoutMs,
  maxBodyBytes: env.http.VIGIL_INGEST_MAX_BODY_BYTES, logger: { name: "vigil-ingest" },
});

const url = await app.listen({ host: env.http.VIGIL_INGEST_HOST, port: env.http.VIGIL_INGEST_PORT });
log.info({ url, eventLog: eventLog.mode, processingThread: threaded }, `Vigil ingest listening on ${url}`);
const syslog: RunningSyslogReceiver[] = [];
for (const { id, config } of env.syslog) {
  const receiver = await syslogReceivers.get(id)?.build(config, { services, eventLog: pressured.log, limits, log: log.child({ receiver: id }) });
  if (!receiver) continue;
  syslog.push(receiver);
  log.info({ receiver: id, host: config.host, port: receiver.port, defaultTenant: Boolean(config.defaultToken) }, `${id} listening on ${config.host}:${receiver.port}`);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down: no new requests, appending syslog batches, finishing the batch being stored and detection");
  overrides.stop();
  await app.close();
  for (const receiver of syslog) {
    await receiver.close();
    log.info({ receiver: receiver.id, stats: receiver.stats }, "syslog receiver closed");
  }
  // JetStream: what is not stored yet stays in the stream for the next start.
  if (threaded) await eventLog.close();
  await processing.close();
  await db.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("unhandledRejection", (err) => log.error({ err }, "unhandled rejection"));
