// In-process detection pipeline: one sequential queue per tenant (correlation windows need
// events in order), running after the events are committed. Rules -> alerts/incidents ->
// a response workflow per new incident. Failures are logged, never thrown at the sender.
import type { DetectionEngine } from "@vigil/detection";
import type { ServiceDeps } from "@vigil/services";
import type { NewIncident } from "@vigil/services/detections";
import { recordDetections } from "@vigil/services/detections";
import { recentEvents } from "@vigil/services/events";
import { recordWorkflowState } from "@vigil/services/incidents";
import type { VigilEvent } from "@vigil/schema";
import type { EventSink } from "./ingest-body";

export interface PipelineLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Starts the response workflow of a new incident (Temporal in production). */
export type StartResponse = (incident: NewIncident) => Promise<{ workflowId: string }>;

export interface PipelineDeps {
  services: ServiceDeps;
  engine: DetectionEngine;
  /** Absent: workflows disabled (VIGIL_START_WORKFLOWS=false); incidents are still recorded. */
  startResponse?: StartResponse;
  log: PipelineLogger;
}

const PRUNE_EVERY_MS = 60_000;

export class DetectionPipeline implements EventSink {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly warmed = new Set<string>();
  private lastPrune = Date.now();

  constructor(private readonly deps: PipelineDeps) {}

  enqueue(tenantId: string, events: readonly VigilEvent[]): void {
    const previous = this.queues.get(tenantId) ?? Promise.resolve();
    // setImmediate: the HTTP answer is written before rule evaluation takes the CPU.
    const next = previous.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => this.run(tenantId, events)).catch((err: unknown) => {
      this.deps.log.error({ err, tenantId, events: events.length }, "detection failed");
    });
    this.queues.set(tenantId, next);
    void next.then(() => {
      if (this.queues.get(tenantId) === next) this.queues.delete(tenantId);
    });
  }

  /** Resolves once every queued batch (including ones queued meanwhile) is processed. */
  async drain(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  private async run(tenantId: string, events: readonly VigilEvent[]): Promise<void> {
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      this.deps.engine.prune(this.lastPrune);
    }
    await this.warmUp(tenantId, events);
    const matches = this.deps.engine.process(tenantId, events);
    if (matches.length === 0) return;
    const result = await recordDetections(this.deps.services, tenantId, matches);
    this.deps.log.info({ tenantId, alerts: result.alerts.length, newIncidents: result.newIncidents.length }, "detections recorded");
    for (const incident of result.newIncidents) await this.respond(incident);
  }

  /**
   * First batch of a tenant since start: replay its stored events of the longest correlation
   * timespan (matches discarded: they were reported before), so a restart forgets no window.
   */
  private async warmUp(tenantId: string, batch: readonly VigilEvent[]): Promise<void> {
    if (this.warmed.has(tenantId)) return;
    const span = this.deps.engine.longestTimespanMs;
    let first = Infinity;
    let last = -Infinity;
    for (const e of batch) {
      const t = Date.parse(e["@timestamp"]);
      if (t < first) first = t;
      if (t > last) last = t;
    }
    if (span > 0 && batch.length > 0) {
      const since = new Date(first - span);
      const until = new Date(last);
      const ids = new Set(batch.map((e) => e.id));
      const history = (await recentEvents(this.deps.services, tenantId, { since, until })).filter((e) => !ids.has(e.id));
      this.deps.engine.process(tenantId, history);
    }
    this.warmed.add(tenantId);
  }

  private async respond(incident: NewIncident): Promise<void> {
    const { startResponse, services, log } = this.deps;
    if (!startResponse) return;
    const target = { tenantId: incident.tenantId, incidentId: incident.id };
    try {
      const { workflowId } = await startResponse(incident);
      await recordWorkflowState(services, { ...target, state: "started", workflowId });
    } catch (err) {
      log.error({ err, ...target }, "could not start the incident response workflow");
      await recordWorkflowState(services, { ...target, state: "start_failed" }).catch((e: unknown) => {
        log.error({ err: e, ...target }, "could not record start_failed");
      });
    }
  }
}
