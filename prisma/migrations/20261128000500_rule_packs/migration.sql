-- Rule management: rule packs (versioned imports of Sigma YAML) and per-level rule settings, at three
-- scopes: GLOBAL (no owner), ORGANIZATION (an MSSP: applies to all its tenants), TENANT.
-- The tenant's effective rule set is resolved by @vigil/services/rules (global < organization < tenant).

CREATE TYPE "RuleScope" AS ENUM ('GLOBAL', 'ORGANIZATION', 'TENANT');

-- One row per imported version of a pack (scope + owner + name). The newest version is the active one;
-- older versions are kept (with their rules) for history and audit.
CREATE TABLE "rule_packs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "scope" "RuleScope" NOT NULL,
    "organization_id" UUID,
    "tenant_id" UUID,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content_hash" TEXT NOT NULL,
    "rule_count" INTEGER NOT NULL,
    -- Rules that failed validation at import: [{ "file": ..., "reason": ... }] (not stored as rules).
    "errors" JSONB NOT NULL DEFAULT '[]',
    "imported_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "rule_packs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "rule_packs_owner_check" CHECK (
      ("scope" = 'GLOBAL' AND "organization_id" IS NULL AND "tenant_id" IS NULL) OR
      ("scope" = 'ORGANIZATION' AND "organization_id" IS NOT NULL AND "tenant_id" IS NULL) OR
      ("scope" = 'TENANT' AND "tenant_id" IS NOT NULL AND "organization_id" IS NULL)),
    CONSTRAINT "rule_packs_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "rule_packs_owner_name_version_key" ON "rule_packs"
  ("scope", (coalesce("tenant_id", "organization_id", '00000000-0000-0000-0000-000000000000'::uuid)), "name", "version");
CREATE INDEX "rule_packs_organization_id_idx" ON "rule_packs" ("organization_id");
CREATE INDEX "rule_packs_tenant_id_idx" ON "rule_packs" ("tenant_id");
ALTER TABLE "rule_packs" ADD CONSTRAINT "rule_packs_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE;
ALTER TABLE "rule_packs" ADD CONSTRAINT "rule_packs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE;

-- One YAML document per rule (rule, correlation or Sigma filter), stored verbatim as imported.
CREATE TABLE "rule_pack_rules" (
    "pack_id" UUID NOT NULL,
    "rule_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "level" TEXT,
    "file" TEXT NOT NULL,
    "yaml" TEXT NOT NULL,
    CONSTRAINT "rule_pack_rules_pkey" PRIMARY KEY ("pack_id", "rule_id"),
    CONSTRAINT "rule_pack_rules_kind_check" CHECK ("kind" IN ('rule', 'correlation', 'filter'))
);
ALTER TABLE "rule_pack_rules" ADD CONSTRAINT "rule_pack_rules_pack_id_fkey" FOREIGN KEY ("pack_id") REFERENCES "rule_packs"("id") ON DELETE CASCADE;

-- Per-level settings of one rule (by Sigma id): enable/disable and overrides. NULL = inherit.
CREATE TABLE "rule_settings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "scope" "RuleScope" NOT NULL,
    "organization_id" UUID,
    "tenant_id" UUID,
    "rule_id" TEXT NOT NULL,
    "enabled" BOOLEAN,
    "level" TEXT,
    "status" TEXT,
    -- A Sigma selection map; matching events are excepted (a generated Sigma filter `not exception`).
    "exception" JSONB,
    "updated_by" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "rule_settings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "rule_settings_owner_check" CHECK (
      ("scope" = 'GLOBAL' AND "organization_id" IS NULL AND "tenant_id" IS NULL) OR
      ("scope" = 'ORGANIZATION' AND "organization_id" IS NOT NULL AND "tenant_id" IS NULL) OR
      ("scope" = 'TENANT' AND "tenant_id" IS NOT NULL AND "organization_id" IS NULL)),
    CONSTRAINT "rule_settings_level_check" CHECK ("level" IS NULL OR "level" IN ('informational', 'low', 'medium', 'high', 'critical'))
);
CREATE UNIQUE INDEX "rule_settings_owner_rule_key" ON "rule_settings"
  ("scope", (coalesce("tenant_id", "organization_id", '00000000-0000-0000-0000-000000000000'::uuid)), "rule_id");
