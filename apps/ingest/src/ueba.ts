// Behaviour analytics (UEBA) on the ingest stream: an EventSink fed the same committed batches
// as the rule pipeline. Entity-risk alerts go through the rules' alert/incident pipeline, and a
// new incident starts the same response workflow. main.ts fans out to both sinks.
import type { ServiceDeps } from "@vigil/services";
import { UebaSink, type UebaAlertsRecorded } from "@vigil/services/ueba/stream";
import type { VigilEvent } from "@vigil/schema";
import type { EventSink } from "./ingest-body";
import type { PipelineLogger, RaiseResponse, StartResponse } from "./pipeline";
import { raiseIncidentResponse, startIncidentResponse } from "./pipeline";

export interface UebaIngestDeps {
  services: ServiceDeps;
  log: PipelineLogger;
  /** Absent: workflows disabled; UEBA incidents are still recorded. */
  startResponse?: StartResponse;
  raiseResponse?: RaiseResponse;
  onAlerts?: (recorded: UebaAlertsRecorded) => void;
  /** Events queued before ready() holds the store writer (default 100,000). */
  maxQueuedEvents?: number;
  /** Past the bound: hold the store writer ("wait", default) or skip batches ("shed": never slows ingest). */
  overflow?: "wait" | "shed";
  /** Wall-clock tick closing quiet tenants' windows (default 60 s; tests pass 0). */
  idleTickMs?: number;
  /** How often a tenant's stream looks for a newly trained model (default 30 s). */
  modelCheckMs?: number;
}

export interface UebaIngestSink extends EventSink {
  /** Resolves when its queue is under its bound (the store writer waits for it, as for the rules). */
  ready(): Promise<void>;
  /** Resolves once every queued batch is processed. */
  drain(): Promise<void>;
  /** Drains and writes every tenant's streaming state (call on shutdown, after the event log closed). */
  close(): Promise<void>;
}

export function createUebaSink(deps: UebaIngestDeps): UebaIngestSink {
  const { services, log, startResponse, raiseResponse } = deps;
  const sink = new UebaSink({
    deps: services,
    log,
    ...(deps.idleTickMs !== undefined ? { idleTickMs: deps.idleTickMs } : {}),
    ...(deps.modelCheckMs !== undefined ? { modelCheckMs: deps.modelCheckMs } : {}),
    ...(deps.maxQueuedEvents !== undefined ? { maxQueuedEvents: deps.maxQueuedEvents } : {}),
    ...(deps.overflow ? { overflow: deps.overflow } : {}),
    ...(deps.onAlerts ? { onAlerts: deps.onAlerts } : {}),
    onNewIncident: (incident) => startIncidentResponse({ services, log, startResponse }, incident),
    onIncidentRaised: (incident) => raiseIncidentResponse({ log, raiseResponse }, incident),
  });
  return {
    enqueue: (tenantId, events) => sink.enqueue(tenantId, events),
    ready: () => sink.ready(),
    drain: () => sink.drain(),
    close: () => sink.close(),
  };
}

/**
 * One EventSink feeding several (rules and UEBA): each gets every committed batch; none can fail
 * the others. Ready when every sink is (the slowest one's bound holds the store writer).
 */
export function fanOutSinks(sinks: readonly EventSink[], log: PipelineLogger): EventSink {
  return {
    async ready() {
      await Promise.all(sinks.map((s) => s.ready?.()));
    },
    /** Settles true once every sink has processed the batch (a sink that does not say counts as done). */
    async enqueue(tenantId: string, events: readonly VigilEvent[]): Promise<boolean> {
      const done = sinks.map((sink) => {
        try {
          return Promise.resolve(sink.enqueue(tenantId, events)).then((ok) => ok !== false);
        } catch (err) {
          log.error({ err, tenantId, events: events.length }, "event sink failed");
          return Promise.resolve(false);
        }
      });
      return (await Promise.all(done)).every(Boolean);
    },
  };
}
