// Two tenants (A, B) in two organizations with rows in every tenant-owned table; inserted as superuser.
import { randomUUID } from "node:crypto";
import pg from "pg";

export interface TenantFixture {
  orgId: string;
  tenantId: string;
}

export async function insertTenantRows(adminUrl: string, label: string): Promise<TenantFixture> {
  const orgId = randomUUID();
  const tenantId = randomUUID();
  const incidentId = randomUUID();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query("insert into organizations (id, name) values ($1, $2)", [orgId, `Org ${label}`]);
    await client.query("insert into tenants (id, organization_id, name, slug) values ($1, $2, $3, $4)", [tenantId, orgId, `Tenant ${label}`, `t-${label}-${tenantId.slice(0, 8)}`]);
    await client.query("insert into incidents (id, tenant_id, title, severity, group_key) values ($1, $2, $3, 'HIGH', 'g')", [incidentId, tenantId, `Incident ${label}`]);
    await client.query(
      `insert into alerts (tenant_id, rule_id, rule_title, severity, group_key, first_seen, last_seen, incident_id)
       values ($1, 'r1', $2, 'HIGH', 'g', now(), now(), $3), ($1, 'r2', $2, 'LOW', 'g', now(), now(), null)`,
      [tenantId, `Rule ${label}`, incidentId],
    );
    await client.query(
      `insert into events (tenant_id, ts, id, receiver, doc, raw)
       values ($1, now(), $2, 'hec', '{}', 'x'), ($1, now() - interval '1 day', $3, 'hec', '{}', 'y'),
              ($1, '2001-01-01T00:00:00Z', $4, 'ndjson', '{}', 'old')`,
      [tenantId, `ev-${label}-1`, `ev-${label}-2`, `ev-${label}-3`],
    );
    await client.query("insert into api_tokens (tenant_id, name, kind, prefix, hash) values ($1, 'tok', 'INGEST', 'vgl_abcd', $2)", [tenantId, `hash-${randomUUID()}`]);
    await client.query("insert into audit_log (tenant_id, action) values ($1, 'test.a'), ($1, 'test.b')", [tenantId]);
    await client.query("insert into dead_letters (tenant_id, receiver, reason, raw) values ($1, 'hec', 'bad json', '{')", [tenantId]);
    await client.query("insert into escalation_policies (tenant_id, primary_email, secondary_email) values ($1, 'a@x.test', 'b@x.test')", [tenantId]);
    return { orgId, tenantId };
  } finally {
    await client.end();
  }
}
