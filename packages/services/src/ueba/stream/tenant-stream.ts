// One tenant's live UEBA state: a feature accumulator per window series, the current model of
// each series and one risk engine. Pure computation: the sink loads, feeds and persists it.
import {
  classifyEvent, DetectionLane, explain, FeatureAccumulator, RiskEngine, timeOfDayExplanation,
  type AlertCandidate, type Detector, type RiskSnapshot, type ScoredRow,
} from "@vigil/ml";
import type { VigilEvent } from "@vigil/schema";
import { RISK_HALF_LIFE_MS, RISK_THRESHOLD, UEBA_SERIES, type SeriesName } from "../series";
import { entitiesParts } from "./codec";
import type { AnomalyRecord, ClosedWindow, StateParts, StoredState } from "./store";

export interface SeriesModel {
  detector: Detector;
  /** 0 = the global prior (the tenant has no trained model yet). */
  version: number;
}

interface Lane {
  name: SeriesName;
  acc: FeatureAccumulator;
  model: SeriesModel;
  lane: DetectionLane;
}

/** What one batch produced, to be persisted in one transaction. */
export interface BatchOutcome {
  closed: ClosedWindow[];
  anomalies: AnomalyRecord[];
  alerts: (AlertCandidate & { firstAt: number; eventIds: string[] })[];
  /** Entity -> risk after this batch (for the entity risk table). */
  risk: Map<string, { kind: string; risk: number; at: number; anomalies: number }>;
}

/** Event-time step between two closings of finished windows. */
const TICK_MS = 60_000;
const MAX_EVENT_IDS = 100;
const MAX_TRACKED_ENTITIES = 50_000;

export class TenantStream {
  private readonly lanes: Lane[];
  readonly risk: RiskEngine;
  private watermark: number;
  private outcome: BatchOutcome = emptyOutcome();
  /** Recent event ids per entity: the alert's evidence (in memory; an alert after a restart lists fewer). */
  private readonly eventIds = new Map<string, string[]>();
  private readonly firstAnomalyAt = new Map<string, number>();

  constructor(
    readonly tenantId: string,
    models: Map<SeriesName, SeriesModel>,
    saved: { states: StoredState[]; risk?: RiskSnapshot },
  ) {
    this.risk = new RiskEngine({ halfLifeMs: RISK_HALF_LIFE_MS, threshold: RISK_THRESHOLD });
    if (saved.risk) this.risk.restore(saved.risk);
    this.watermark = Math.max(0, ...saved.states.map((s) => s.watermark.getTime()));
    this.lanes = UEBA_SERIES.map(({ name, windowMs }) => {
      const state = saved.states.find((s) => s.series === name);
      const options = { windowMs };
      const acc = state && state.snapshot.tenantId === tenantId
        ? FeatureAccumulator.restore(state.snapshot, options)
        : new FeatureAccumulator({ tenantId, ...options });
      const model = models.get(name);
      if (!model) throw new Error(`ueba: no model for series ${name}`);
      return { name, acc, model, lane: this.makeLane(name, model) };
    });
  }

  private makeLane(name: SeriesName, model: SeriesModel): DetectionLane {
    return new DetectionLane(name, model.detector, {
      riskEngine: this.risk,
      series: name,
      onAnomaly: (scored, at, early) => this.onAnomaly(name, model, scored, at, early),
      onClosedScored: (rows) => {
        for (const s of rows) this.outcome.closed.push({ series: name, row: s.row, score: s.score });
      },
    });
  }

  /** The model version in use per series. */
  versions(): Map<SeriesName, number> {
    return new Map(this.lanes.map((l) => [l.name, l.model.version]));
  }

  /** Swaps in newly trained models; windows, history and risk carry over. */
  setModels(models: Map<SeriesName, SeriesModel>): void {
    for (const l of this.lanes) {
      const next = models.get(l.name);
      if (!next || next.version === l.model.version) continue;
      if (l.model.version > 0) l.model.detector.dispose();
      l.model = next;
      l.lane = this.makeLane(l.name, next);
    }
  }

