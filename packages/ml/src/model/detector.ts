import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Baselines, type BaselineData, type BaselineOptions } from "../baseline/baselines";
import { quantile } from "../baseline/stats";
import { FEATURE_COUNT, FEATURE_NAMES, type FeatureRow } from "../features/names";
import { Autoencoder, type AutoencoderOptions } from "./autoencoder";
import type { ModelArtifactsData } from "./io";
import { ZScoreScorer, type RowScorer } from "./scorer";

export type ScorerKind = "autoencoder" | "zscore";

export interface DetectorMeta {
  format: 1;
  /** Caller-assigned model version (e.g. an increasing number per tenant). */
  version: number;
  kind: ScorerKind;
  seed: number;
  epochs: number;
  threshold: number;
  quantile: number;
  trainedAt: string;
  trainingRows: number;
  featureNames: string[];
}

export interface DetectorTrainOptions {
  seed: number;
  epochs?: number;
  kind?: ScorerKind;
  version?: number;
  /** Training-score quantile used as the anomaly threshold. */
  quantile?: number;
  batchSize?: number;
  baseline?: BaselineOptions;
  autoencoder?: AutoencoderOptions;
  onEpoch?: (epoch: number, loss: number) => void;
  now?: () => Date;
}

/** A detector as data: what the model store keeps per version. */
export interface SerializedDetector {
  meta: DetectorMeta;
  baselines: BaselineData;
  /** Absent for the z-score scorer (it has no weights). */
  model?: ModelArtifactsData;
}

export interface Contribution {
  feature: number;
  error: number;
  z: number;
}

export interface ScoredRow {
  row: FeatureRow;
  score: number;
  contributions: Contribution[];
}

/** z above which a partial window is worth scoring early (cheap pre-filter before the model). */
const EARLY_MIN_Z = 3;
/** A feature names a cause only when it is above the entity's usual value by this many sigmas. */
const EXPLAIN_MIN_Z = 1.5;

/** One tenant's scorer: robust baselines, a model (or the z-score baseline) and its threshold. */
export class Detector {
  /** The pre-filter's z-scores of one partial window (reused: the stream calls it per event). */
  private readonly earlyScratch = new Float32Array(FEATURE_COUNT);

  private constructor(readonly meta: DetectorMeta, readonly baselines: Baselines, private readonly scorer: RowScorer) {}

  static async train(rows: FeatureRow[], options: DetectorTrainOptions): Promise<Detector> {
    const kind = options.kind ?? "autoencoder";
    // The z-score baseline ranks by the largest z, so it must not be clipped where the model's input is.
    const baselines = Baselines.fit(rows, { highClip: kind === "zscore" ? 1e3 : undefined, ...options.baseline });
    const x = baselines.normalize(rows);
    let scorer: RowScorer = new ZScoreScorer(FEATURE_COUNT);
    if (kind === "autoencoder") {
      const ae = Autoencoder.create(FEATURE_COUNT, options.seed, options.autoencoder);
      await ae.train(x, { seed: options.seed, epochs: options.epochs, batchSize: options.batchSize, onEpoch: options.onEpoch });
      scorer = ae;
    }
    const q = options.quantile ?? 0.999;
    const threshold = Math.max(quantile(scorer.scoreBatch(x).errors, q), 1e-6);
    const meta: DetectorMeta = {
      format: 1, version: options.version ?? 1, kind, seed: options.seed, epochs: options.epochs ?? 5, threshold, quantile: q,
      trainedAt: (options.now?.() ?? new Date()).toISOString(), trainingRows: rows.length, featureNames: [...FEATURE_NAMES],
    };
    return new Detector(meta, baselines, scorer);
  }

  get threshold(): number {
    return this.meta.threshold;
  }

  score(rows: FeatureRow[]): ScoredRow[] {
    const x = this.baselines.normalize(rows);
    const { errors, perFeature } = this.scorer.scoreBatch(x);
    return rows.map((row, r) => ({ row, score: errors[r]!, contributions: contributionsOf(x, perFeature, r) }));
  }

  /** Scores only (no per-row objects): the throughput path. */
  scoreValues(rows: FeatureRow[]): Float32Array {
    return this.scorer.scoreBatch(this.baselines.normalize(rows)).errors;
  }

  /** Closed windows above the threshold. */
  detect(rows: FeatureRow[]): ScoredRow[] {
    return this.score(rows).filter((s) => s.score > this.threshold);
  }

  /** Scores an open window as it grows; returns it once it already crosses the threshold. */
  scoreWindowEarly(partial: FeatureRow): ScoredRow | undefined {
    const z = this.earlyScratch;
    this.baselines.normalizeInto(partial, z, 0);
    let top = -Infinity;
    for (let f = 0; f < FEATURE_COUNT; f++) if (z[f]! > top) top = z[f]!;
    if (top < EARLY_MIN_Z) return undefined;
    const [scored] = this.score([partial]);
    return scored && scored.score > this.threshold ? scored : undefined;
  }

  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    if (this.scorer instanceof Autoencoder) await this.scorer.save(dir);
    await writeFile(join(dir, "detector.json"), JSON.stringify({ meta: this.meta, baselines: this.baselines.data }));
  }

  async serialize(): Promise<SerializedDetector> {
    const model = this.scorer instanceof Autoencoder ? await this.scorer.toArtifacts() : undefined;
    return { meta: this.meta, baselines: this.baselines.data, ...(model ? { model } : {}) };
  }

  static async deserialize(saved: SerializedDetector): Promise<Detector> {
    checkMeta(saved.meta, "stored detector");
    if (saved.meta.kind === "autoencoder" && !saved.model) throw new Error("stored detector: autoencoder without weights");
    const scorer = saved.meta.kind === "autoencoder" ? await Autoencoder.fromArtifacts(saved.model!) : new ZScoreScorer(FEATURE_COUNT);
    return new Detector(saved.meta, new Baselines(saved.baselines), scorer);
  }

  /** Frees the model's tensors (a replaced version). */
  dispose(): void {
    if (this.scorer instanceof Autoencoder) this.scorer.dispose();
  }

  static async load(dir: string): Promise<Detector> {
    const saved = JSON.parse(await readFile(join(dir, "detector.json"), "utf8")) as { meta: DetectorMeta; baselines: BaselineData };
    checkMeta(saved.meta, dir);
    const scorer = saved.meta.kind === "autoencoder" ? await Autoencoder.load(dir) : new ZScoreScorer(FEATURE_COUNT);
    return new Detector(saved.meta, new Baselines(saved.baselines), scorer);
  }
}

function checkMeta(meta: DetectorMeta, where: string): void {
  if (meta.format !== 1) throw new Error(`${where}: unsupported detector format ${String(meta.format)}`);
  if (meta.featureNames.join() !== FEATURE_NAMES.join()) throw new Error(`${where}: saved for features ${meta.featureNames.join()}`);
}

function contributionsOf(x: Float32Array, perFeature: Float32Array, r: number): Contribution[] {
  const out: Contribution[] = [];
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const z = x[r * FEATURE_COUNT + f]!;
    if (z >= EXPLAIN_MIN_Z) out.push({ feature: f, error: perFeature[r * FEATURE_COUNT + f]!, z });
  }
  return out.sort((a, b) => b.error - a.error || b.z - a.z);
}
