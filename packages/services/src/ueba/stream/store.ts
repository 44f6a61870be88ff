// SQL of the streaming side: state snapshots, closed windows, anomalies and entity risk.
// Raw pg inside the tenant transaction (RLS applies): batches of rows go in as arrays (unnest).
import type pg from "pg";
import type { AccumulatorSnapshot, Explanation, FeatureRow, RiskSnapshot } from "@vigil/ml";

export interface StoredState {
  series: string;
  snapshot: AccumulatorSnapshot;
  watermark: Date;
}

export async function loadStates(client: pg.PoolClient, tenantId: string): Promise<{ states: StoredState[]; risk?: RiskSnapshot }> {
  const states = await client.query<StoredState>("select series, snapshot, watermark from ueba_state where tenant_id = $1", [tenantId]);
  const risk = await client.query<{ snapshot: RiskSnapshot }>("select snapshot from ueba_risk_state where tenant_id = $1", [tenantId]);
  return { states: states.rows, risk: risk.rows[0]?.snapshot };
}

export async function saveStates(client: pg.PoolClient, tenantId: string, states: StoredState[], risk: RiskSnapshot): Promise<void> {
  for (const s of states) {
    await client.query(
      `insert into ueba_state (tenant_id, series, snapshot, watermark, updated_at) values ($1, $2, $3, $4, now())
       on conflict (tenant_id, series) do update set snapshot = excluded.snapshot, watermark = excluded.watermark, updated_at = now()`,
      [tenantId, s.series, JSON.stringify(s.snapshot), s.watermark],
    );
  }
  await client.query(
    `insert into ueba_risk_state (tenant_id, snapshot, updated_at) values ($1, $2, now())
     on conflict (tenant_id) do update set snapshot = excluded.snapshot, updated_at = now()`,
    [tenantId, JSON.stringify(risk)],
  );
}

export interface ClosedWindow {
  series: string;
  row: FeatureRow;
  score: number;
}

/** Closed windows; a window closed again (a restart replayed it) keeps its latest figures. */
export async function insertWindows(client: pg.PoolClient, tenantId: string, windows: ClosedWindow[]): Promise<void> {
  for (let i = 0; i < windows.length; i += 2_000) {
    const chunk = windows.slice(i, i + 2_000);
    await client.query(
      `insert into ueba_feature_windows
         (tenant_id, series, entity, window_start, kind, peer, first_at, last_at, event_count, "values", countries, usual_minutes, score)
       select $1, w.series, w.entity, to_timestamp(w.start / 1000.0), w.kind, w.peer, to_timestamp(w.first_at / 1000.0),
              to_timestamp(w.last_at / 1000.0), w.event_count,
              array(select jsonb_array_elements_text(w.vals)::float8),
              array(select jsonb_array_elements_text(w.countries)),
              case when jsonb_typeof(w.usual) = 'array' then array(select jsonb_array_elements_text(w.usual)::int) end,
              w.score
         from jsonb_to_recordset($2::jsonb) as w(series text, entity text, start float8, kind text, peer text, first_at float8,
              last_at float8, event_count int, vals jsonb, countries jsonb, usual jsonb, score float8)
       on conflict (tenant_id, series, entity, window_start) do update set
         last_at = excluded.last_at, event_count = excluded.event_count, "values" = excluded."values",
         countries = excluded.countries, usual_minutes = excluded.usual_minutes, score = excluded.score`,
      [tenantId, JSON.stringify(chunk.map(({ series, row, score }) => ({
        series, entity: row.entity, start: row.windowStart, kind: row.kind, peer: row.peer ?? null, first_at: row.firstAt,
        last_at: row.lastAt, event_count: row.eventCount, vals: row.values, countries: row.countries, usual: row.usualMinutes ?? null,
        score: Number.isFinite(score) ? score : null,
      })))],
    );
  }
}

export interface AnomalyRecord {
  series: string;
  entity: string;
  windowStart: number;
  at: number;
  score: number;
  threshold: number;
  early: boolean;
  risk: number;
  modelVersion: number;
  explanations: Explanation[];
}

/** One row per anomalous window: scored early then at close, it keeps the higher score. Returns ids. */
export async function upsertAnomalies(client: pg.PoolClient, tenantId: string, anomalies: AnomalyRecord[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const a of anomalies) {
    const { rows } = await client.query<{ id: string }>(
      `insert into ueba_anomalies (tenant_id, series, entity, window_start, at, score, threshold, early, risk, model_version, explanations)
       values ($1, $2, $3, to_timestamp($4 / 1000.0), to_timestamp($5 / 1000.0), $6, $7, $8, $9, $10, $11)
       on conflict (tenant_id, series, entity, window_start) do update set
         score = greatest(ueba_anomalies.score, excluded.score),
         risk = greatest(ueba_anomalies.risk, excluded.risk),
         explanations = case when excluded.score > ueba_anomalies.score then excluded.explanations else ueba_anomalies.explanations end
       returning id`,
      [tenantId, a.series, a.entity, a.windowStart, a.at, a.score, a.threshold, a.early, a.risk, a.modelVersion, JSON.stringify(a.explanations)],
    );
    ids.set(a.entity, rows[0]!.id);
  }
  return ids;
}

/** Current risk per entity (`risk` is the value at `at`; readers decay it to now). */
export async function upsertEntityRisk(
  client: pg.PoolClient,
  tenantId: string,
  entries: { entity: string; kind: string; risk: number; at: number; anomalies: number }[],
): Promise<void> {
  for (const e of entries) {
    await client.query(
      `insert into ueba_entity_risk (tenant_id, entity, kind, risk, risk_at, peak_risk, anomalies, updated_at)
       values ($1, $2, $3, $4, to_timestamp($5 / 1000.0), $4, $6, now())
       on conflict (tenant_id, entity) do update set
         risk = excluded.risk, risk_at = excluded.risk_at, peak_risk = greatest(ueba_entity_risk.peak_risk, excluded.risk),
         anomalies = ueba_entity_risk.anomalies + excluded.anomalies, updated_at = now()`,
      [tenantId, e.entity, e.kind, e.risk, e.at, e.anomalies],
    );
  }
}

export async function linkAlert(client: pg.PoolClient, tenantId: string, entity: string, alertId: string, at: number, since: number): Promise<void> {
  await client.query(
    "update ueba_entity_risk set last_alert_id = $3, last_alert_at = to_timestamp($4 / 1000.0) where tenant_id = $1 and entity = $2",
    [tenantId, entity, alertId, at],
  );
  // The anomalies that built up this alert's risk (the last day's) point at it.
  await client.query(
    "update ueba_anomalies set alert_id = $3 where tenant_id = $1 and entity = $2 and alert_id is null and at >= to_timestamp($4 / 1000.0)",
    [tenantId, entity, alertId, since],
  );
}
