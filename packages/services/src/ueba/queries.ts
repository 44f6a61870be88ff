// Read side of UEBA for the portal and tRPC: top risky entities, an entity's timeline, model
// status. Tenant-scoped by the caller's context (RLS); no TensorFlow import here.
import { z } from "zod";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { entityParts } from "./alerts";
import { decayedRisk, RISK_HALF_LIFE_MS, RISK_THRESHOLD, UEBA_SERIES } from "./series";
import { CURRENT_FEATURES_SQL } from "./series";

export const entityRiskInput = z.object({
  limit: z.number().int().min(1).max(200).default(25),
  /** Only entities whose decayed risk is at least this (0 = every entity with an anomaly). */
  minRisk: z.number().min(0).max(1000).default(0),
});
export type EntityRiskInput = z.input<typeof entityRiskInput>;

export interface EntityRiskRow {
  entity: string;
  kind: string;
  name: string;
  /** Decayed to now. */
  risk: number;
  peakRisk: number;
  anomalies: number;
  lastAnomalyAt: Date;
  lastAlertId: string | null;
  lastAlertAt: Date | null;
  /** Plain-words explanations of the entity's strongest recent anomaly. */
  topExplanations: string[];
}

interface RiskRow {
  entity: string;
  kind: string;
  risk: number;
  risk_at: Date;
  peak_risk: number;
  anomalies: number;
  last_alert_id: string | null;
  last_alert_at: Date | null;
  explanations: { text: string }[] | null;
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input ?? {});
  if (!r.success) throw new AppError("BAD_REQUEST", r.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "));
  return r.data;
}

/** Entities ranked by their current (decayed) risk. */
export async function entityRisk(deps: ServiceDeps, ctx: TenantContext, input?: EntityRiskInput, now = new Date()): Promise<EntityRiskRow[]> {
  const { limit, minRisk } = parse(entityRiskInput, input);
  const halfLifeSeconds = RISK_HALF_LIFE_MS / 1000;
  const rows = await deps.db.withTenantClient(ctx.tenantId, async (client) =>
    (await client.query<RiskRow>(
      `select r.entity, r.kind, r.risk, r.risk_at, r.peak_risk, r.last_alert_id, r.last_alert_at, a.explanations,
              (select count(*)::int from ueba_anomalies c where c.tenant_id = r.tenant_id and c.entity = r.entity) as anomalies
         from ueba_entity_risk r
         left join lateral (
           select explanations from ueba_anomalies x
            where x.tenant_id = r.tenant_id and x.entity = r.entity order by x.score / x.threshold desc, x.at desc limit 1
         ) a on true
        where r.tenant_id = $1
          and r.risk * power(0.5, greatest(0, extract(epoch from ($2::timestamptz - r.risk_at))) / $3) >= $4
        order by r.risk * power(0.5, greatest(0, extract(epoch from ($2::timestamptz - r.risk_at))) / $3) desc, r.peak_risk desc, r.entity
        limit $5`,
      [ctx.tenantId, now, halfLifeSeconds, minRisk, limit],
    )).rows,
  );
  return rows.map((r) => ({
    entity: r.entity, kind: r.kind, name: entityParts(r.entity).name, risk: decayedRisk(r.risk, r.risk_at, now), peakRisk: r.peak_risk,
    anomalies: r.anomalies, lastAnomalyAt: r.risk_at, lastAlertId: r.last_alert_id, lastAlertAt: r.last_alert_at,
    topExplanations: (r.explanations ?? []).map((e) => e.text).filter((t): t is string => typeof t === "string"),
  }));
}

export const timelineInput = z.object({
  entity: z.string().min(3).max(512).regex(/^(user|host|ip):.+/, "entity must look like user:<name>, host:<name> or ip:<address>"),
  /** Days back from now (default 30). */
  days: z.number().int().min(1).max(365).default(30),
  series: z.enum(["hour", "day"]).default("hour"),
});
export type TimelineInput = z.input<typeof timelineInput>;

export interface TimelineAnomaly {
  id: string;
  series: string;
  windowStart: Date;
  at: Date;
  detectedAt: Date;
  score: number;
  threshold: number;
  early: boolean;
  risk: number;
  modelVersion: number;
  explanations: { feature: string; value: number; usual: number; text: string }[];
  alertId: string | null;
}

export interface TimelineWindow {
  windowStart: Date;
  eventCount: number;
  values: Record<string, number>;
  score: number | null;
}

export interface EntityTimeline {
  entity: string;
  kind: string;
  name: string;
  risk: number;
  peakRisk: number;
  anomalies: TimelineAnomaly[];
  windows: TimelineWindow[];
  /** Risk over time: after each anomaly, and decayed to now. */
  riskSeries: { at: Date; risk: number }[];
  threshold: number;
}

const MAX_TIMELINE_WINDOWS = 2_000;
/** @vigil/ml's FEATURE_NAMES (kept here so the portal's queries do not load TensorFlow; a test checks they agree). */
export const FEATURES = ["signIns", "failures", "distinctIps", "distinctCountries", "newIps", "newHosts", "offHoursShare", "bytesDownloaded",
  "recordsDownloaded", "sensitiveFiles", "privilegedCommands", "adminChanges", "distinctAsns"] as const;

