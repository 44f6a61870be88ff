// Importing a rule pack: files (a directory's, a zip's or an upload's) -> validated documents ->
// a new version of the pack at one level. Failed rules are reported (file + reason) and not stored;
// an import whose content equals the active version's creates no new version.
import type { Db } from "@vigil/db";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { audit, withOwnerClient, writableOwner } from "./access";
import type { WritableScope } from "./access";
import { isRuleFile, packHash, validatePack } from "./documents";
import { lineageRules } from "./effective";
import type { PackVersion, RuleOwner, SqlClient } from "./store";
import { insertPackVersion, latestPackVersion } from "./store";
import type { RuleFailure, RuleFile } from "./types";
import { readZip } from "./zip";

export const MAX_PACK_FILES = 10_000;
const PACK_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface ImportInput {
  /** Pack name (lower case, digits, `.`, `_`, `-`); a new version of the pack with this name. */
  name: string;
  files: readonly RuleFile[];
  importedBy: string | null;
}

export interface ImportResult {
  pack: PackVersion;
  /** True when the content equals the active version's: no new version was created. */
  unchanged: boolean;
  imported: number;
  failed: RuleFailure[];
}

/** Zip bytes -> rule files (YAML entries only; other entries are ignored). */
export function filesFromZip(zip: Buffer): RuleFile[] {
  return readZip(zip)
    .filter((e) => isRuleFile(e.path))
    .map((e) => ({ path: e.path, text: e.data.toString("utf8") }));
}

function checkInput(input: ImportInput): void {
  if (!PACK_NAME.test(input.name)) throw new AppError("BAD_REQUEST", `name: "${input.name}" is not a pack name (a-z, 0-9, ".", "_", "-"; at most 64)`);
  const files = input.files.filter((f) => isRuleFile(f.path));
  if (files.length === 0) throw new AppError("BAD_REQUEST", "files: no .yml or .yaml rule file in the pack");
  if (files.length > MAX_PACK_FILES) throw new AppError("PAYLOAD_TOO_LARGE", `files: more than ${MAX_PACK_FILES} rule files`);
}

async function importInto(client: SqlClient, owner: RuleOwner, input: ImportInput): Promise<ImportResult> {
  checkInput(input);
  // Context: the rules this pack's correlations and filters may reference (its lineage, minus the pack itself).
  const lineage = { organizationId: owner.scope === "GLOBAL" ? null : owner.organizationId, tenantId: owner.tenantId };
  const context = (await lineageRules(client, lineage))
    .filter((r) => !(r.scope === owner.scope && r.pack === input.name))
    .map((r) => ({ file: `(${r.scope.toLowerCase()}) ${r.file}`, text: r.yaml }));
  const { documents, failed } = validatePack(input.files, context);
  if (documents.length === 0) {
    const first = failed.slice(0, 5).map((f) => `${f.file}: ${f.reason}`).join("; ");
    throw new AppError("BAD_REQUEST", `no rule of the pack compiled (${failed.length} failed): ${first}`, { failed });
  }
  const contentHash = packHash(documents);
  const latest = await latestPackVersion(client, owner, input.name);
  if (latest?.contentHash === contentHash) return { pack: latest, unchanged: true, imported: documents.length, failed };
  const pack = await insertPackVersion(client, owner, { name: input.name, contentHash, documents, failed, importedBy: input.importedBy });
  return { pack, unchanged: false, imported: documents.length, failed };
}

/** Portal import by a tenant ADMIN (scope TENANT) or an organization-wide ADMIN (scope ORGANIZATION). */
export async function importRulePack(deps: ServiceDeps, ctx: TenantContext, input: Omit<ImportInput, "importedBy"> & { scope: WritableScope }): Promise<ImportResult> {
  return deps.db.withTenantClient(ctx.tenantId, async (client) => {
    const owner = await writableOwner(deps, client, ctx, input.scope);
    const result = await importInto(client, owner, { ...input, importedBy: ctx.email ?? ctx.userId ?? null });
    await audit(client, ctx, owner.organizationId, "rules.import", `${input.scope.toLowerCase()}:${input.name}`, {
      version: result.pack.version, unchanged: result.unchanged, imported: result.imported, failed: result.failed.length,
    });
    return result;
  });
}

/** Who the command line imports for: GLOBAL, an organization (id or exact name) or a tenant (slug). */
export type OwnerTarget = { scope: "GLOBAL" } | { scope: "ORGANIZATION"; organization: string } | { scope: "TENANT"; tenant: string };

async function resolveTarget(client: SqlClient, target: OwnerTarget): Promise<RuleOwner> {
  if (target.scope === "GLOBAL") return { scope: "GLOBAL", organizationId: null, tenantId: null };
  if (target.scope === "TENANT") {
    const { rows } = await client.query<{ id: string; organization_id: string }>("SELECT id, organization_id FROM tenants WHERE slug = $1", [target.tenant]);
    if (!rows[0]) throw new AppError("NOT_FOUND", `tenant "${target.tenant}" not found (give its slug)`);
    return { scope: "TENANT", organizationId: rows[0].organization_id, tenantId: rows[0].id };
  }
  const { rows } = await client.query<{ id: string }>(
    "SELECT id FROM organizations WHERE id::text = lower($1) OR lower(name) = lower($1) ORDER BY created_at LIMIT 2",
    [target.organization],
  );
  if (rows.length === 0) throw new AppError("NOT_FOUND", `organization "${target.organization}" not found (give its id or exact name)`);
  if (rows.length > 1) throw new AppError("CONFLICT", `several organizations are named "${target.organization}": give its id`);
  return { scope: "ORGANIZATION", organizationId: (rows[0] as { id: string }).id, tenantId: null };
}

/** Command-line import with the migration owner's connection (the only way to write GLOBAL packs). */
export async function importRulePackAsOwner(ownerDb: Db, target: OwnerTarget, input: ImportInput): Promise<ImportResult & { owner: RuleOwner }> {
  return withOwnerClient(ownerDb, async (client) => {
    const owner = await resolveTarget(client, target);
    return { ...(await importInto(client, owner, input)), owner };
  });
}
