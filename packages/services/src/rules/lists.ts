// Named lists (watchlists): the values of the `%Name%` placeholders that Sigma rules use with
// `|expand` (domain controllers, administrators, approved countries, ...), owned by a tenant or by
// its organization (an MSSP's list applies to every tenant of it; a tenant's list of the same name
// replaces it there). Rules compile without them: a missing or empty list is an empty list (an
// item made only of it matches nothing) and detection health lists the rules waiting for it.
// Saving a list bumps the rule change counter (trigger), so ingest recompiles within its poll.
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { audit, writableOwner } from "./access";
import type { WritableScope } from "./access";
import { resolveTenantRules } from "./effective";
import { engineSources } from "./engine-sources";
import { analyseSet } from "./list-rules";
import type { SqlClient } from "./store";
import { listValues } from "./store";

/** The placeholder token the detection package reads (`%name%`). */
export const LIST_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
export const MAX_LIST_VALUES = 10_000;
export const MAX_LIST_VALUE_LENGTH = 1_000;

export interface DetectionList {
  /** Who owns it: the tenant, or its organization (every tenant of it). */
  scope: WritableScope;
  name: string;
  values: string[];
  description: string;
  updatedBy: string | null;
  updatedAt: Date;
  /** An organization's list replaced for this tenant by the tenant's own list of the same name. */
  overridden: boolean;
}

export interface ListsView {
  /** The organization's lists and the tenant's own. */
  lists: DetectionList[];
  /** Every placeholder the tenant's enabled rules use, with those rules, and whether it has values. */
  used: { name: string; filled: boolean; rules: { ruleId: string; title: string }[] }[];
}

interface ListRow {
  scope: WritableScope;
  name: string;
  values: string[];
  description: string;
  updated_by: string | null;
  updated_at: Date;
}

const COLUMNS = "scope, name, values, description, updated_by, updated_at";
const fromRow = (r: ListRow, overridden = false): DetectionList => ({
  scope: r.scope, name: r.name, values: r.values, description: r.description, updatedBy: r.updated_by, updatedAt: r.updated_at, overridden,
});

async function readLists(client: SqlClient, tenantId: string): Promise<DetectionList[]> {
  const { rows } = await client.query<ListRow>(
    `SELECT ${COLUMNS} FROM detection_lists
      WHERE tenant_id = $1::uuid OR organization_id = (SELECT t.organization_id FROM tenants t WHERE t.id = $1::uuid)
      ORDER BY lower(name), name, scope`,
    [tenantId],
  );
  const own = new Set(rows.filter((r) => r.scope === "TENANT").map((r) => r.name));
  return rows.map((r) => fromRow(r, r.scope === "ORGANIZATION" && own.has(r.name)));
}

export async function listDetectionLists(deps: ServiceDeps, ctx: TenantContext): Promise<ListsView> {
  const [rules, lists, values] = await deps.db.withTenantClient(ctx.tenantId, async (client) => [
    await resolveTenantRules(client, ctx.tenantId), await readLists(client, ctx.tenantId), await listValues(client, ctx.tenantId),
  ] as const);
  const { placeholderUse } = analyseSet(engineSources(rules, values));
  const used = [...placeholderUse]
    .map(([name, users]) => ({ name, filled: name in values, rules: users }))
    .sort((a, b) => Number(a.filled) - Number(b.filled) || a.name.localeCompare(b.name));
  return { lists, used };
}

/** Checked, trimmed, de-duplicated values (order kept); errors say which value and why. */
function cleanValues(values: readonly string[]): string[] {
  if (values.length > MAX_LIST_VALUES) throw new AppError("BAD_REQUEST", `values: at most ${MAX_LIST_VALUES} values (got ${values.length})`);
  const out = new Set<string>();
  values.forEach((raw, i) => {
    const value = raw.trim();
    if (value === "") return;
    if (value.length > MAX_LIST_VALUE_LENGTH) throw new AppError("BAD_REQUEST", `values.${i}: longer than ${MAX_LIST_VALUE_LENGTH} characters`);
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new AppError("BAD_REQUEST", `values.${i}: control characters are not allowed`);
    out.add(value);
  });
  return [...out];
}

function checkName(name: string): void {
  if (!LIST_NAME.test(name)) throw new AppError("BAD_REQUEST", `name: "${name.slice(0, 120)}" is not a list name (letters, digits, _ . -, at most 100, as in %Name%)`);
}

/**
 * Creates or replaces a list (values are Sigma strings: `*` and `?` are wildcards, `\` escapes)
 * at the tenant's level (ADMIN in the tenant) or its organization's (organization-wide ADMIN).
 */
export async function setDetectionList(
  deps: ServiceDeps,
  ctx: TenantContext,
  input: { scope?: WritableScope; name: string; values: readonly string[]; description?: string },
): Promise<DetectionList> {
  checkName(input.name);
  const values = cleanValues(input.values);
  const description = (input.description ?? "").trim().slice(0, 500);
  const scope = input.scope ?? "TENANT";
  return deps.db.withTenantClient(ctx.tenantId, async (client) => {
    const owner = await writableOwner(deps, client, ctx, scope);
    const { rows } = await client.query<ListRow>(
      `INSERT INTO detection_lists (scope, organization_id, tenant_id, name, values, description, updated_by, updated_at)
       VALUES ($1::"RuleScope", $2::uuid, $3::uuid, $4, $5::text[], $6, $7, now())
       ON CONFLICT (scope, (coalesce(tenant_id, organization_id)), name) DO UPDATE SET values = excluded.values,
         description = excluded.description, updated_by = excluded.updated_by, updated_at = excluded.updated_at
       RETURNING ${COLUMNS}`,
      [scope, scope === "ORGANIZATION" ? owner.organizationId : null, owner.tenantId, input.name, values, description, ctx.email ?? ctx.userId ?? null],
    );
    await audit(client, ctx, owner.organizationId, "rules.list_set", `${scope.toLowerCase()}:list:${input.name}`, { values: values.length });
    return fromRow(rows[0] as ListRow);
  });
}

export async function deleteDetectionList(deps: ServiceDeps, ctx: TenantContext, input: { scope?: WritableScope; name: string }): Promise<void> {
  checkName(input.name);
  const scope = input.scope ?? "TENANT";
  await deps.db.withTenantClient(ctx.tenantId, async (client) => {
    const owner = await writableOwner(deps, client, ctx, scope);
    const { rows } = await client.query<{ name: string }>(
      "DELETE FROM detection_lists WHERE scope = $1::\"RuleScope\" AND coalesce(tenant_id, organization_id) = $2::uuid AND name = $3 RETURNING name",
      [scope, scope === "ORGANIZATION" ? owner.organizationId : owner.tenantId, input.name],
    );
    const where = scope === "ORGANIZATION" ? "this organization" : "this tenant";
    if (rows.length === 0) throw new AppError("NOT_FOUND", `name: no list "${input.name}" in ${where}`);
    await audit(client, ctx, owner.organizationId, "rules.list_delete", `${scope.toLowerCase()}:list:${input.name}`, {});
  });
}
