// In-process detection pipeline: one sequential queue per tenant (correlation windows need
// events in order), running after the events are committed. Rules -> alerts/incidents ->
// a response workflow per new incident. Failures are logged, never thrown at the sender; the
// correlation matches of a batch whose recording failed are recorded with the tenant's next batch
// (the detection recovery's re-run of the batch cannot raise them again: see Carried).
// Each tenant runs the engine its EngineSource gives (rules-registry.ts: the tenant's effective
// rule set); when that engine changes, the tenant is warmed up again on the new engine.
import type { DetectionEngine, DetectionMatch } from "@vigil/detection";
import type { ServiceDeps } from "@vigil/services";
import type { NewIncident, RaisedIncident, RecordDetectionsResult } from "@vigil/services/detections";
import { recordDetections } from "@vigil/services/detections";
import { recentEvents } from "@vigil/services/events";
import { recordWorkflowState } from "@vigil/services/incidents";
import { TenantQueues } from "@vigil/services/queue";
import type { VigilEvent } from "@vigil/schema";
import type { EventSink } from "./ingest-body";
import type { EngineSource } from "./rules-registry";
import { staticEngineSource } from "./rules-registry";

export interface PipelineLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Starts the response workflow of a new incident (Temporal in production). */
export type StartResponse = (incident: NewIncident) => Promise<{ workflowId: string }>;

/** Tells a running response that a more severe alert joined its incident (Temporal signal in production). */
export type RaiseResponse = (incident: RaisedIncident) => Promise<void>;

export interface PipelineDeps {
  services: ServiceDeps;
  /** Per-tenant engines (a RulesRegistry). Takes precedence over `engine`. */
  rules?: EngineSource;
  /** One engine for every tenant (used when `rules` is absent). */
  engine?: DetectionEngine;
  /** Absent: workflows disabled (VIGIL_START_WORKFLOWS=false); incidents are still recorded. */
  startResponse?: StartResponse;
  /** Absent with workflows disabled: the raise is recorded on the incident only. */
  raiseResponse?: RaiseResponse;
  log: PipelineLogger;
  /** Events queued for detection before ready() makes the store writer wait (default 100,000). */
  maxQueuedEvents?: number;
}

const PRUNE_EVERY_MS = 60_000;
const MAX_QUEUED_EVENTS = 100_000;
/** Failed recordings a tenant's carried correlation matches go through before they are given up (logged). */
const MAX_CARRY_ATTEMPTS = 5;
/** Carried correlation matches kept per tenant (the newest; older ones are given up, logged). */
const MAX_CARRIED = 10_000;

/**
 * Correlation matches whose recording failed. The engine already counted their events (its
 * windows and throttling moved on), so running the batch again, as the detection recovery does,
 * cannot raise them a second time: they are recorded with the tenant's next batch instead.
 * Single-event matches are not carried: running the batch again raises them again.
 */
interface Carried {
  matches: DetectionMatch[];
  /** Failed recordings they went through. */
  attempts: number;
}

export class DetectionPipeline implements EventSink {
  private readonly queues: TenantQueues;
  /** Tenant -> hash of the engine it was warmed up on. */
  private readonly warmed = new Map<string, string>();
  private readonly rules: EngineSource;
  private readonly carried = new Map<string, Carried>();
  private lastPrune = Date.now();

  constructor(private readonly deps: PipelineDeps) {
    this.queues = new TenantQueues(deps.maxQueuedEvents ?? MAX_QUEUED_EVENTS, (err, tenantId, events) => deps.log.error({ err, tenantId, events }, "detection failed"));
    if (deps.rules) this.rules = deps.rules;
    else if (deps.engine) this.rules = staticEngineSource(deps.engine);
    else throw new Error("DetectionPipeline needs `rules` (per-tenant engines) or `engine`");
  }

  /** Resolves once fewer than maxQueuedEvents events wait for detection. */
  ready(): Promise<void> {
    return this.queues.ready();
  }

  /** Events queued and not yet evaluated. */
  get backlog(): number {
    return this.queues.backlog;
  }

