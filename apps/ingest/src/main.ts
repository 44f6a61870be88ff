// The ingest process: HEC, NDJSON and Elasticsearch `_bulk` over HTTP, syslog listeners (each
// enabled by its port), all feeding the in-process detection pipeline.
import { createDb } from "@vigil/db";
import { compiledEngine, loadBuiltinRules } from "@vigil/detection";
import pino from "pino";
import { readIngestEnv } from "./env";
import { DetectionPipeline } from "./pipeline";
import { buildIngestServer } from "./server";
import type { RunningSyslogReceiver } from "./syslog/receiver";
import { syslogReceivers } from "./syslog/receiver";
import { temporalStarter } from "./temporal";

const env = readIngestEnv();
const log = pino({ name: "vigil-ingest" });
const db = createDb();
const services = { db };
const temporal = env.http.VIGIL_START_WORKFLOWS === "true" ? temporalStarter() : undefined;
const rules = loadBuiltinRules();
// The compiled backend: the same matches as DetectionEngine (property-tested), found faster.
const pipeline = new DetectionPipeline({ services, engine: compiledEngine(rules).engine, log, ...(temporal ? { startResponse: temporal.start } : {}) });
const app = buildIngestServer({ services, sink: pipeline, maxBodyBytes: env.http.VIGIL_INGEST_MAX_BODY_BYTES, logger: { name: "vigil-ingest" } });

const url = await app.listen({ host: env.http.VIGIL_INGEST_HOST, port: env.http.VIGIL_INGEST_PORT });
log.info({ url, rules: rules.rules.length + rules.correlations.length, workflows: Boolean(temporal) }, `Vigil ingest listening on ${url}`);
const syslog: RunningSyslogReceiver[] = [];
for (const { id, config } of env.syslog) {
  const receiver = await syslogReceivers.get(id)?.build(config, { services, sink: pipeline, log: log.child({ receiver: id }) });
  if (!receiver) continue;
  syslog.push(receiver);
  log.info({ receiver: id, host: config.host, port: receiver.port, defaultTenant: Boolean(config.defaultToken) }, `${id} listening on ${config.host}:${receiver.port}`);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down: no new requests, committing syslog batches, finishing detection");
  await app.close();
  for (const receiver of syslog) {
    await receiver.close();
    log.info({ receiver: receiver.id, stats: receiver.stats }, "syslog receiver closed");
  }
  await pipeline.drain();
  await temporal?.close();
  await db.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("unhandledRejection", (err) => log.error({ err }, "unhandled rejection"));
