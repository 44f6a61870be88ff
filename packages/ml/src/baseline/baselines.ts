import { FEATURE_COUNT, featureIndex, type FeatureRow } from "../features/names";
import { mad, meanAbsDev, median } from "./stats";

/** Robust location/scale per feature, in transformed space (log1p for counts and bytes). */
export interface RobustStats {
  n: number;
  median: number[];
  scale: number[];
}

export interface BaselineData {
  version: 1;
  options: Required<BaselineOptions>;
  global: RobustStats;
  peers: Record<string, RobustStats>;
  entities: Record<string, RobustStats>;
}

export interface BaselineOptions {
  /** Windows an entity needs before its own statistics replace its peer group's. */
  minEntityRows?: number;
  /** z-scores are clipped to [-lowClip, highClip] so one feature cannot swamp the model. */
  highClip?: number;
  lowClip?: number;
}

const SHARE = featureIndex("offHoursShare");
const MAD_TO_SIGMA = 1.4826;
/** Smallest scale per feature: a deviation of one unit of this is "one sigma" even when MAD is 0. */
const SCALE_FLOOR = Array.from({ length: FEATURE_COUNT }, (_, i) => (i === SHARE ? 0.25 : 0.35));
/** Mean absolute deviation to sigma, for normal data. */
const MEAN_AD_TO_SIGMA = 1.2533;

export const transform = (i: number, x: number): number => (i === SHARE ? x : Math.log1p(Math.max(0, x)));
export const untransform = (i: number, t: number): number => (i === SHARE ? t : Math.expm1(t));

function statsOf(rows: FeatureRow[]): RobustStats {
  const med: number[] = [];
  const scale: number[] = [];
  const column = new Float64Array(rows.length);
  for (let f = 0; f < FEATURE_COUNT; f++) {
    for (let r = 0; r < rows.length; r++) column[r] = transform(f, rows[r]!.values[f]!);
    const m = median(column);
    med.push(m);
    // Sparse counts (sudo, failures) have MAD 0; their mean absolute deviation still says how often they occur.
    const robust = MAD_TO_SIGMA * mad(column, m);
    scale.push(Math.max(robust > 0 ? robust : MEAN_AD_TO_SIGMA * meanAbsDev(column, m), SCALE_FLOOR[f]!));
  }
  return { n: rows.length, median: med, scale };
}

function groupBy(rows: FeatureRow[], key: (r: FeatureRow) => string | undefined): Map<string, FeatureRow[]> {
  const groups = new Map<string, FeatureRow[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Per-entity baselines with a peer-group and global prior for entities with little history. */
export class Baselines {
  private readonly minRows: number;
  private readonly high: number;
  private readonly low: number;

  constructor(readonly data: BaselineData) {
    this.minRows = data.options.minEntityRows;
    this.high = data.options.highClip;
    this.low = data.options.lowClip;
  }

  static fit(rows: FeatureRow[], options: BaselineOptions = {}): Baselines {
    const resolved = { minEntityRows: options.minEntityRows ?? 24, highClip: options.highClip ?? 10, lowClip: options.lowClip ?? 3 };
    const entities: Record<string, RobustStats> = {};
    for (const [k, list] of groupBy(rows, (r) => r.entity)) entities[k] = statsOf(list);
    const peers: Record<string, RobustStats> = {};
    for (const [k, list] of groupBy(rows, (r) => r.peer)) peers[k] = statsOf(list);
    return new Baselines({ version: 1, options: resolved, global: statsOf(rows), peers, entities });
  }

  /** The entity's own statistics once it has enough history, else its peer group's, else global. */
  statsFor(row: Pick<FeatureRow, "entity" | "peer">): RobustStats {
    const own = this.data.entities[row.entity];
    if (own && own.n >= this.minRows) return own;
    return (row.peer ? this.data.peers[row.peer] : undefined) ?? this.data.global;
  }

  /** Clipped robust z-scores of one row, written into `out` at `offset`. */
  normalizeInto(row: FeatureRow, out: Float32Array, offset: number): void {
    const s = this.statsFor(row);
    for (let f = 0; f < FEATURE_COUNT; f++) {
      const z = (transform(f, row.values[f]!) - s.median[f]!) / s.scale[f]!;
      out[offset + f] = Math.min(this.high, Math.max(-this.low, z));
    }
  }

  normalize(rows: FeatureRow[]): Float32Array {
    const out = new Float32Array(rows.length * FEATURE_COUNT);
    rows.forEach((row, r) => this.normalizeInto(row, out, r * FEATURE_COUNT));
    return out;
  }

  /** The usual value of a feature for this entity, in the feature's own units. */
  usual(row: Pick<FeatureRow, "entity" | "peer">, feature: number): number {
    return untransform(feature, this.statsFor(row).median[feature]!);
  }
}
