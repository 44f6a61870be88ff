// Detection health of one tenant: what is loaded and what failed to compile, rules that never
// fired, rules firing too much, and processing lag (ingest silence, event -> alert latency).
import type { Tx } from "@vigil/db";
import { z } from "zod";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import type { FailedRuleInfo, LoadedRuleInfo } from "./rule-load";

const DAY_MS = 24 * 60 * 60_000;
export const MAX_HEALTH_DAYS = 90;
/** Lists are capped; totals are always exact. */
export const MAX_LISTED_RULES = 200;

export interface DetectionHealthInput {
  /** Look-back in days for never fired / firing too much / latency (default 7). */
  days?: number;
  /** Alerts per day above which a rule is "firing too much" (default 20). */
  noisyPerDay?: number;
}

export interface RuleFiring {
  ruleId: string;
  ruleTitle: string;
  alerts: number;
  /** Matches behind those alerts (dedup folds repeats into one alert's count). */
  detections: number;
  alertsPerDay: number;
  lastSeen: Date;
}

export interface DetectionHealth {
  window: { days: number; since: Date; until: Date };
  rules: {
    /** False until the detection process has published its load result. */
    reported: boolean;
    source: string | null;
    loadedAt: Date | null;
    loaded: number;
    correlations: number;
    failed: FailedRuleInfo[];
    /** Compiled rules using named lists that have no values yet (those parts match nothing). */
    waiting: { total: number; lists: string[]; rules: LoadedRuleInfo[] };
  };
  neverFired: { total: number; rules: LoadedRuleInfo[] };
  noisy: { threshold: number; rules: RuleFiring[] };
  /** Alerts per day over the window (for the chart), oldest first, every day present. */
  daily: { day: string; alerts: number; detections: number }[];
  lag: {
    lastEventAt: Date | null;
    lastReceivedAt: Date | null;
    /** now - when the newest event was received; null without events. */
    sinceLastEventMs: number | null;
    alertsMeasured: number;
    detectP50Ms: number | null;
    detectP95Ms: number | null;
  };
}

const inputSchema = z.object({
  days: z.number().int().min(1).max(MAX_HEALTH_DAYS).default(7),
  noisyPerDay: z.number().positive().max(1_000_000).default(20),
});

const loadedList = z.array(z.object({
  id: z.string(), title: z.string(), level: z.string(), kind: z.enum(["rule", "correlation"]), silent: z.boolean().optional(), waitingFor: z.array(z.string()).optional(),
}));
const failedList = z.array(z.object({ file: z.string(), reason: z.string(), path: z.string().optional(), line: z.number().optional() }));

async function ruleLoad(tx: Tx, tenantId: string) {
  // The tenant's own report wins over the shared one.
  const rows = await tx.detectionRuleLoad.findMany({
    where: { OR: [{ tenantId }, { tenantId: null }] },
    orderBy: [{ loadedAt: "desc" }],
  });
  const row = rows.find((r) => r.tenantId === tenantId) ?? rows[0];
  if (!row) return undefined;
  return { source: row.source, loadedAt: row.loadedAt, rules: loadedList.catch([]).parse(row.rules), failed: failedList.catch([]).parse(row.failed) };
}

async function firing(tx: Tx, tenantId: string, since: Date) {
  return tx.$queryRaw<{ rule_id: string; rule_title: string; alerts: bigint; detections: bigint; last_seen: Date }[]>`
    select rule_id, max(rule_title) as rule_title, count(*) as alerts, coalesce(sum(count), 0) as detections, max(last_seen) as last_seen
    from alerts where tenant_id = ${tenantId}::uuid and last_seen >= ${since}
    group by rule_id`;
}

async function daily(tx: Tx, tenantId: string, since: Date) {
  return tx.$queryRaw<{ day: string; alerts: bigint; detections: bigint }[]>`
    select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, count(*) as alerts, coalesce(sum(count), 0) as detections
    from alerts where tenant_id = ${tenantId}::uuid and created_at >= ${since}
    group by 1 order by 1`;
}

