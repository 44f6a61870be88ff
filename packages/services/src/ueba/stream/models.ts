// Model store (one row per tenant, series and version: weights, normalization, seed, metrics)
// and the global prior that covers a tenant before its first training.
import { Detector, FEATURE_NAMES, FeatureAccumulator, initBackend, simulateTenant, type BaselineData, type DetectorMeta, type FeatureRow, type ModelArtifactsData } from "@vigil/ml";
import type pg from "pg";
import type { ServiceDeps } from "../../context";
import { CURRENT_FEATURES_SQL, UEBA_SERIES, type SeriesName } from "../series";

export interface ModelMetrics {
  loss?: number;
  trainingSeconds: number;
  /** Share of training windows above the threshold (about 1 - quantile by construction). */
  trainingAnomalyRate: number;
  entities: number;
  priorRows: number;
}

export interface StoredModel {
  series: SeriesName;
  version: number;
  backend: string;
  detector: Detector;
}

interface ModelRow {
  series: string;
  version: number;
  backend: string;
  meta: DetectorMeta;
  baselines: BaselineData;
  topology: object | null;
  weight_specs: ModelArtifactsData["weightSpecs"] | null;
  weights: Buffer | null;
}

export async function saveModel(
  client: pg.PoolClient,
  tenantId: string,
  input: { series: SeriesName; version: number; backend: string; detector: Detector; metrics: ModelMetrics },
): Promise<void> {
  const data = await input.detector.serialize();
  const m = data.meta;
  await client.query(
    `insert into ueba_models (tenant_id, version, series, kind, seed, backend, trained_at, training_rows, prior_rows, threshold, metrics, meta,
       baselines, topology, weight_specs, weights)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      tenantId, input.version, input.series, m.kind, m.seed, input.backend, m.trainedAt, m.trainingRows - input.metrics.priorRows, input.metrics.priorRows, m.threshold,
      JSON.stringify(input.metrics), JSON.stringify(m), JSON.stringify(data.baselines), data.model ? JSON.stringify(data.model.topology) : null,
      data.model ? JSON.stringify(data.model.weightSpecs) : null, data.model ? Buffer.from(data.model.weights) : null,
    ],
  );
}

export async function nextModelVersion(client: pg.PoolClient, tenantId: string): Promise<number> {
  const { rows } = await client.query<{ v: number | null }>("select max(version) as v from ueba_models where tenant_id = $1", [tenantId]);
  return (rows[0]?.v ?? 0) + 1;
}

/** The feature list models must have been trained on (CURRENT_FEATURES_SQL's parameter). */
const currentFeatures = (): string => JSON.stringify(FEATURE_NAMES);

export async function latestModelVersion(deps: ServiceDeps, tenantId: string): Promise<number> {
  return deps.db.withTenantClient(tenantId, async (client) => {
    const { rows } = await client.query<{ v: number | null }>(
      `select max(version) as v from ueba_models where tenant_id = $1 and ${CURRENT_FEATURES_SQL}`,
      [tenantId, currentFeatures()],
    );
    return rows[0]?.v ?? 0;
  });
}

/** The latest version of each series of a tenant, or an empty list before its first training. */
export async function loadLatestModels(deps: ServiceDeps, tenantId: string): Promise<StoredModel[]> {
  const rows = await deps.db.withTenantClient(tenantId, async (client) =>
    (await client.query<ModelRow>(
      `select distinct on (series) series, version, backend, meta, baselines, topology, weight_specs, weights
         from ueba_models where tenant_id = $1 and ${CURRENT_FEATURES_SQL} order by series, version desc`,
      [tenantId, currentFeatures()],
    )).rows,
  );
  const out: StoredModel[] = [];
  for (const r of rows) {
    const model = r.topology && r.weight_specs && r.weights
      ? { topology: r.topology, weightSpecs: r.weight_specs, weights: new Uint8Array(r.weights) }
      : undefined;
    const detector = await Detector.deserialize({ meta: r.meta, baselines: r.baselines, ...(model ? { model } : {}) });
    out.push({ series: r.series as SeriesName, version: r.version, backend: r.backend, detector });
  }
  return out;
}

// ---- global prior ----------------------------------------------------------------------------

/** A simulated organisation (seeded, so every process builds the same prior). */
const PRIOR_SIM = { seed: 20_261_128, users: 80, days: 21 };
const PRIOR_SEED = 1_128;

let priorRows: Promise<Map<SeriesName, FeatureRow[]>> | undefined;
const priorDetectors = new Map<SeriesName, Promise<Detector>>();

/**
 * Feature windows of the simulated organisation, with per-entity identities removed: only the
 * role (peer group) and population statistics carry over to a real tenant, never a simulated user's.
 */
export function priorFeatureRows(): Promise<Map<SeriesName, FeatureRow[]>> {
  priorRows ??= Promise.resolve().then(() => {
    const sim = simulateTenant({ ...PRIOR_SIM, tenantId: "prior" });
    const accs = UEBA_SERIES.map((s) => ({ name: s.name, acc: new FeatureAccumulator({ tenantId: "prior", directory: sim.directory, windowMs: s.windowMs }) }));
    for (const chunk of sim.events()) for (const e of chunk) for (const { acc } of accs) acc.push(e);
    return new Map(accs.map(({ name, acc }) => [name, acc.flush().map((r) => ({ ...r, entity: `prior:${r.entity}` }))]));
  });
  // A failure is not cached: the next caller tries again.
  priorRows.catch(() => (priorRows = undefined));
  return priorRows;
}

/** The prior detector of a series: global and peer-group baselines of the simulated organisation. */
export function priorDetector(series: SeriesName): Promise<Detector> {
  let p = priorDetectors.get(series);
  if (!p) {
    // Training needs the chosen tfjs backend (tfjs-node, else wasm) in place first.
    p = initBackend().then(() => priorFeatureRows()).then(async (rows) => {
      const trained = await Detector.train(rows.get(series) ?? [], { seed: PRIOR_SEED, epochs: 5, version: 0, batchSize: 512 });
      // Drop the simulated users' own statistics (and learned groups): a real user of the same name must not inherit them.
      const data = await trained.serialize();
      trained.dispose();
      const { clusters: _simulatedUsers, ...baselines } = data.baselines;
      return Detector.deserialize({ ...data, baselines: { ...baselines, entities: {} } });
    });
    priorDetectors.set(series, p);
    p.catch(() => priorDetectors.delete(series));
  }
  return p;
}