  /** Settles true once the batch's detections are recorded, false if that failed (logged). */
  enqueue(tenantId: string, events: readonly VigilEvent[]): Promise<boolean> {
    return this.queues.run(tenantId, () => this.run(tenantId, events), events.length).then(() => true, () => false);
  }

  /** Resolves once every queued batch (including ones queued meanwhile) is processed. */
  drain(): Promise<void> {
    return this.queues.drain();
  }

  private async run(tenantId: string, events: readonly VigilEvent[]): Promise<void> {
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      for (const engine of this.rules.engines()) engine.prune(this.lastPrune);
    }
    const { engine, hash } = await this.rules.forTenant(tenantId);
    await this.warmUp(engine, hash, tenantId, events);
    const fresh = engine.process(tenantId, events);
    const carried = this.carried.get(tenantId);
    const matches = carried ? [...carried.matches, ...fresh] : fresh;
    if (matches.length === 0) return;
    let result: RecordDetectionsResult;
    try {
      result = await recordDetections(this.deps.services, tenantId, matches);
    } catch (err) {
      this.carry(tenantId, matches, (carried?.attempts ?? 0) + 1);
      throw err;
    }
    this.carried.delete(tenantId);
    this.deps.log.info({ tenantId, alerts: result.alerts.length, newIncidents: result.newIncidents.length }, "detections recorded");
    for (const incident of result.newIncidents) await this.respond(incident);
    for (const incident of result.raisedIncidents) await raiseIncidentResponse(this.deps, incident);
  }

  /** Correlation matches pending recording for a tenant (carried over failed recordings). */
  carriedMatches(tenantId: string): number {
    return this.carried.get(tenantId)?.matches.length ?? 0;
  }

  /** Keeps a failed recording's correlation matches for the tenant's next batch, within bounds. */
  private carry(tenantId: string, matches: readonly DetectionMatch[], attempts: number): void {
    const correlation = matches.filter((m) => m.kind === "correlation");
    const given = (dropped: readonly DetectionMatch[], reason: string) =>
      this.deps.log.error({ tenantId, matches: dropped.length, rules: [...new Set(dropped.map((m) => m.ruleId))], attempts }, `correlation matches given up: ${reason}`);
    if (correlation.length === 0 || attempts > MAX_CARRY_ATTEMPTS) {
      if (correlation.length > 0) given(correlation, `their recording failed ${attempts} times`);
      this.carried.delete(tenantId);
      return;
    }
    const kept = correlation.slice(-MAX_CARRIED);
    if (kept.length < correlation.length) given(correlation.slice(0, correlation.length - kept.length), `more than ${MAX_CARRIED} waiting to be recorded`);
    this.carried.set(tenantId, { matches: kept, attempts });
  }

  /**
   * First batch of a tenant since start, or on an engine it has not run on (its rule set changed):
   * replay its stored events of the longest correlation timespan (matches discarded: they were
   * reported before), so neither a restart nor a rule change forgets a window.
   */
  private async warmUp(engine: DetectionEngine, hash: string, tenantId: string, batch: readonly VigilEvent[]): Promise<void> {
    if (this.warmed.get(tenantId) === hash) return;
    const span = engine.longestTimespanMs;
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
      engine.process(tenantId, history);
    }
    this.warmed.set(tenantId, hash);
  }

  private async respond(incident: NewIncident): Promise<void> {
    await startIncidentResponse(this.deps, incident);
  }
}

/** Signals a raised incident's response; never throws (the raise itself is already recorded). */
export async function raiseIncidentResponse(deps: { log: PipelineLogger; raiseResponse?: RaiseResponse | undefined }, incident: RaisedIncident): Promise<void> {
  try {
    await deps.raiseResponse?.(incident);
  } catch (err) {
    deps.log.error({ err, tenantId: incident.tenantId, incidentId: incident.id, severity: incident.severity }, "could not tell the incident response about the raised severity");
  }
}

/**
 * Starts a new incident's response workflow and records the outcome on the incident ("started"
 * with the workflow id, or "start_failed"); never throws. Shared by the rules and UEBA sinks.
 */
export async function startIncidentResponse(
  deps: { services: ServiceDeps; log: PipelineLogger; startResponse?: StartResponse | undefined },
  incident: NewIncident,
): Promise<void> {
  const { startResponse, services, log } = deps;
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
