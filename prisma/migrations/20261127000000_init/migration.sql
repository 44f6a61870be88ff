-- CreateEnum
CREATE TYPE "OrganizationKind" AS ENUM ('DIRECT', 'MSSP');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OWNER', 'ADMIN', 'ANALYST', 'VIEWER');

-- CreateEnum
CREATE TYPE "TokenKind" AS ENUM ('INGEST', 'API');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'CLOSED');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "kind" "OrganizationKind" NOT NULL DEFAULT 'DIRECT',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "plan" TEXT NOT NULL DEFAULT 'free',
    "retention_days" INTEGER NOT NULL DEFAULT 90,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "disabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "tenant_id" UUID,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "TokenKind" NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "rule_id" TEXT NOT NULL,
    "rule_title" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "tactics" TEXT[],
    "techniques" TEXT[],
    "entities" JSONB NOT NULL DEFAULT '{}',
    "event_ids" TEXT[],
    "group_key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "incident_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'OPEN',
    "group_key" TEXT NOT NULL,
    "workflow_id" TEXT,
    "workflow_state" TEXT,
    "acknowledged_by" TEXT,
    "acknowledged_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalation_policies" (
    "tenant_id" UUID NOT NULL,
    "primary_email" TEXT NOT NULL,
    "secondary_email" TEXT NOT NULL,
    "ack_timeout_seconds" INTEGER NOT NULL DEFAULT 900,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "escalation_policies_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID,
    "organization_id" UUID,
    "actor_user_id" UUID,
    "actor_email" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "ip" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dead_letters" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "receiver" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateTable (hand-edited: range-partitioned by ts, see below)
CREATE TABLE "events" (
    "tenant_id" UUID NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "receiver" TEXT NOT NULL,
    "sourcetype" TEXT,
    "host" TEXT,
    "action" TEXT,
    "outcome" TEXT,
    "user_name" TEXT,
    "source_ip" TEXT,
    "doc" JSONB NOT NULL,
    "raw" TEXT NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("tenant_id","ts","id")
) PARTITION BY RANGE ("ts");

-- CreateIndex
CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants"("slug");

-- CreateIndex
CREATE INDEX "tenants_organization_id_idx" ON "tenants"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "memberships_organization_id_idx" ON "memberships"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_user_id_organization_id_tenant_id_key" ON "memberships"("user_id", "organization_id", "tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens"("hash");

-- CreateIndex
CREATE INDEX "api_tokens_tenant_id_idx" ON "api_tokens"("tenant_id");

-- CreateIndex
CREATE INDEX "alerts_tenant_id_created_at_idx" ON "alerts"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "alerts_tenant_id_rule_id_group_key_last_seen_idx" ON "alerts"("tenant_id", "rule_id", "group_key", "last_seen");

-- CreateIndex
CREATE INDEX "incidents_tenant_id_created_at_idx" ON "incidents"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "incidents_tenant_id_group_key_status_idx" ON "incidents"("tenant_id", "group_key", "status");

-- CreateIndex
CREATE INDEX "audit_log_tenant_id_created_at_idx" ON "audit_log"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_log_actor_email_action_created_at_idx" ON "audit_log"("actor_email", "action", "created_at");

-- CreateIndex
CREATE INDEX "dead_letters_tenant_id_received_at_idx" ON "dead_letters"("tenant_id", "received_at");

-- CreateIndex
CREATE INDEX "events_tenant_id_ts_idx" ON "events"("tenant_id", "ts");

-- AddForeignKey
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation_policies" ADD CONSTRAINT "escalation_policies_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ======================================================================================
-- Hand-written part: partitions, tenancy (row-level security), the application role,
-- append-only audit log and the SECURITY DEFINER functions that cross the tenant wall.
-- Everything below must run as the migration owner (a superuser or a BYPASSRLS role).
-- ======================================================================================

-- Events: daily range partitions events_pYYYYMMDD (UTC days) plus a DEFAULT partition, so an
-- event with any timestamp is accepted. Creating a day that already has rows in the DEFAULT
-- partition moves them into the new partition. Idempotent; returns the number of partitions created.
CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;

CREATE OR REPLACE FUNCTION vigil_ensure_event_partitions(from_day date, days int)
RETURNS int
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  day date;
  part text;
  lo timestamptz;
  hi timestamptz;
  created int := 0;
BEGIN
  IF days IS NULL OR days < 1 OR days > 366 THEN
    RAISE EXCEPTION 'days must be between 1 and 366, got %', days;
  END IF;
  FOR i IN 0 .. days - 1 LOOP
    day := from_day + i;
    part := 'events_p' || to_char(day, 'YYYYMMDD');
    CONTINUE WHEN to_regclass(format('public.%I', part)) IS NOT NULL;
    lo := day::timestamp AT TIME ZONE 'UTC';
    hi := (day + 1)::timestamp AT TIME ZONE 'UTC';
    IF EXISTS (SELECT 1 FROM events_default WHERE ts >= lo AND ts < hi) THEN
      EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS)', part);
      EXECUTE format(
        'WITH moved AS (DELETE FROM events_default WHERE ts >= %L AND ts < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
        lo, hi, part);
      EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    ELSE
      EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    END IF;
    created := created + 1;
  END LOOP;
  RETURN created;
