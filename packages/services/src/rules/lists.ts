// A tenant's named lists (watchlists): the values of the `%Name%` placeholders that Sigma rules use
// with `|expand` (domain controllers, administrators, approved countries, ...). Rules compile
// without them: a missing or empty list is an empty list there (an item made only of it matches
// nothing) and detection health lists the rules waiting for it. Saving a list bumps the rule
// change counter (trigger), so ingest recompiles the tenant's engine within its poll interval.
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { requireRole } from "../tenancy/roles";
import { audit } from "./access";
import { resolveTenantRules } from "./effective";
import { engineSources } from "./engine-sources";
import { analyseSet } from "./list-rules";
import type { SqlClient } from "./store";
import { tenantOrganization } from "./store";

/** The placeholder token the detection package reads (`%name%`). */
export const LIST_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
export const MAX_LIST_VALUES = 10_000;
export const MAX_LIST_VALUE_LENGTH = 1_000;

export interface DetectionList {
  name: string;
  values: string[];
  description: string;
  updatedBy: string | null;
  updatedAt: Date;
}

export interface ListsView {
  lists: DetectionList[];
  /** Every placeholder the tenant's enabled rules use, with those rules, and whether it has values. */
  used: { name: string; filled: boolean; rules: { ruleId: string; title: string }[] }[];
}

interface ListRow {
  name: string;
  values: string[];
  description: string;
  updated_by: string | null;
  updated_at: Date;
}

async function readLists(client: SqlClient, tenantId: string): Promise<DetectionList[]> {
  const { rows } = await client.query<ListRow>(
    "SELECT name, values, description, updated_by, updated_at FROM detection_lists WHERE tenant_id = $1::uuid ORDER BY lower(name), name",
    [tenantId],
  );
  return rows.map((r) => ({ name: r.name, values: r.values, description: r.description, updatedBy: r.updated_by, updatedAt: r.updated_at }));
}

export async function listDetectionLists(deps: ServiceDeps, ctx: TenantContext): Promise<ListsView> {
  const [rules, lists] = await deps.db.withTenantClient(ctx.tenantId, async (client) => [await resolveTenantRules(client, ctx.tenantId), await readLists(client, ctx.tenantId)] as const);
  const values = Object.fromEntries(lists.filter((l) => l.values.length > 0).map((l) => [l.name, l.values]));
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
 * Creates or replaces a list (values are Sigma strings: `*` and `?` are wildcards, `\` escapes).
 * Needs ADMIN in the tenant, like every change to its rules.
 */
export async function setDetectionList(
  deps: ServiceDeps,
  ctx: TenantContext,
  input: { name: string; values: readonly string[]; description?: string },
): Promise<DetectionList> {
  requireRole(ctx.role, "ADMIN");
  checkName(input.name);
  const values = cleanValues(input.values);
  const description = (input.description ?? "").trim().slice(0, 500);
  return deps.db.withTenantClient(ctx.tenantId, async (client) => {
    const { rows } = await client.query<ListRow>(
      `INSERT INTO detection_lists (tenant_id, name, values, description, updated_by, updated_at)
       VALUES ($1::uuid, $2, $3::text[], $4, $5, now())
       ON CONFLICT (tenant_id, name) DO UPDATE SET values = excluded.values, description = excluded.description,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at
       RETURNING name, values, description, updated_by, updated_at`,
      [ctx.tenantId, input.name, values, description, ctx.email ?? ctx.userId ?? null],
    );
    await audit(client, ctx, await tenantOrganization(client, ctx.tenantId), "rules.list_set", `list:${input.name}`, { values: values.length });
    const r = rows[0] as ListRow;
    return { name: r.name, values: r.values, description: r.description, updatedBy: r.updated_by, updatedAt: r.updated_at };
  });
}

export async function deleteDetectionList(deps: ServiceDeps, ctx: TenantContext, name: string): Promise<void> {
  requireRole(ctx.role, "ADMIN");
  checkName(name);
  await deps.db.withTenantClient(ctx.tenantId, async (client) => {
    const { rows } = await client.query<{ name: string }>("DELETE FROM detection_lists WHERE tenant_id = $1::uuid AND name = $2 RETURNING name", [ctx.tenantId, name]);
    if (rows.length === 0) throw new AppError("NOT_FOUND", `name: no list "${name}" in this tenant`);
    await audit(client, ctx, await tenantOrganization(client, ctx.tenantId), "rules.list_delete", `list:${name}`, {});
  });
}
