-- Named lists (watchlists): the values of the `%Name%` placeholders that Sigma rules use with
-- `|expand` (domain controllers, administrators, approved countries, ...). Owned by a tenant or by
-- an organization (an MSSP's list applies to all its tenants; a tenant's list of the same name
-- replaces it for that tenant), with the same visibility and write rules as rule settings. A rule
-- whose list is missing or empty compiles with an empty list there and is reported by detection
-- health as waiting for it. Changing a list bumps the rule change counter, so the ingest registry
-- recompiles the affected engines within its poll interval.
CREATE TABLE "detection_lists" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "scope" "RuleScope" NOT NULL,
  "organization_id" UUID,
  "tenant_id" UUID,
  "name" TEXT NOT NULL CHECK ("name" ~ '^[A-Za-z0-9_.-]{1,100}$'),
  "values" TEXT[] NOT NULL DEFAULT '{}',
  "description" TEXT NOT NULL DEFAULT '',
  "updated_by" TEXT,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "detection_lists_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "detection_lists_owner" CHECK (
    ("scope" = 'TENANT' AND "tenant_id" IS NOT NULL AND "organization_id" IS NULL)
    OR ("scope" = 'ORGANIZATION' AND "organization_id" IS NOT NULL AND "tenant_id" IS NULL)
  ),
  CONSTRAINT "detection_lists_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "detection_lists_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "detection_lists_owner_name_key" ON "detection_lists" ("scope", (coalesce("tenant_id", "organization_id")), "name");
CREATE INDEX "detection_lists_organization_id_idx" ON "detection_lists" ("organization_id");
CREATE INDEX "detection_lists_tenant_id_idx" ON "detection_lists" ("tenant_id");

ALTER TABLE "detection_lists" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "detection_lists" FORCE ROW LEVEL SECURITY;
CREATE POLICY list_read ON "detection_lists" FOR SELECT USING (vigil_rule_owner_visible(scope, organization_id, tenant_id));
CREATE POLICY list_insert ON "detection_lists" FOR INSERT WITH CHECK (vigil_rule_owner_writable(scope, organization_id, tenant_id));
CREATE POLICY list_update ON "detection_lists" FOR UPDATE
  USING (vigil_rule_owner_writable(scope, organization_id, tenant_id)) WITH CHECK (vigil_rule_owner_writable(scope, organization_id, tenant_id));
CREATE POLICY list_delete ON "detection_lists" FOR DELETE USING (vigil_rule_owner_writable(scope, organization_id, tenant_id));
GRANT SELECT, INSERT, UPDATE, DELETE ON "detection_lists" TO vigil_app;

CREATE TRIGGER detection_lists_bump_version AFTER INSERT OR UPDATE OR DELETE ON "detection_lists"
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_bump_rules_version();
