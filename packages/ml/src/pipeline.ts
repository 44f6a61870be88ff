import type { VigilEvent } from "@vigil/schema";
import { explain } from "./explain/explain";
import type { FeatureAccumulator } from "./features/accumulator";
import type { FeatureRow } from "./features/names";
import type { Detector, ScoredRow } from "./model/detector";
import { RiskEngine, type AlertCandidate, type RiskOptions } from "./risk/risk";

export interface PipelineOptions {
  /** Score open windows as events arrive (the 2 a.m. download alerts before the hour ends). */
  early?: boolean;
  risk?: RiskOptions;
  /** Share one engine between lanes (hour and day windows) so an entity has one risk. */
  riskEngine?: RiskEngine;
  /** Window series name used to count a window once in the risk engine. */
  series?: string;
  onAnomaly?: (scored: ScoredRow, at: number, early: boolean) => void;
  /** Every closed window with its score (anomalous or not): what a store keeps for the timeline. */
  onClosedScored?: (scored: ScoredRow[]) => void;
}

/** One detector with its own risk engine, fed the rows of a shared accumulator. */
export class DetectionLane {
  readonly risk: RiskEngine;
  readonly alerts: AlertCandidate[] = [];
  anomalies = 0;
  private readonly earlyCounts = new Map<string, number>();

  constructor(readonly name: string, readonly detector: Detector, private readonly options: PipelineOptions = {}) {
    this.risk = options.riskEngine ?? new RiskEngine(options.risk);
  }

  /** A window grew: rescore it when it first passes the pre-filter, then each time its event count doubles. */
  onPartial(row: FeatureRow, at: number): AlertCandidate | undefined {
    if (this.options.early === false) return undefined;
    const key = `${row.entity}@${row.windowStart}`;
    const last = this.earlyCounts.get(key) ?? 0;
    if (last > 0 && row.eventCount < last * 2) return undefined;
    const scored = this.detector.scoreWindowEarly(row);
    if (!scored) return undefined;
    if (this.earlyCounts.size > 10_000) this.earlyCounts.clear();
    this.earlyCounts.set(key, row.eventCount);
    return this.record(scored, at, true);
  }

  onClosed(rows: FeatureRow[]): AlertCandidate[] {
    const out: AlertCandidate[] = [];
    const all = this.detector.score(rows);
    this.options.onClosedScored?.(all);
    for (const scored of all.filter((s) => s.score > this.detector.threshold)) {
      const alert = this.record(scored, scored.row.lastAt, false);
      if (alert) out.push(alert);
    }
    return out;
  }

  private record(scored: ScoredRow, at: number, early: boolean): AlertCandidate | undefined {
    this.anomalies++;
    this.options.onAnomaly?.(scored, at, early);
    const alert = this.risk.observe({
      entity: scored.row.entity, windowStart: scored.row.windowStart, series: this.options.series, at, score: scored.score,
      threshold: this.detector.threshold, explanations: explain(scored, this.detector.baselines),
    });
    if (alert) this.alerts.push(alert);
    return alert;
  }
}

export interface PipelineStage {
  accumulator: FeatureAccumulator;
  lanes: DetectionLane[];
}

/** Stream driver: events in, feature windows closed on the watermark, every lane scores them. */
export class UebaPipeline {
  private watermark = 0;

  constructor(readonly stages: PipelineStage[], private readonly tickMs = 60_000) {}

  push(event: VigilEvent): AlertCandidate[] {
    const at = Date.parse(event["@timestamp"]);
    const out: AlertCandidate[] = [];
    if (at >= this.watermark + this.tickMs) out.push(...this.advance(at));
    for (const { accumulator, lanes } of this.stages) {
      const partials = accumulator.push(event);
      for (const lane of lanes) {
        for (const row of partials) {
          const alert = lane.onPartial(row, at);
          if (alert) out.push(alert);
        }
      }
    }
    return out;
  }

  advance(watermarkMs: number): AlertCandidate[] {
    this.watermark = watermarkMs;
    return this.stages.flatMap(({ accumulator, lanes }) => {
      const closed = accumulator.advance(watermarkMs);
      return closed.length === 0 ? [] : lanes.flatMap((lane) => lane.onClosed(closed));
    });
  }
}
