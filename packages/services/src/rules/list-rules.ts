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

/** What compiling a tenant's effective set tells the portal. */
export interface SetAnalysis {
  problems: RuleFailure[];
  /** Placeholder (named list) -> the compiled rules whose `|expand` values use it. */
  placeholderUse: Map<string, { ruleId: string; title: string }[]>;
}

// Compiling a large set takes seconds: what it tells is remembered per set hash (the same hash is
// the same compiled content, lists included), for the few sets a portal process sees.
const ANALYSIS_CACHE_SIZE = 32;
const analysisByHash = new Map<string, SetAnalysis>();

export function analyseSet({ hash, sources, placeholders }: Pick<EngineSources, "hash" | "sources" | "placeholders">): SetAnalysis {
  const cached = analysisByHash.get(hash);
  if (cached) return cached;
  const set = loadRules(sources, { placeholders });
  const placeholderUse = new Map<string, { ruleId: string; title: string }[]>();
  for (const rule of set.rules) {
    for (const name of rule.placeholders ?? []) placeholderUse.set(name, [...(placeholderUse.get(name) ?? []), { ruleId: rule.id, title: rule.title }]);
  }
  const analysis = { problems: set.errors.map((e) => ({ file: e.file, reason: e.reason })), placeholderUse };
  if (analysisByHash.size >= ANALYSIS_CACHE_SIZE) analysisByHash.delete(analysisByHash.keys().next().value as string);
  analysisByHash.set(hash, analysis);
  return analysis;
}

export async function listEffectiveRules(deps: ServiceDeps, ctx: TenantContext): Promise<EffectiveRuleList> {
  const rules = await deps.db.withTenantClient(ctx.tenantId, (client) => resolveTenantRules(client, ctx.tenantId));
  const { sources, hash, silenced } = engineSources(rules);
  const { problems } = analyseSet({ hash, sources });
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
