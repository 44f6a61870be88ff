-- Alert triage: dispositions on alerts, tenant exceptions and snoozes applied where detections are
-- recorded (with a suppressed count each), detection latency per alert, and the rule load report
-- ingest publishes for the detection-health page. Hand-written; runs as the migration owner.

CREATE TYPE "AlertDisposition" AS ENUM ('TRUE_POSITIVE', 'BENIGN', 'FALSE_POSITIVE');

ALTER TABLE "alerts"
  ADD COLUMN "disposition" "AlertDisposition",
  ADD COLUMN "disposition_note" TEXT,
  ADD COLUMN "disposition_by" TEXT,
  ADD COLUMN "disposition_at" TIMESTAMPTZ(3),
  -- Wall clock at creation minus the newest matched event's time: event ts -> alert latency.
  ADD COLUMN "detect_lag_ms" INTEGER;

CREATE INDEX "alerts_tenant_id_last_seen_idx" ON "alerts"("tenant_id", "last_seen");
CREATE INDEX "alerts_tenant_id_rule_id_created_at_idx" ON "alerts"("tenant_id", "rule_id", "created_at");

-- An exception (or a snooze: an exception with an expiry, made from the alert list) suppresses a
-- rule's matches (rule_id null: every rule) whose fields satisfy all `conditions`
-- ([{field, op: equals|contains|cidr, value}]); `suppressed_count` counts what it hid.
CREATE TABLE "alert_exceptions" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id" UUID NOT NULL,
  "kind" TEXT NOT NULL DEFAULT 'exception' CHECK ("kind" IN ('exception', 'snooze')),
  "rule_id" TEXT,
  "rule_title" TEXT,
  "conditions" JSONB NOT NULL DEFAULT '[]',
  "reason" TEXT NOT NULL DEFAULT '',
  "source_alert_id" UUID,
  "expires_at" TIMESTAMPTZ(3),
  "created_by" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "suppressed_count" BIGINT NOT NULL DEFAULT 0,
  "last_suppressed_at" TIMESTAMPTZ(3),
  CONSTRAINT "alert_exceptions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "alert_exceptions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "alert_exceptions_source_alert_id_fkey" FOREIGN KEY ("source_alert_id") REFERENCES "alerts"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "alert_exceptions_tenant_id_expires_at_idx" ON "alert_exceptions"("tenant_id", "expires_at");

ALTER TABLE "alert_exceptions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "alert_exceptions" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "alert_exceptions"
  USING (tenant_id = ANY (vigil_current_tenants())) WITH CHECK (tenant_id = ANY (vigil_current_tenants()));
GRANT SELECT, INSERT, UPDATE, DELETE ON "alert_exceptions" TO vigil_app;

-- What a detection engine loaded (rules, and rules that failed to compile), published by the
-- process running it. tenant_id null = the rule set every tenant gets (today's built-in pack);
-- a tenant row (per-tenant packs) overrides it for that tenant. One row per (source, tenant).
CREATE TABLE "detection_rule_loads" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id" UUID,
  "source" TEXT NOT NULL,
  "rules" JSONB NOT NULL DEFAULT '[]',
  "failed" JSONB NOT NULL DEFAULT '[]',
  "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "detection_rule_loads_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "detection_rule_loads_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "detection_rule_loads_source_tenant_key" ON "detection_rule_loads"("source", COALESCE("tenant_id", '00000000-0000-0000-0000-000000000000'::uuid));

ALTER TABLE "detection_rule_loads" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "detection_rule_loads" FORCE ROW LEVEL SECURITY;
-- Shared rows (tenant_id null) are readable and writable from any context, including withSystem.
CREATE POLICY tenant_isolation ON "detection_rule_loads"
  USING (tenant_id IS NULL OR tenant_id = ANY (vigil_current_tenants()))
  WITH CHECK (tenant_id IS NULL OR tenant_id = ANY (vigil_current_tenants()));
GRANT SELECT, INSERT, UPDATE, DELETE ON "detection_rule_loads" TO vigil_app;
