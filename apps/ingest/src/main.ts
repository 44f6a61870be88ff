// The ingest process: HEC + NDJSON receivers with the in-process detection pipeline.
import { createDb } from "@vigil/db";
import { DetectionEngine, loadBuiltinRules } from "@vigil/detection";
import { readEnv } from "@vigil/env";
import pino from "pino";
import { DetectionPipeline } from "./pipeline";
import { buildIngestServer } from "./server";
import { temporalStarter } from "./temporal";

const env = readEnv("ingest");
const log = pino({ name: "vigil-ingest" });
const db = createDb();
const services = { db };
const temporal = env.VIGIL_START_WORKFLOWS === "true" ? temporalStarter() : undefined;
const rules = loadBuiltinRules();
const pipeline = new DetectionPipeline({ services, engine: new DetectionEngine(rules), log, ...(temporal ? { startResponse: temporal.start } : {}) });
const app = buildIngestServer({ services, sink: pipeline, maxBodyBytes: env.VIGIL_INGEST_MAX_BODY_BYTES, logger: { name: "vigil-ingest" } });

const url = await app.listen({ host: env.VIGIL_INGEST_HOST, port: env.VIGIL_INGEST_PORT });
log.info({ url, rules: rules.rules.length + rules.correlations.length, workflows: Boolean(temporal) }, `Vigil ingest listening on ${url}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down: no new requests, finishing detection");
  await app.close();
  await pipeline.drain();
  await temporal?.close();
  await db.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("unhandledRejection", (err) => log.error({ err }, "unhandled rejection"));