export async function entityTimeline(deps: ServiceDeps, ctx: TenantContext, input: TimelineInput, now = new Date()): Promise<EntityTimeline> {
  const { entity, days, series } = parse(timelineInput, input);
  const since = new Date(now.getTime() - days * 86_400_000);
  const { risk, anomalies, windows } = await deps.db.withTenantClient(ctx.tenantId, async (client) => {
    const r = await client.query<{ kind: string; risk: number; risk_at: Date; peak_risk: number }>(
      "select kind, risk, risk_at, peak_risk from ueba_entity_risk where tenant_id = $1 and entity = $2",
      [ctx.tenantId, entity],
    );
    const a = await client.query<{
      id: string; series: string; window_start: Date; at: Date; detected_at: Date; score: number; threshold: number; early: boolean; risk: number;
      model_version: number; explanations: TimelineAnomaly["explanations"]; alert_id: string | null;
    }>(
      `select id, series, window_start, at, detected_at, score, threshold, early, risk, model_version, explanations, alert_id
         from ueba_anomalies where tenant_id = $1 and entity = $2 and at >= $3 order by at`,
      [ctx.tenantId, entity, since],
    );
    const w = await client.query<{ window_start: Date; event_count: number; values: number[]; score: number | null }>(
      `select window_start, event_count, "values", score from ueba_feature_windows
        where tenant_id = $1 and series = $2 and entity = $3 and window_start >= $4 order by window_start desc limit $5`,
      [ctx.tenantId, series, entity, since, MAX_TIMELINE_WINDOWS],
    );
    return { risk: r.rows[0], anomalies: a.rows, windows: w.rows.reverse() };
  });
  // Same answer for an unknown entity and another tenant's: nothing is revealed.
  if (!risk && anomalies.length === 0 && windows.length === 0) throw new AppError("NOT_FOUND", `no behaviour data for ${entity}`);
  const riskSeries = riskCurve(anomalies.map((a) => ({ at: a.at, risk: a.risk })), now);
  return {
    entity, kind: risk?.kind ?? entityParts(entity).kind, name: entityParts(entity).name,
    risk: risk ? decayedRisk(risk.risk, risk.risk_at, now) : 0, peakRisk: risk?.peak_risk ?? 0,
    anomalies: anomalies.map((a) => ({
      id: a.id, series: a.series, windowStart: a.window_start, at: a.at, detectedAt: a.detected_at, score: a.score, threshold: a.threshold,
      early: a.early, risk: a.risk, modelVersion: a.model_version, explanations: a.explanations, alertId: a.alert_id,
    })),
    windows: windows.map((w) => ({
      windowStart: w.window_start, eventCount: w.event_count, score: w.score,
      values: Object.fromEntries(FEATURES.map((f, i) => [f, Number(w.values[i] ?? 0)])),
    })),
    riskSeries, threshold: RISK_THRESHOLD,
  };
}

const CURVE_POINTS = 240;

/** Risk over time: a jump at each anomaly, exponential decay in between and up to now. */
export function riskCurve(jumps: { at: Date; risk: number }[], now: Date): { at: Date; risk: number }[] {
  if (jumps.length === 0) return [];
  const start = jumps[0]!.at.getTime();
  const end = Math.max(now.getTime(), jumps.at(-1)!.at.getTime());
  const step = Math.max(3_600_000, (end - start) / CURVE_POINTS);
  const out: { at: Date; risk: number }[] = [];
  jumps.forEach((j, i) => {
    const until = i + 1 < jumps.length ? jumps[i + 1]!.at.getTime() : end;
    out.push({ at: j.at, risk: j.risk });
    for (let t = j.at.getTime() + step; t < until; t += step) out.push({ at: new Date(t), risk: decayedRisk(j.risk, j.at, new Date(t)) });
    if (i + 1 === jumps.length && until > j.at.getTime()) out.push({ at: new Date(until), risk: decayedRisk(j.risk, j.at, new Date(until)) });
  });
  return out;
}

export interface ModelStatusSeries {
  series: string;
  version: number;
  trainedAt: Date;
  trainingRows: number;
  priorRows: number;
  backend: string;
  kind: string;
  seed: number;
  threshold: number;
  metrics: Record<string, unknown>;
}

export interface ModelStatus {
  /** "prior": no model trained for this tenant yet; the global prior scores its events. */
  source: "tenant" | "prior";
  version: number;
  trainedAt: Date | null;
  series: ModelStatusSeries[];
  featureWindows: number;
  entities: number;
}

export async function modelStatus(deps: ServiceDeps, ctx: TenantContext): Promise<ModelStatus> {
  return deps.db.withTenantClient(ctx.tenantId, async (client) => {
    const m = await client.query<{
      series: string; version: number; trained_at: Date; training_rows: number; prior_rows: number; backend: string; kind: string; seed: number;
      threshold: number; metrics: Record<string, unknown>;
    }>(
      `select distinct on (series) series, version, trained_at, training_rows, prior_rows, backend, kind, seed, threshold, metrics
         from ueba_models where tenant_id = $1 and ${CURRENT_FEATURES_SQL} order by series, version desc`,
      [ctx.tenantId, JSON.stringify(FEATURES)],
    );
    const counts = await client.query<{ windows: string; entities: string }>(
      "select count(*) as windows, count(distinct entity) as entities from ueba_feature_windows where tenant_id = $1",
      [ctx.tenantId],
    );
    const order = UEBA_SERIES.map((s) => s.name as string);
    const series = m.rows
      .map((r) => ({
        series: r.series, version: r.version, trainedAt: r.trained_at, trainingRows: r.training_rows, priorRows: r.prior_rows, backend: r.backend,
        kind: r.kind, seed: r.seed, threshold: r.threshold, metrics: r.metrics,
      }))
      .sort((a, b) => order.indexOf(a.series) - order.indexOf(b.series));
    const version = Math.max(0, ...series.map((s) => s.version));
    return {
      source: version > 0 ? "tenant" : "prior", version, trainedAt: series.find((s) => s.version === version)?.trainedAt ?? null, series,
      featureWindows: Number(counts.rows[0]?.windows ?? 0), entities: Number(counts.rows[0]?.entities ?? 0),
    };
  });
}
