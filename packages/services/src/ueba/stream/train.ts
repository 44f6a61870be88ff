// Per-tenant training from the stored feature windows (the scheduled workflow's activity):
// one new model version per run, every series trained, the TF backend recorded with it.
import { Detector, FEATURE_COUNT, initBackend, type EntityKind, type FeatureRow } from "@vigil/ml";
import { AppError } from "../../errors";
import type { ServiceDeps } from "../../context";
import { UEBA_SERIES, type SeriesName } from "../series";
import { nextModelVersion, priorFeatureRows, saveModel, type ModelMetrics } from "./models";

export interface TrainUebaInput {
  tenantId: string;
  /** Seed of initialisation and shuffling: the same windows and seed give the same model. */
  seed?: number;
  epochs?: number;
  /** Windows older than this are not used (default 90 days before the newest). */
  historyDays?: number;
  log?: (msg: string) => void;
}

export interface TrainUebaResult {
  tenantId: string;
  version: number;
  backend: string;
  series: { series: SeriesName; rows: number; priorRows: number; threshold: number; seconds: number }[];
}

/** Below this many own windows a series is topped up with the prior's (peer groups + population). */
const MIN_OWN_ROWS: Record<SeriesName, number> = { hour: 2_000, day: 300 };
const MAX_ROWS = 600_000;

interface WindowRow {
  entity: string;
  kind: string;
  peer: string | null;
  window_start: Date;
  first_at: Date;
  last_at: Date;
  event_count: number;
  values: number[];
  countries: string[];
  usual_minutes: number[] | null;
}

async function loadWindows(deps: ServiceDeps, tenantId: string, series: SeriesName, historyDays: number): Promise<FeatureRow[]> {
  const rows = await deps.db.withTenantClient(tenantId, async (client) =>
    (await client.query<WindowRow>(
      `select entity, kind, peer, window_start, first_at, last_at, event_count, "values", countries, usual_minutes
         from ueba_feature_windows
        where tenant_id = $1 and series = $2
          and window_start >= (select max(window_start) from ueba_feature_windows where tenant_id = $1 and series = $2) - make_interval(days => $3)
        order by window_start desc limit $4`,
      [tenantId, series, historyDays, MAX_ROWS],
    )).rows,
  );
  return rows
    .filter((r) => r.values.length === FEATURE_COUNT)
    .map((r) => ({
      tenantId, entity: r.entity, kind: r.kind as EntityKind, ...(r.peer ? { peer: r.peer } : {}), windowStart: r.window_start.getTime(),
      firstAt: r.first_at.getTime(), lastAt: r.last_at.getTime(), eventCount: r.event_count, values: r.values.map(Number), countries: r.countries,
      ...(r.usual_minutes ? { usualMinutes: [r.usual_minutes[0]!, r.usual_minutes[1]!] as [number, number] } : {}),
    }))
    .reverse();
}

export async function trainUebaModel(deps: ServiceDeps, input: TrainUebaInput): Promise<TrainUebaResult> {
  const seed = input.seed ?? 7;
  const epochs = input.epochs ?? 5;
  const historyDays = input.historyDays ?? 90;
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) throw new AppError("BAD_REQUEST", "seed must be an integer from 0 to 2^31");
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 50) throw new AppError("BAD_REQUEST", "epochs must be an integer from 1 to 50");
  if (!Number.isInteger(historyDays) || historyDays < 1 || historyDays > 365) throw new AppError("BAD_REQUEST", "historyDays must be an integer from 1 to 365");
  const log = input.log ?? (() => undefined);
  const backend = await initBackend(log);
  log(`ueba training for tenant ${input.tenantId} on tfjs backend ${backend}`);

  const trained: { series: SeriesName; detector: Detector; metrics: ModelMetrics }[] = [];
  for (const { name } of UEBA_SERIES) {
    const started = Date.now();
    const own = await loadWindows(deps, input.tenantId, name, historyDays);
    // Cold start: a tenant with little history borrows the prior's population and peer groups.
    const prior = own.length < MIN_OWN_ROWS[name] ? ((await priorFeatureRows()).get(name) ?? []) : [];
    const rows = [...prior, ...own];
    let loss: number | undefined;
    const detector = await Detector.train(rows, { seed, epochs, batchSize: 1024, onEpoch: (_e, l) => (loss = l) });
    const scores = detector.scoreValues(own.length > 0 ? own : rows);
    let above = 0;
    for (const s of scores) if (s > detector.threshold) above++;
    const metrics: ModelMetrics = {
      ...(loss !== undefined && Number.isFinite(loss) ? { loss } : {}), trainingSeconds: (Date.now() - started) / 1000,
      trainingAnomalyRate: scores.length > 0 ? above / scores.length : 0, entities: new Set(own.map((r) => r.entity)).size, priorRows: prior.length,
    };
    log(`ueba ${name} model: ${own.length} windows (+${prior.length} prior) in ${metrics.trainingSeconds.toFixed(1)} s, threshold ${detector.threshold.toFixed(4)}`);
    trained.push({ series: name, detector, metrics });
  }

  const version = await deps.db.withTenantClient(input.tenantId, async (client) => {
    // Two concurrent runs for one tenant (a manual run during the scheduled one) get distinct versions.
    await client.query("select pg_advisory_xact_lock(hashtext($1))", [`vigil-ueba-train:${input.tenantId}`]);
    const v = await nextModelVersion(client, input.tenantId);
    for (const t of trained) await saveModel(client, input.tenantId, { series: t.series, version: v, backend, detector: t.detector, metrics: t.metrics });
    return v;
  });
  for (const t of trained) t.detector.dispose();
  return {
    tenantId: input.tenantId, version, backend,
    series: trained.map((t) => ({
      series: t.series, rows: t.detector.meta.trainingRows - t.metrics.priorRows, priorRows: t.metrics.priorRows, threshold: t.detector.threshold,
      seconds: t.metrics.trainingSeconds,
    })),
  };
}

/** Tenants with UEBA activity (the schedule trains each). */
export async function listUebaTenants(deps: ServiceDeps): Promise<string[]> {
  const rows = await deps.db.withSystem((tx) => tx.$queryRaw<{ id: string }[]>`select vigil_ueba_tenants() as id`);
  return rows.map((r) => r.id);
}

