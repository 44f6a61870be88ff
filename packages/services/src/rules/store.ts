// SQL of rule management over one connection inside a transaction: a tenant-scoped one
// (db.withTenantClient: RLS applies) or the migration owner's (command line, GLOBAL scope).
// Every query also filters by owner explicitly, so the owner connection reads exactly the same.
import type { RuleDocument, LevelRule, LevelSetting, RuleFailure, RuleScope } from "./types";
import type { SigmaLevel } from "@vigil/detection";

/** The part of pg's client used here (pg.PoolClient fits). */
export interface SqlClient {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** Whose rules: one level. For TENANT, `organizationId` is the tenant's organization (its lineage), not stored on the row. */
export interface RuleOwner {
  scope: RuleScope;
  organizationId: string | null;
  tenantId: string | null;
}

/** The owner columns of a row: exactly one of them for ORGANIZATION and TENANT, none for GLOBAL. */
function ownerParams(owner: RuleOwner): [RuleScope, string | null, string | null] {
  if (owner.scope === "GLOBAL") return ["GLOBAL", null, null];
  if (owner.scope === "ORGANIZATION") return ["ORGANIZATION", null, owner.organizationId];
  return ["TENANT", owner.tenantId, null];
}

/** The levels a tenant inherits from (null: that level is not read). */
export interface Lineage {
  organizationId: string | null;
  tenantId: string | null;
}

const VISIBLE = `(scope = 'GLOBAL' OR (scope = 'ORGANIZATION' AND organization_id = $1::uuid) OR (scope = 'TENANT' AND tenant_id = $2::uuid))`;

export async function tenantOrganization(client: SqlClient, tenantId: string): Promise<string | null> {
  const { rows } = await client.query<{ organization_id: string }>("SELECT organization_id FROM tenants WHERE id = $1::uuid", [tenantId]);
  return rows[0]?.organization_id ?? null;
}

interface RuleRow {
  scope: RuleScope;
  pack: string;
  pack_version: number;
  rule_id: string;
  kind: LevelRule["kind"];
  title: string;
  level: SigmaLevel | null;
  file: string;
  yaml: string;
}

/** Rules of the active (newest) version of every pack visible to the lineage, upper levels first. */
export async function activeRules(client: SqlClient, lineage: Lineage): Promise<LevelRule[]> {
  const { rows } = await client.query<RuleRow>(
    `WITH active AS (
       SELECT DISTINCT ON (scope, coalesce(tenant_id, organization_id), name) id, scope, name, version
         FROM rule_packs WHERE ${VISIBLE}
        ORDER BY scope, coalesce(tenant_id, organization_id), name, version DESC)
     SELECT a.scope, a.name AS pack, a.version AS pack_version, r.rule_id, r.kind, r.title, r.level, r.file, r.yaml
       FROM active a JOIN rule_pack_rules r ON r.pack_id = a.id
      ORDER BY a.scope, a.name, r.rule_id`,
    [lineage.organizationId, lineage.tenantId],
  );
  return rows.map((r) => ({ scope: r.scope, pack: r.pack, packVersion: r.pack_version, ruleId: r.rule_id, kind: r.kind, title: r.title, level: r.level, file: r.file, yaml: r.yaml }));
}

interface SettingRow {
  scope: RuleScope;
  rule_id: string;
  enabled: boolean | null;
  level: SigmaLevel | null;
  status: string | null;
  exception: Record<string, unknown> | null;
}

export async function levelSettings(client: SqlClient, lineage: Lineage): Promise<LevelSetting[]> {
  const { rows } = await client.query<SettingRow>(`SELECT scope, rule_id, enabled, level, status, exception FROM rule_settings WHERE ${VISIBLE} ORDER BY scope, rule_id`, [
    lineage.organizationId,
    lineage.tenantId,
  ]);
  return rows.map((r) => ({ scope: r.scope, ruleId: r.rule_id, enabled: r.enabled, level: r.level, status: r.status, exception: r.exception }));
}

const OWNER_KEY = "coalesce(tenant_id, organization_id, '00000000-0000-0000-0000-000000000000'::uuid)";
const SAME_OWNER = `scope = $1::"RuleScope" AND ${OWNER_KEY} = coalesce($2::uuid, $3::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`;

export interface PackVersion {
  id: string;
  scope: RuleScope;
  name: string;
  version: number;
  contentHash: string;
  ruleCount: number;
  failed: RuleFailure[];
  importedBy: string | null;
  createdAt: Date;
}

interface PackRow {
  id: string;
  scope: RuleScope;
  name: string;
  version: number;
  content_hash: string;
  rule_count: number;
  errors: RuleFailure[];
  imported_by: string | null;
  created_at: Date;
}

const toVersion = (r: PackRow): PackVersion => ({
  id: r.id, scope: r.scope, name: r.name, version: r.version, contentHash: r.content_hash, ruleCount: r.rule_count, failed: r.errors, importedBy: r.imported_by, createdAt: r.created_at,
});

export async function latestPackVersion(client: SqlClient, owner: RuleOwner, name: string): Promise<PackVersion | undefined> {
  const { rows } = await client.query<PackRow>(`SELECT * FROM rule_packs WHERE ${SAME_OWNER} AND name = $4 ORDER BY version DESC LIMIT 1`, [...ownerParams(owner), name]);
  return rows[0] ? toVersion(rows[0]) : undefined;
}

export interface NewPackVersion {
  name: string;
  contentHash: string;
  documents: readonly RuleDocument[];
  failed: readonly RuleFailure[];
  importedBy: string | null;
}

/** Inserts the next version of a pack with its rules. Serialized per pack by a transaction lock. */
export async function insertPackVersion(client: SqlClient, owner: RuleOwner, pack: NewPackVersion): Promise<PackVersion> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`vigil-rule-pack:${owner.scope}:${owner.tenantId ?? owner.organizationId ?? ""}:${pack.name}`]);
  const { rows } = await client.query<PackRow>(
    `INSERT INTO rule_packs (scope, organization_id, tenant_id, name, version, content_hash, rule_count, errors, imported_by)
     SELECT $1::"RuleScope", $3::uuid, $2::uuid, $4, coalesce(max(version), 0) + 1, $5, $6, $7::jsonb, $8
       FROM rule_packs WHERE ${SAME_OWNER} AND name = $4
     RETURNING *`,
    [...ownerParams(owner), pack.name, pack.contentHash, pack.documents.length, JSON.stringify(pack.failed), pack.importedBy],
  );
  const created = toVersion(rows[0] as PackRow);
  if (pack.documents.length > 0) {
    const d = pack.documents;
    await client.query(
      `INSERT INTO rule_pack_rules (pack_id, rule_id, kind, title, level, file, yaml)
       SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [created.id, d.map((x) => x.ruleId), d.map((x) => x.kind), d.map((x) => x.title), d.map((x) => x.level), d.map((x) => x.file), d.map((x) => x.yaml)],
    );
  }
  return created;
}

export async function packVersions(client: SqlClient, lineage: Lineage): Promise<PackVersion[]> {
  const { rows } = await client.query<PackRow>(`SELECT * FROM rule_packs WHERE ${VISIBLE} ORDER BY scope, name, version DESC`, [lineage.organizationId, lineage.tenantId]);
  return rows.map(toVersion);
}

/** A change to one level's setting of a rule. `undefined`: unchanged; `null`: inherit again. */
export interface SettingPatch {
  enabled?: boolean | null;
  level?: SigmaLevel | null;
  status?: string | null;
  exception?: Record<string, unknown> | null;
}

export async function upsertSetting(client: SqlClient, owner: RuleOwner, ruleId: string, patch: SettingPatch, updatedBy: string | null): Promise<void> {
  const fields = (["enabled", "level", "status", "exception"] as const).filter((f) => patch[f] !== undefined);
  const value = (f: (typeof fields)[number]): unknown => (f === "exception" && patch.exception ? JSON.stringify(patch.exception) : patch[f]);
  const casts: Record<(typeof fields)[number], string> = { enabled: "boolean", level: "text", status: "text", exception: "jsonb" };
  const set = fields.map((f, i) => `${f} = $${i + 6}::${casts[f]}`).join(", ");
  await client.query(
    `INSERT INTO rule_settings (scope, tenant_id, organization_id, rule_id, updated_by${fields.map((f) => `, ${f}`).join("")})
     VALUES ($1::"RuleScope", $2::uuid, $3::uuid, $4, $5${fields.map((f, i) => `, $${i + 6}::${casts[f]}`).join("")})
     ON CONFLICT (scope, (${OWNER_KEY}), rule_id)
     DO UPDATE SET updated_by = $5, updated_at = now()${set ? `, ${set}` : ""}`,
    [...ownerParams(owner), ruleId, updatedBy, ...fields.map(value)],
  );
}

/** The change counter the ingest registry polls. */
export async function rulesVersion(client: SqlClient): Promise<bigint> {
  const { rows } = await client.query<{ version: string }>("SELECT vigil_rules_version()::text AS version");
  return BigInt(rows[0]?.version ?? "0");
}

/**
 * Name -> values of the named lists a tenant's engine uses: its organization's lists, replaced by
 * the tenant's own list of the same name. Lists without values are left out (empty lists).
 */
export async function listValues(client: SqlClient, tenantId: string): Promise<Record<string, string[]>> {
  const { rows } = await client.query<{ name: string; values: string[] }>(
    `SELECT DISTINCT ON (l.name) l.name, l.values
       FROM detection_lists l
      WHERE l.tenant_id = $1::uuid
         OR l.organization_id = (SELECT t.organization_id FROM tenants t WHERE t.id = $1::uuid)
      ORDER BY l.name, (l.scope = 'TENANT') DESC`,
    [tenantId],
  );
  return Object.fromEntries(rows.filter((r) => r.values.length > 0).map((r) => [r.name, r.values]));
}
