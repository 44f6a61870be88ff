// SQL of the streaming side: state snapshots, closed windows, anomalies and entity risk.
// Raw pg inside the tenant transaction (RLS applies): batches of rows go in as arrays (unnest).
import type pg from "pg";
import type { AccumulatorSnapshot, Explanation, FeatureRow, RiskSnapshot } from "@vigil/ml";
import type { SnapshotParts } from "./codec";
import { decodeSnapshot, encodeSnapshot } from "./codec";

export interface StoredState {
  series: string;
  snapshot: AccumulatorSnapshot;
  watermark: Date;
}

/** A tenant's saved state; `unreadable` names the snapshots that did not decode (their series start fresh), with why. */
export interface LoadedStates {
  states: StoredState[];
  risk?: RiskSnapshot;
  unreadable: { snapshot: string; reason: string }[];
}

export async function loadStates(client: pg.PoolClient, tenantId: string): Promise<LoadedStates> {
  const stored = await client.query<{ series: string; snapshot: Buffer; watermark: Date }>("select series, snapshot, watermark from ueba_state where tenant_id = $1", [tenantId]);
  const risk = await client.query<{ snapshot: Buffer }>("select snapshot from ueba_risk_state where tenant_id = $1", [tenantId]);
  const out: LoadedStates = { states: [], unreadable: [] };
  /** The decoded snapshot, or undefined with the reason recorded under `name`. */
  const decode = async <T>(bytes: Buffer, name: string): Promise<T | undefined> => {
    try {
      return await decodeSnapshot<T>(bytes);
    } catch (err) {
      out.unreadable.push({ snapshot: name, reason: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  };
  for (const row of stored.rows) {
    const snapshot = await decode<AccumulatorSnapshot>(row.snapshot, `ueba_state ${row.series}`);
    if (snapshot) out.states.push({ series: row.series, snapshot, watermark: row.watermark });
  }
  const riskRow = risk.rows[0];
  const riskSnapshot = riskRow ? await decode<RiskSnapshot>(riskRow.snapshot, "ueba_risk_state") : undefined;
  if (riskSnapshot) out.risk = riskSnapshot;
  return out;
}

/** A tenant's state, encoded (codec.ts) before a connection is taken to write it. */
export interface EncodedStates {
  states: { series: string; snapshot: Buffer; watermark: Date }[];
  risk: Buffer;
}

/** A tenant's state to save: per series, its snapshot's parts (entities read as they are encoded). */
export interface StateParts {
  states: { series: string; parts: SnapshotParts; watermark: Date }[];
  risk: SnapshotParts;
}

export async function encodeStates(state: StateParts): Promise<EncodedStates> {
  const encoded: EncodedStates["states"] = [];
  for (const s of state.states) encoded.push({ series: s.series, snapshot: await encodeSnapshot(s.parts), watermark: s.watermark });
  return { states: encoded, risk: await encodeSnapshot(state.risk) };
}

export async function saveStates(client: pg.PoolClient, tenantId: string, encoded: EncodedStates): Promise<void> {
  for (const s of encoded.states) {
    await client.query(
      `insert into ueba_state (tenant_id, series, snapshot, watermark, updated_at) values ($1, $2, $3, $4, now())
       on conflict (tenant_id, series) do update set snapshot = excluded.snapshot, watermark = excluded.watermark, updated_at = now()`,
      [tenantId, s.series, s.snapshot, s.watermark],
    );
  }
  await client.query(
    `insert into ueba_risk_state (tenant_id, snapshot, updated_at) values ($1, $2, now())
     on conflict (tenant_id) do update set snapshot = excluded.snapshot, updated_at = now()`,
    [tenantId, encoded.risk],
  );
}

export interface ClosedWindow {
  series: string;
  row: FeatureRow;
  score: number;
}

/** A PostgreSQL array literal of strings (quoted, so any text survives). */
function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

/**
 * Closed windows; a window closed again (a restart replayed it) keeps its latest figures. Columns
 * go in as parallel arrays (unnest): a replay closes tens of thousands of windows a second, and
 * per-row JSON decoding in PostgreSQL cost more than the rest of the statement.
 */
export async function insertWindows(client: pg.PoolClient, tenantId: string, windows: ClosedWindow[]): Promise<void> {
  for (let i = 0; i < windows.length; i += 5_000) {
    const chunk = windows.slice(i, i + 5_000);
    const n = chunk.length;
    const series = new Array<string>(n), entity = new Array<string>(n), kind = new Array<string>(n), peer = new Array<string | null>(n);
    const start = new Array<number>(n), firstAt = new Array<number>(n), lastAt = new Array<number>(n), count = new Array<number>(n);
    const values = new Array<string>(n), countries = new Array<string>(n), usual = new Array<string | null>(n), score = new Array<number | null>(n);
    chunk.forEach(({ series: s, row, score: sc }, k) => {
      series[k] = s;
      entity[k] = row.entity;
      kind[k] = row.kind;
      peer[k] = row.peer ?? null;
      start[k] = row.windowStart;
      firstAt[k] = row.firstAt;
      lastAt[k] = row.lastAt;
      count[k] = row.eventCount;
      values[k] = `{${row.values.join(",")}}`;
      countries[k] = textArrayLiteral(row.countries);
      usual[k] = row.usualMinutes ? `{${row.usualMinutes.join(",")}}` : null;
      score[k] = Number.isFinite(sc) ? sc : null;
    });
    await client.query(
      `insert into ueba_feature_windows
         (tenant_id, series, entity, window_start, kind, peer, first_at, last_at, event_count, "values", countries, usual_minutes, score)
       select $1, w.series, w.entity, to_timestamp(w.start / 1000.0), w.kind, w.peer, to_timestamp(w.first_at / 1000.0),
              to_timestamp(w.last_at / 1000.0), w.event_count, w.vals::float8[], w.countries::text[], w.usual::int[], w.score
         from unnest($2::text[], $3::text[], $4::float8[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::int[],
                     $10::text[], $11::text[], $12::text[], $13::float8[])
              as w(series, entity, start, kind, peer, first_at, last_at, event_count, vals, countries, usual, score)
       on conflict (tenant_id, series, entity, window_start) do update set
         last_at = excluded.last_at, event_count = excluded.event_count, "values" = excluded."values",
         countries = excluded.countries, usual_minutes = excluded.usual_minutes, score = excluded.score`,
      [tenantId, series, entity, start, kind, peer, firstAt, lastAt, count, values, countries, usual, score],
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

/**
 * One row per anomalous window: scored early then at close, it keeps the higher score (and that
 * score's explanations and risk); `at`, `early` and the model are those of its first scoring. One
 * statement per batch: a window scored several times in the batch is merged first.
 */
export async function upsertAnomalies(client: pg.PoolClient, tenantId: string, anomalies: AnomalyRecord[]): Promise<void> {
  if (anomalies.length === 0) return;
  const merged = new Map<string, AnomalyRecord>();
  for (const a of anomalies) {
    const key = `${a.series}\u0000${a.entity}\u0000${a.windowStart}`;
    const prev = merged.get(key);
    if (!prev) merged.set(key, { ...a });
    else {
      if (a.score > prev.score) Object.assign(prev, { score: a.score, explanations: a.explanations });
      prev.risk = Math.max(prev.risk, a.risk);
    }
  }
  await client.query(
    `insert into ueba_anomalies (tenant_id, series, entity, window_start, at, score, threshold, early, risk, model_version, explanations)
     select $1, a.series, a.entity, to_timestamp(a.window_start / 1000.0), to_timestamp(a.at / 1000.0), a.score, a.threshold, a.early,
            a.risk, a.model_version, a.explanations
       from jsonb_to_recordset($2::jsonb) as a(series text, entity text, window_start float8, at float8, score float8, threshold float8,
            early boolean, risk float8, model_version int, explanations jsonb)
     on conflict (tenant_id, series, entity, window_start) do update set
       score = greatest(ueba_anomalies.score, excluded.score),
       risk = greatest(ueba_anomalies.risk, excluded.risk),
       explanations = case when excluded.score > ueba_anomalies.score then excluded.explanations else ueba_anomalies.explanations end`,
    [tenantId, JSON.stringify([...merged.values()].map((a) => ({
      series: a.series, entity: a.entity, window_start: a.windowStart, at: a.at, score: a.score, threshold: a.threshold, early: a.early,
      risk: a.risk, model_version: a.modelVersion, explanations: a.explanations,
    })))],
  );
}

/** Current risk per entity (`risk` is the value at `at`; readers decay it to now). One statement; entities are unique. */
export async function upsertEntityRisk(
  client: pg.PoolClient,
  tenantId: string,
  entries: { entity: string; kind: string; risk: number; at: number; anomalies: number }[],
): Promise<void> {
  if (entries.length === 0) return;
  await client.query(
    `insert into ueba_entity_risk (tenant_id, entity, kind, risk, risk_at, peak_risk, anomalies, updated_at)
     select $1, e.entity, e.kind, e.risk, to_timestamp(e.at / 1000.0), e.risk, e.anomalies, now()
       from jsonb_to_recordset($2::jsonb) as e(entity text, kind text, risk float8, at float8, anomalies int)
     on conflict (tenant_id, entity) do update set
       risk = excluded.risk, risk_at = excluded.risk_at, peak_risk = greatest(ueba_entity_risk.peak_risk, excluded.risk),
       anomalies = ueba_entity_risk.anomalies + excluded.anomalies, updated_at = now()`,
    [tenantId, JSON.stringify(entries)],
  );
}

export interface AlertLink {
  entity: string;
  alertId: string;
  /** When the alert was raised (ms). */
  at: number;
  /** Anomalies of the entity since then (ms) that built up its risk point at the alert. */
  since: number;
}

/** Points each entity's risk row and its recent unlinked anomalies at the alert they raised. */
export async function linkAlerts(client: pg.PoolClient, tenantId: string, links: AlertLink[]): Promise<void> {
  if (links.length === 0) return;
  // An entity alerting twice in one batch: its newest alert wins.
  const latest = new Map<string, AlertLink>();
  for (const l of links) if ((latest.get(l.entity)?.at ?? -Infinity) <= l.at) latest.set(l.entity, l);
  const json = JSON.stringify([...latest.values()]);
  await client.query(
    `update ueba_entity_risk r set last_alert_id = l."alertId", last_alert_at = to_timestamp(l.at / 1000.0)
       from jsonb_to_recordset($2::jsonb) as l(entity text, "alertId" uuid, at float8)
      where r.tenant_id = $1 and r.entity = l.entity`,
    [tenantId, json],
  );
  await client.query(
    `update ueba_anomalies a set alert_id = l."alertId"
       from jsonb_to_recordset($2::jsonb) as l(entity text, "alertId" uuid, since float8)
      where a.tenant_id = $1 and a.entity = l.entity and a.alert_id is null and a.at >= to_timestamp(l.since / 1000.0)`,
    [tenantId, json],
  );
}