END;
$$;

SELECT vigil_ensure_event_partitions((now() AT TIME ZONE 'UTC')::date - 7, 22);

-- Tenancy: the current transaction's tenants, from `select set_config('app.tenant_ids', 'uuid,uuid', true)`.
-- Unset or empty means no tenant: every policy below then matches nothing.
CREATE OR REPLACE FUNCTION vigil_current_tenants()
RETURNS uuid[]
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
  SELECT coalesce(string_to_array(NULLIF(current_setting('app.tenant_ids', true), ''), ',')::uuid[], '{}'::uuid[])
$$;

ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "tenants"
  USING ("id" = ANY (vigil_current_tenants())) WITH CHECK ("id" = ANY (vigil_current_tenants()));

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['api_tokens', 'alerts', 'incidents', 'escalation_policies', 'audit_log', 'dead_letters', 'events'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (vigil_current_tenants())) WITH CHECK (tenant_id = ANY (vigil_current_tenants()))',
      t);
  END LOOP;
END;
$$;

-- Audit log: append-only, for everyone (the application role has no UPDATE/DELETE grant either).
CREATE OR REPLACE FUNCTION vigil_audit_log_append_only()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION vigil_audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_audit_log_append_only();

-- Functions that must cross the tenant wall (owned by the migration owner, search_path pinned).

-- Ingest authentication: a token hash -> its tenant. Revoked tokens never resolve.
CREATE OR REPLACE FUNCTION vigil_resolve_token(token_hash text)
RETURNS TABLE (token_id uuid, tenant_id uuid, kind text)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
  RETURN QUERY
    UPDATE api_tokens AS t
       SET last_used_at = CASE
             WHEN t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute' THEN now()
             ELSE t.last_used_at END
     WHERE t.hash = token_hash AND t.revoked_at IS NULL
     RETURNING t.id, t.tenant_id, t.kind::text;
END;
$$;

-- Failed sign-ins for an email since a moment, not counting those before the last successful sign-in.
CREATE OR REPLACE FUNCTION vigil_failed_signins(email text, since timestamptz)
RETURNS int
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT count(*)::int
    FROM audit_log a
   WHERE a.actor_email = lower($1)
     AND a.action = 'auth.sign_in_failed'
     AND a.created_at >= greatest($2, coalesce((
           SELECT max(s.created_at) FROM audit_log s
            WHERE s.actor_email = lower($1) AND s.action = 'auth.sign_in'), '-infinity'::timestamptz))
$$;

