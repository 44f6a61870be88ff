// The ingest process: HEC, NDJSON and Elasticsearch `_bulk` over HTTP, syslog listeners (each
// enabled by its port), all appending to the event log (JetStream when NATS_URL is set, else
// in-process); the store writer COPYs batches into PostgreSQL and feeds the detection pipeline.
import { createDb } from "@vigil/db";
import { recordRuleLoad, ruleLoadReport } from "@vigil/services/health";
import pino from "pino";
import { readIngestEnv } from "./env";
import { IngestLimits, withPendingPressure } from "./limits";
import { createEventLog, DetectionRecovery, newOutboxOwner, storeWriter } from "./log";
import { DetectionPipeline } from "./pipeline";
import { RulesRegistry } from "./rules-registry";
import { buildIngestServer } from "./server";
import type { RunningSyslogReceiver } from "./syslog/receiver";
import { syslogReceivers } from "./syslog/receiver";
import { temporalStarter } from "./temporal";
import { createUebaSink, fanOutSinks } from "./ueba";

const env = readIngestEnv();
const log = pino({ name: "vigil-ingest" });
const db = createDb();
const services = { db };
const temporal = env.http.VIGIL_START_WORKFLOWS === "true" ? temporalStarter() : undefined;
// Each tenant's effective rule set (built-in pack, then global / organization / tenant packs),
// compiled once per distinct set; what loaded and what failed is published for detection health.
const registry = new RulesRegistry({
  services,
  log,
  onRuleSet: (tenantId, set) => {
    recordRuleLoad(services, ruleLoadReport(set, "ingest", tenantId)).catch((err: unknown) => log.error({ err, tenantId }, "could not publish the rule load report"));
  },
});
registry.start();
const respond = temporal ? { startResponse: temporal.start, raiseResponse: temporal.raise } : {};
const pipeline = new DetectionPipeline({ services, rules: registry, log, ...respond });
// Behaviour analytics on the same committed batches; its alerts go through the same alert/incident
// pipeline. Both queues are bounded: the slower one holds the store writer (never memory).
const ueba = createUebaSink({ services, log: log.child({ component: "ueba" }), ...respond });
const sink = fanOutSinks([pipeline, ueba], log);
const eventLog = await createEventLog(env.eventLog, log.child({ component: "event-log" })).catch((err: unknown) => {
  log.fatal({ err, servers: env.eventLog.kind === "jetstream" ? env.eventLog.options.servers : undefined }, "cannot open the event log (NATS_URL)");
  process.exit(1);
});
// Each committed batch waits in the detection outbox until both sinks processed it; what a dead
// process (or a failed detection) left there is detected again by the recovery sweeps.
const owner = newOutboxOwner();
const recovery = new DetectionRecovery({ services, sink, owner, log: log.child({ component: "detection-recovery" }), ...env.detectionRecovery });
await eventLog.start(storeWriter(services, sink, undefined, { owner, log }));
recovery.start();
// Backpressure: past VIGIL_INGEST_MAX_PENDING_BATCHES batches waiting to be durable, HTTP answers
// busy (503 + Retry-After) and syslog TCP readers pause; per-tenant quotas (429) cover every
// transport (one shared instance).
const pressured = withPendingPressure(eventLog, env.limits.maxPendingBatches);
const limits = new IngestLimits({ pressure: pressured.pressure, quota: env.limits.quota, maxInFlightBytes: env.limits.maxInFlightBytes });
const app = buildIngestServer({
  services, sink, eventLog: pressured.log, limits, requestTimeoutMs: env.limits.requestTimeoutMs,
  maxBodyBytes: env.http.VIGIL_INGEST_MAX_BODY_BYTES, logger: { name: "vigil-ingest" },
});

const url = await app.listen({ host: env.http.VIGIL_INGEST_HOST, port: env.http.VIGIL_INGEST_PORT });
log.info({ url, workflows: Boolean(temporal), eventLog: eventLog.mode }, `Vigil ingest listening on ${url}`);
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
  await app.close();
  for (const receiver of syslog) {
    await receiver.close();
    log.info({ receiver: receiver.id, stats: receiver.stats }, "syslog receiver closed");
  }
  // JetStream: what is not stored yet stays in the stream for the next start.
  await eventLog.close();
  await recovery.close();
  await pipeline.drain();
  await ueba.close();
  await registry.close();
  await temporal?.close();
  await db.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("unhandledRejection", (err) => log.error({ err }, "unhandled rejection"));