  /** Feeds a batch (in arrival order); returns what to persist and the alerts to raise. */
  push(events: readonly VigilEvent[]): BatchOutcome {
    for (const event of events) {
      const at = Date.parse(event["@timestamp"]);
      if (!Number.isFinite(at)) continue;
      if (at >= this.watermark + TICK_MS) this.closeUntil(at);
      const contribution = classifyEvent(event);
      for (const l of this.lanes) {
        for (const row of l.acc.push(event, at, contribution)) {
          if (l === this.lanes[0]) this.trackEvent(row.entity, event.id);
          this.collect(l.lane.onPartial(row, at));
        }
      }
    }
    return this.take();
  }

  /** Closes windows up to a wall-clock watermark (a quiet tenant's last hour still gets scored). */
  advance(watermarkMs: number): BatchOutcome {
    if (watermarkMs > this.watermark) this.closeUntil(watermarkMs);
    return this.take();
  }

  lastWatermark(): number {
    return this.watermark;
  }

  /**
   * The state to save, its entities copied as they are encoded (between batches: see
   * FeatureAccumulator.snapshotParts); the watermark is the one now.
   */
  stateParts(): StateParts {
    const watermark = new Date(this.watermark);
    this.risk.prune(this.watermark);
    return {
      states: this.lanes.map((l) => ({ series: l.name, parts: entitiesParts(l.acc.snapshotParts()), watermark })),
      risk: entitiesParts(this.risk.snapshotParts()),
    };
  }

  private closeUntil(at: number): void {
    this.watermark = at;
    for (const l of this.lanes) {
      const closed = l.acc.advance(at);
      if (closed.length > 0) for (const alert of l.lane.onClosed(closed)) this.collect(alert);
    }
  }

  private trackEvent(entity: string, id: string): void {
    let ids = this.eventIds.get(entity);
    if (!ids) {
      if (this.eventIds.size >= MAX_TRACKED_ENTITIES) this.eventIds.clear();
      this.eventIds.set(entity, (ids = []));
    }
    ids.push(id);
    if (ids.length > MAX_EVENT_IDS * 2) ids.splice(0, ids.length - MAX_EVENT_IDS);
  }

  private onAnomaly(series: SeriesName, model: SeriesModel, scored: ScoredRow, at: number, early: boolean): void {
    const { row } = scored;
    // The top four causes, plus the time of day when the window began outside the entity's usual
    // hours (it frames the rest: "4.2 GB downloaded ...; active at 02:10 UTC vs usual 08:30 to 18:00").
    const explanations = explain(scored, model.detector.baselines);
    const clock = timeOfDayExplanation(row);
    if (clock && !explanations.some((e) => e.feature === clock.feature)) explanations.push(clock);
    this.outcome.anomalies.push({
      series, entity: row.entity, windowStart: row.windowStart, at, score: scored.score, threshold: model.detector.threshold,
      early, risk: 0, modelVersion: model.version, explanations,
    });
    if (!this.firstAnomalyAt.has(row.entity)) this.firstAnomalyAt.set(row.entity, row.firstAt);
  }

  private collect(alert: AlertCandidate | undefined): void {
    if (!alert) return;
    const ids = this.eventIds.get(alert.entity) ?? [];
    this.outcome.alerts.push({ ...alert, firstAt: this.firstAnomalyAt.get(alert.entity) ?? alert.at, eventIds: ids.slice(-MAX_EVENT_IDS) });
  }

  private take(): BatchOutcome {
    const out = this.outcome;
    this.outcome = emptyOutcome();
    // The risk after each anomaly (the lane has observed them all by now).
    for (const a of out.anomalies) {
      a.risk = this.risk.riskAt(a.entity, a.at);
      const prev = out.risk.get(a.entity);
      out.risk.set(a.entity, {
        kind: a.entity.slice(0, a.entity.indexOf(":")), risk: a.risk, at: Math.max(a.at, prev?.at ?? 0), anomalies: (prev?.anomalies ?? 0) + 1,
      });
    }
    for (const a of out.alerts) this.firstAnomalyAt.delete(a.entity);
    return out;
  }
}

function emptyOutcome(): BatchOutcome {
  return { closed: [], anomalies: [], alerts: [], risk: new Map() };
}