CREATE INDEX "rule_settings_organization_id_idx" ON "rule_settings" ("organization_id");
CREATE INDEX "rule_settings_tenant_id_idx" ON "rule_settings" ("tenant_id");
ALTER TABLE "rule_settings" ADD CONSTRAINT "rule_settings_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE;
ALTER TABLE "rule_settings" ADD CONSTRAINT "rule_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE;

-- Row-level security. These tables hold rows of three scopes, so the policy is the tenant policy
-- widened to what a tenant inherits: a transaction for tenant T sees GLOBAL rows, rows of T's
-- organization and rows of T; it may write only rows of T or of T's organization (the use cases
-- check the role: organization rows need an organization-wide ADMIN). GLOBAL rows are written
-- only by the migration owner (the `vigil rules import --scope global` command line).
CREATE OR REPLACE FUNCTION vigil_rule_owner_visible(scope "RuleScope", organization_id uuid, tenant_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
AS $$
  SELECT $1 = 'GLOBAL'
      OR $3 = ANY (vigil_current_tenants())
      OR $2 IN (SELECT t.organization_id FROM tenants t WHERE t.id = ANY (vigil_current_tenants()))
$$;

CREATE OR REPLACE FUNCTION vigil_rule_owner_writable(scope "RuleScope", organization_id uuid, tenant_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
AS $$
  SELECT $1 <> 'GLOBAL' AND vigil_rule_owner_visible($1, $2, $3)
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['rule_packs', 'rule_settings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY rule_read ON %I FOR SELECT USING (vigil_rule_owner_visible(scope, organization_id, tenant_id))', t);
    EXECUTE format('CREATE POLICY rule_insert ON %I FOR INSERT WITH CHECK (vigil_rule_owner_writable(scope, organization_id, tenant_id))', t);
    EXECUTE format('CREATE POLICY rule_update ON %I FOR UPDATE USING (vigil_rule_owner_writable(scope, organization_id, tenant_id)) WITH CHECK (vigil_rule_owner_writable(scope, organization_id, tenant_id))', t);
    EXECUTE format('CREATE POLICY rule_delete ON %I FOR DELETE USING (vigil_rule_owner_writable(scope, organization_id, tenant_id))', t);
  END LOOP;
END;
$$;

-- A pack's rules follow their pack (the subquery is itself filtered by rule_packs' policies).
ALTER TABLE "rule_pack_rules" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "rule_pack_rules" FORCE ROW LEVEL SECURITY;
CREATE POLICY rule_read ON "rule_pack_rules" FOR SELECT
  USING (EXISTS (SELECT 1 FROM rule_packs p WHERE p.id = pack_id));
CREATE POLICY rule_insert ON "rule_pack_rules" FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM rule_packs p WHERE p.id = pack_id AND p.scope <> 'GLOBAL'));

-- A change counter the ingest process polls (every few seconds) to pick up imports, enable/disable and
-- overrides without a restart. Bumped by a statement trigger; read through a SECURITY DEFINER function.
CREATE TABLE "rule_config_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "rule_config_state_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "rule_config_state_single_row" CHECK ("id" = 1)
);
INSERT INTO "rule_config_state" ("id", "version") VALUES (1, 0);

CREATE OR REPLACE FUNCTION vigil_bump_rules_version()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
  UPDATE rule_config_state SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER rule_packs_bump_version AFTER INSERT OR UPDATE OR DELETE ON "rule_packs"
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_bump_rules_version();
CREATE TRIGGER rule_settings_bump_version AFTER INSERT OR UPDATE OR DELETE ON "rule_settings"
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_bump_rules_version();

CREATE OR REPLACE FUNCTION vigil_rules_version()
RETURNS bigint
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT version FROM rule_config_state WHERE id = 1
$$;

REVOKE ALL ON FUNCTION vigil_bump_rules_version() FROM PUBLIC;
REVOKE ALL ON FUNCTION vigil_rules_version() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_rules_version() TO vigil_app;
GRANT EXECUTE ON FUNCTION vigil_rule_owner_visible("RuleScope", uuid, uuid) TO vigil_app;
GRANT EXECUTE ON FUNCTION vigil_rule_owner_writable("RuleScope", uuid, uuid) TO vigil_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "rule_packs", "rule_settings" TO vigil_app;
GRANT SELECT, INSERT ON "rule_pack_rules" TO vigil_app;
