// Everything behind the event log: the store writer (COPY into PostgreSQL), the detection pipeline
// with each tenant's rule set, behaviour analytics, the detection outbox recovery and the Temporal
// responses. It runs inside the ingest process's main thread, or (JetStream) in a thread of its
// own (processing-thread.ts), so that storing and detecting never delay the receivers' answers.
import type { Db } from "@vigil/db";
import { recordRuleLoad, ruleLoadReport } from "@vigil/services/health";
import type { Logger } from "pino";
import type { IngestEnv } from "./env";
import type { EventLog } from "./log";
import { DetectionRecovery, newOutboxOwner, storeWriter } from "./log";
import { DetectionPipeline } from "./pipeline";
import { RulesRegistry } from "./rules-registry";
import { temporalStarter } from "./temporal";
import { createUebaSink, fanOutSinks } from "./ueba";

export interface Processing {
  /** Stops the writer (JetStream: what is not stored stays in the stream), then detection and responses. */
  close(): Promise<void>;
}

export async function startProcessing(env: IngestEnv, deps: { db: Db; eventLog: EventLog; log: Logger }): Promise<Processing> {
  const { db, eventLog, log } = deps;
  const services = { db };
  const temporal = env.http.VIGIL_START_WORKFLOWS === "true" ? temporalStarter() : undefined;
  // Each tenant's effective rule set (built-in pack, then global / organization / tenant packs and
  // named lists), compiled once per distinct set; what loaded and what failed is published for health.
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
  // Each committed batch waits in the detection outbox until both sinks processed it; what a dead
  // process (or a failed detection) left there is detected again by the recovery sweeps.
  const owner = newOutboxOwner();
  const recovery = new DetectionRecovery({ services, sink, owner, log: log.child({ component: "detection-recovery" }), ...env.detectionRecovery });
  await eventLog.start(storeWriter(services, sink, undefined, { owner, log }));
  recovery.start();
  log.info({ workflows: Boolean(temporal), eventLog: eventLog.mode }, "store writer and detection running");
  return {
    async close() {
      await eventLog.close();
      await recovery.close();
      await pipeline.drain();
      await ueba.close();
      await registry.close();
      await temporal?.close();
    },
  };
}
