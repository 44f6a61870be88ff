// The newest alerts of a tenant for the dashboard table (most recently seen first).
import type { Severity, AlertStatus } from "@vigil/db";
import type { ServiceDeps, TenantContext } from "../context";

export interface AlertEntities {
  user?: string[];
  host?: string[];
  ip?: string[];
  process?: string[];
}

export interface AlertRow {
  id: string;
  ruleId: string;
  ruleTitle: string;
  severity: Severity;
  status: AlertStatus;
  tactics: string[];
  techniques: string[];
  entities: AlertEntities;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  incidentId: string | null;
}

const ENTITY_KEYS = ["user", "host", "ip", "process"] as const;

/** Entities are JSON written by the detector; keep only string arrays under the known keys. */
export function toEntities(value: unknown): AlertEntities {
  const out: AlertEntities = {};
  if (!value || typeof value !== "object") return out;
  for (const key of ENTITY_KEYS) {
    const list = (value as Record<string, unknown>)[key];
    if (Array.isArray(list)) out[key] = list.filter((v): v is string => typeof v === "string");
  }
  return out;
}

export async function latestAlerts(deps: ServiceDeps, ctx: TenantContext, input: { limit?: number } = {}): Promise<AlertRow[]> {
  const take = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const rows = await deps.db.withTenant(ctx.tenantId, (tx) =>
    tx.alert.findMany({
      where: { tenantId: ctx.tenantId },
      orderBy: [{ lastSeen: "desc" }, { id: "asc" }],
      take,
      select: {
        id: true,
        ruleId: true,
        ruleTitle: true,
        severity: true,
        status: true,
        tactics: true,
        techniques: true,
        entities: true,
        count: true,
        firstSeen: true,
        lastSeen: true,
        incidentId: true,
      },
    }),
  );
  return rows.map((row) => ({ ...row, entities: toEntities(row.entities) }));
}
