// The engine's load result, as the process running it publishes it: which rules are loaded and
// which failed to compile (file, place, reason). Health reads it per tenant.
import type { Tx } from "@vigil/db";
import type { RuleSet } from "@vigil/detection";
import { z } from "zod";
import type { ServiceDeps } from "../context";
import { AppError } from "../errors";

export interface LoadedRuleInfo {
  id: string;
  title: string;
  level: string;
  kind: "rule" | "correlation";
  /** A base rule only referenced by correlations: its own matches never become alerts. */
  silent?: boolean;
  /** Named lists (`%name%` placeholders) the rule uses that have no values: empty until the tenant fills them. */
  waitingFor?: string[];
}

export interface FailedRuleInfo {
  file: string;
  reason: string;
  path?: string;
  line?: number;
}

export interface RuleLoadReport {
  /** Who loaded the rules, e.g. "ingest". One report is kept per source and tenant. */
  source: string;
  /** null/absent: the rule set every tenant gets; a tenant id: that tenant's own set. */
  tenantId?: string | null;
  rules: LoadedRuleInfo[];
  failed: FailedRuleInfo[];
}

export const MAX_REPORTED_RULES = 20_000;

const loadedSchema = z.object({
  id: z.string().min(1), title: z.string(), level: z.string(), kind: z.enum(["rule", "correlation"]), silent: z.boolean().optional(),
  waitingFor: z.array(z.string().max(200)).max(100).optional(),
});
const failedSchema = z.object({ file: z.string(), reason: z.string(), path: z.string().optional(), line: z.number().int().optional() });
const reportSchema = z.object({
  source: z.string().trim().min(1).max(100),
  tenantId: z.uuid().nullish(),
  rules: z.array(loadedSchema).max(MAX_REPORTED_RULES),
  failed: z.array(failedSchema).max(MAX_REPORTED_RULES),
});

/** Builds the report from `loadRules`/`loadBuiltinRules` output (what the lead wires in ingest). */
export function ruleLoadReport(set: RuleSet, source: string, tenantId: string | null = null): RuleLoadReport {
  return {
    source,
    tenantId,
    rules: [
      ...set.rules.map((r) => ({
        id: r.id, title: r.title, level: r.level, kind: "rule" as const,
        ...(set.silent.has(r.id) ? { silent: true } : {}),
        ...(r.unresolvedPlaceholders ? { waitingFor: r.unresolvedPlaceholders } : {}),
      })),
      ...set.correlations.map((r) => ({ id: r.id, title: r.title, level: r.level, kind: "correlation" as const })),
    ],
    failed: set.errors.map((e) => ({ file: e.file, reason: e.reason, ...(e.path ? { path: e.path } : {}), ...(e.line !== undefined ? { line: e.line } : {}) })),
  };
}

/** Replaces the stored report of (source, tenant). */
export async function recordRuleLoad(deps: ServiceDeps, report: RuleLoadReport): Promise<void> {
  const parsed = reportSchema.safeParse(report);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("BAD_REQUEST", `${issue?.path.join(".") || "report"}: ${issue?.message ?? "invalid"}`, { issues: parsed.error.issues });
  }
  const { source, tenantId, rules, failed } = parsed.data;
  const write = async (tx: Tx) => {
    await tx.$executeRaw`
      insert into detection_rule_loads (tenant_id, source, rules, failed, loaded_at)
      values (${tenantId ?? null}::uuid, ${source}, ${JSON.stringify(rules)}::jsonb, ${JSON.stringify(failed)}::jsonb, now())
      on conflict (source, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid))
      do update set rules = excluded.rules, failed = excluded.failed, loaded_at = excluded.loaded_at`;
  };
  if (tenantId) await deps.db.withTenant(tenantId, write);
  else await deps.db.withSystem(write);
}