-- Tenant-less audit rows (e.g. a failed sign-in, before any tenant is known). Returns the row id.
CREATE OR REPLACE FUNCTION vigil_audit_system(
  action text,
  actor_email text DEFAULT NULL,
  ip text DEFAULT NULL,
  details jsonb DEFAULT '{}'::jsonb,
  actor_user_id uuid DEFAULT NULL,
  target text DEFAULT NULL
)
RETURNS bigint
LANGUAGE sql
SECURITY DEFINER
SET search_path = public
AS $$
  INSERT INTO audit_log (tenant_id, action, actor_email, ip, details, actor_user_id, target)
  VALUES (NULL, $1, lower($2), $3, coalesce($4, '{}'::jsonb), $5, $6)
  RETURNING id
$$;

-- The tenants a user may enter, with the effective role: tenant memberships plus, for org-wide
-- memberships (tenant_id null, MSSP staff), every tenant of that organization. Disabled users get none.
CREATE OR REPLACE FUNCTION vigil_user_tenants(user_id uuid)
RETURNS TABLE (tenant_id uuid, tenant_name text, tenant_slug text, organization_id uuid,
               organization_name text, organization_kind text, role text, via text)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  WITH grants AS (
    SELECT t.id AS tid, m.role, 'tenant'::text AS via
      FROM memberships m
      JOIN users u ON u.id = m.user_id
      JOIN tenants t ON t.id = m.tenant_id AND t.organization_id = m.organization_id
     WHERE m.user_id = $1 AND u.disabled_at IS NULL
    UNION ALL
    SELECT t.id, m.role, 'organization'::text
      FROM memberships m
      JOIN users u ON u.id = m.user_id
      JOIN tenants t ON t.organization_id = m.organization_id
     WHERE m.user_id = $1 AND m.tenant_id IS NULL AND u.disabled_at IS NULL
  ), best AS (
    -- Role enum order is OWNER, ADMIN, ANALYST, VIEWER: the first is the strongest grant.
    SELECT DISTINCT ON (g.tid) g.tid, g.role, g.via FROM grants g ORDER BY g.tid, g.role, g.via DESC
  )
  SELECT t.id, t.name, t.slug, o.id, o.name, o.kind::text, b.role::text, b.via
    FROM best b
    JOIN tenants t ON t.id = b.tid
    JOIN organizations o ON o.id = t.organization_id
   ORDER BY o.name, t.name, t.id
$$;

-- Whether a tenant slug is already used by any tenant (sign-up picks a free one).
CREATE OR REPLACE FUNCTION vigil_tenant_slug_taken(slug text)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT EXISTS (SELECT 1 FROM tenants t WHERE t.slug = $1)
$$;

-- The application role. Dev scripts create it WITH LOGIN (and a password) before migrating;
-- when the migration has to create it, it cannot log in until an operator allows it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_app') THEN
    CREATE ROLE vigil_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END;
$$;

GRANT USAGE ON SCHEMA public TO vigil_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "organizations", "users", "memberships" TO vigil_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "tenants", "api_tokens", "alerts", "incidents",
  "escalation_policies", "dead_letters", "events" TO vigil_app;
GRANT SELECT, INSERT ON "audit_log" TO vigil_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO vigil_app;

REVOKE ALL ON FUNCTION vigil_ensure_event_partitions(date, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION vigil_resolve_token(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION vigil_failed_signins(text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION vigil_audit_system(text, text, text, jsonb, uuid, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION vigil_tenant_slug_taken(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION vigil_user_tenants(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_current_tenants() TO vigil_app;
GRANT EXECUTE ON FUNCTION vigil_ensure_event_partitions(date, int) TO vigil_app;
GRANT EXECUTE ON FUNCTION vigil_resolve_token(text) TO vigil_app;
GRANT EXECUTE ON FUNCTION vigil_failed_signins(text, timestamptz) TO vigil_app;
GRANT EXECUTE ON FUNCTION vigil_audit_system(text, text, text, jsonb, uuid, text) TO vigil_app;
GRANT EXECUTE ON FUNCTION vigil_tenant_slug_taken(text) TO vigil_app;
GRANT EXECUTE ON FUNCTION vigil_user_tenants(uuid) TO vigil_app;
