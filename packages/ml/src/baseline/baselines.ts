import { FEATURE_COUNT, featureIndex, type FeatureRow } from "../features/names";
import { Prng } from "../sim/prng";
import { kMeans } from "./kmeans";
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
  /**
   * Entity -> learned peer group (a key of `peers`, "~cluster-N"), for entities without a directory
   * peer group: behaviour clusters of the training data (absent in models trained before them).
   */
  clusters?: Record<string, string>;
}

export interface BaselineOptions {
  /** Windows an entity needs before its own statistics replace its peer group's. */
  minEntityRows?: number;
  /** z-scores are clipped to [-lowClip, highClip] so one feature cannot swamp the model. */
  highClip?: number;
  lowClip?: number;
  /** Seed of the peer-group clustering (reproducible baselines). */
  clusterSeed?: number;
}

/** Fewest entities without a directory peer group worth clustering, and the most clusters. */
const MIN_CLUSTERED_ENTITIES = 12;
const MAX_CLUSTERS = 8;
const CLUSTER_PREFIX = "~cluster-";

/**
 * Peer groups for entities the directory says nothing about: k-means over each entity's behaviour
 * profile (its median of every feature, as a z-score against the tenant), k = sqrt(n / 2) capped at
 * 8. A cluster whose windows are too few for statistics of its own is dropped (its members fall
 * back to the tenant's). Returns entity -> cluster key.
 */
function learnPeerGroups(
  byEntity: Map<string, FeatureRow[]>, entities: Record<string, RobustStats>, global: RobustStats, minRows: number, seed: number,
): Record<string, string> {
  const names = [...byEntity].filter(([, list]) => list.every((r) => !r.peer)).map(([name]) => name);
  if (names.length < MIN_CLUSTERED_ENTITIES) return {};
  const profiles = names.map((name) => entities[name]!.median.map((m, f) => (m - global.median[f]!) / global.scale[f]!));
  const k = Math.min(MAX_CLUSTERS, Math.max(2, Math.round(Math.sqrt(names.length / 2))));
  const assignment = kMeans(profiles, k, new Prng(seed));
  const windows = new Map<number, number>();
  names.forEach((name, i) => windows.set(assignment[i]!, (windows.get(assignment[i]!) ?? 0) + byEntity.get(name)!.length));
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    if ((windows.get(assignment[i]!) ?? 0) >= minRows) out[name] = `${CLUSTER_PREFIX}${assignment[i]}`;
  });
  return out;
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
    const resolved = { minEntityRows: options.minEntityRows ?? 24, highClip: options.highClip ?? 10, lowClip: options.lowClip ?? 3, clusterSeed: options.clusterSeed ?? 1 };
    const entities: Record<string, RobustStats> = {};
    const byEntity = groupBy(rows, (r) => r.entity);
    for (const [k, list] of byEntity) entities[k] = statsOf(list);
    const peers: Record<string, RobustStats> = {};
    for (const [k, list] of groupBy(rows, (r) => r.peer)) peers[k] = statsOf(list);
    const global = statsOf(rows);
    const clusters = learnPeerGroups(byEntity, entities, global, resolved.minEntityRows, resolved.clusterSeed);
    for (const [k, list] of groupBy(rows, (r) => (r.peer ? undefined : clusters[r.entity]))) peers[k] = statsOf(list);
    return new Baselines({ version: 1, options: resolved, global, peers, entities, ...(Object.keys(clusters).length > 0 ? { clusters } : {}) });
  }

  /**
   * The entity's own statistics once it has enough history, else its peer group's (the directory's,
   * else the behaviour cluster it was learned in), else global.
   */
  statsFor(row: Pick<FeatureRow, "entity" | "peer">): RobustStats {
    const own = this.data.entities[row.entity];
    if (own && own.n >= this.minRows) return own;
    const peer = row.peer ?? this.data.clusters?.[row.entity];
    return (peer ? this.data.peers[peer] : undefined) ?? this.data.global;
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
