-- Named lists of a tenant (watchlists): the values of the `%Name%` placeholders that Sigma rules
-- use with `|expand` (domain controllers, administrators, approved countries, ...). A rule whose
-- list is missing or empty compiles with an empty list there and is reported by detection health
-- as waiting for it. Changing a list bumps the rule change counter, so the ingest registry
-- recompiles the tenant's engine within its poll interval.
CREATE TABLE "detection_lists" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id" UUID NOT NULL,
  "name" TEXT NOT NULL CHECK ("name" ~ '^[A-Za-z0-9_.-]{1,100}$'),
  "values" TEXT[] NOT NULL DEFAULT '{}',
  "description" TEXT NOT NULL DEFAULT '',
  "updated_by" TEXT,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "detection_lists_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "detection_lists_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "detection_lists_tenant_id_name_key" ON "detection_lists"("tenant_id", "name");

ALTER TABLE "detection_lists" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "detection_lists" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "detection_lists"
  USING (tenant_id = ANY (vigil_current_tenants())) WITH CHECK (tenant_id = ANY (vigil_current_tenants()));
GRANT SELECT, INSERT, UPDATE, DELETE ON "detection_lists" TO vigil_app;

CREATE TRIGGER detection_lists_bump_version AFTER INSERT OR UPDATE OR DELETE ON "detection_lists"
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_bump_rules_version();
