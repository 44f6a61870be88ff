// Read side: the tenant's effective rules with where each setting comes from, compile problems of
// the effective set, and the pack versions of its lineage.
import { loadRules } from "@vigil/detection";
import type { ServiceDeps, TenantContext } from "../context";
import { resolveTenantRules, tenantLineage } from "./effective";
import { engineSources } from "./engine-sources";
import type { EngineSources } from "./engine-sources";
import type { PackVersion } from "./store";
import { packVersions } from "./store";
import type { EffectiveRule, RuleFailure } from "./types";

export interface EffectiveRuleList {
  rules: Omit<EffectiveRule, "yaml">[];
  /** Hash of the compiled set (equal hashes: the same engine on the stream). */
  hash: string;
  /** Rules of the effective set that do not compile together (e.g. a correlation referencing a rule nobody defines). */
  problems: RuleFailure[];
  /** Disabled rules still evaluated, silently, for the enabled correlations that reference them. */
  silenced: string[];
}

// Compiling a large set takes seconds: its problems are remembered per set hash (the same hash is
// the same compiled content), for the few sets a portal process sees.
const PROBLEMS_CACHE_SIZE = 32;
const problemsByHash = new Map<string, RuleFailure[]>();

function compileProblems(hash: string, sources: EngineSources["sources"]): RuleFailure[] {
  const cached = problemsByHash.get(hash);
  if (cached) return cached;
  const problems = loadRules(sources).errors.map((e) => ({ file: e.file, reason: e.reason }));
  if (problemsByHash.size >= PROBLEMS_CACHE_SIZE) problemsByHash.delete(problemsByHash.keys().next().value as string);
  problemsByHash.set(hash, problems);
  return problems;
}

export async function listEffectiveRules(deps: ServiceDeps, ctx: TenantContext): Promise<EffectiveRuleList> {
  const rules = await deps.db.withTenantClient(ctx.tenantId, (client) => resolveTenantRules(client, ctx.tenantId));
  const { sources, hash, silenced } = engineSources(rules);
  const problems = compileProblems(hash, sources);
  return { rules: rules.map(({ yaml: _yaml, ...rest }) => rest), hash, problems, silenced };
}

/** Versions of every pack the tenant inherits from (global, its organization) or owns, newest first. */
export async function listRuleVersions(deps: ServiceDeps, ctx: TenantContext): Promise<PackVersion[]> {
  return deps.db.withTenantClient(ctx.tenantId, async (client) => packVersions(client, await tenantLineage(client, ctx.tenantId)));
}

/** One rule's YAML as the tenant's engine runs it (overrides applied), for the rule detail view. */
export async function effectiveRuleYaml(deps: ServiceDeps, ctx: TenantContext, ruleId: string): Promise<string | undefined> {
  const rules = await deps.db.withTenantClient(ctx.tenantId, (client) => resolveTenantRules(client, ctx.tenantId));
  const rule = rules.find((r) => r.ruleId === ruleId);
  if (!rule) return undefined;
  return engineSources([{ ...rule, enabled: { value: true, from: rule.enabled.from } }]).sources[0]?.text;
}