async function latency(tx: Tx, tenantId: string, since: Date) {
  const [row] = await tx.$queryRaw<{ n: bigint; p50: number | null; p95: number | null }[]>`
    select count(detect_lag_ms) as n,
      percentile_cont(0.5) within group (order by detect_lag_ms) as p50,
      percentile_cont(0.95) within group (order by detect_lag_ms) as p95
    from alerts where tenant_id = ${tenantId}::uuid and created_at >= ${since} and detect_lag_ms is not null`;
  // Newest event by event time (walks the (tenant_id, ts) index backwards; no scan of the window).
  const newest = await tx.event.findFirst({ where: { tenantId }, orderBy: { ts: "desc" }, select: { ts: true, receivedAt: true } });
  return { n: Number(row?.n ?? 0), p50: row?.p50 ?? null, p95: row?.p95 ?? null, newest };
}

function everyDay(since: Date, until: Date, rows: { day: string; alerts: bigint; detections: bigint }[]) {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: DetectionHealth["daily"] = [];
  for (let t = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); t <= until.getTime(); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const r = byDay.get(day);
    out.push({ day, alerts: Number(r?.alerts ?? 0), detections: Number(r?.detections ?? 0) });
  }
  return out;
}

export async function detectionHealth(deps: ServiceDeps, ctx: TenantContext, input: DetectionHealthInput = {}, now: Date = new Date()): Promise<DetectionHealth> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("BAD_REQUEST", `${issue?.path.join(".") || "input"}: ${issue?.message ?? "invalid"}`, { field: issue?.path.join(".") });
  }
  const { days, noisyPerDay } = parsed.data;
  const since = new Date(now.getTime() - days * DAY_MS);
  const { tenantId } = ctx;

  return deps.db.withTenant(tenantId, async (tx) => {
    // Sequential: one transaction is one connection.
    const load = await ruleLoad(tx, tenantId);
    const fired = await firing(tx, tenantId, since);
    const perDay = await daily(tx, tenantId, since);
    const lag = await latency(tx, tenantId, since);

    const firedIds = new Set(fired.map((f) => f.rule_id));
    const never = (load?.rules ?? []).filter((r) => !r.silent && !firedIds.has(r.id));
    const waiting = (load?.rules ?? []).filter((r) => r.waitingFor && r.waitingFor.length > 0);
    const noisy = fired
      .map((f) => ({ ruleId: f.rule_id, ruleTitle: f.rule_title, alerts: Number(f.alerts), detections: Number(f.detections), alertsPerDay: Number(f.alerts) / days, lastSeen: f.last_seen }))
      .filter((f) => f.alertsPerDay > noisyPerDay)
      .sort((a, b) => b.alerts - a.alerts || b.detections - a.detections);

    return {
      window: { days, since, until: now },
      rules: {
        reported: Boolean(load), source: load?.source ?? null, loadedAt: load?.loadedAt ?? null,
        loaded: load?.rules.filter((r) => r.kind === "rule").length ?? 0,
        correlations: load?.rules.filter((r) => r.kind === "correlation").length ?? 0,
        failed: (load?.failed ?? []).slice(0, MAX_LISTED_RULES),
        waiting: { total: waiting.length, lists: [...new Set(waiting.flatMap((r) => r.waitingFor ?? []))].sort(), rules: waiting.slice(0, MAX_LISTED_RULES) },
      },
      neverFired: { total: never.length, rules: never.slice(0, MAX_LISTED_RULES) },
      noisy: { threshold: noisyPerDay, rules: noisy.slice(0, MAX_LISTED_RULES) },
      daily: everyDay(since, now, perDay),
      lag: {
        lastEventAt: lag.newest?.ts ?? null,
        lastReceivedAt: lag.newest?.receivedAt ?? null,
        sinceLastEventMs: lag.newest ? Math.max(0, now.getTime() - lag.newest.receivedAt.getTime()) : null,
        alertsMeasured: lag.n,
        detectP50Ms: lag.p50 === null ? null : Math.round(lag.p50),
        detectP95Ms: lag.p95 === null ? null : Math.round(lag.p95),
      },
    };
  });
}
