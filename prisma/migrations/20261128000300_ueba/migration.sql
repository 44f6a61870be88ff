-- Behaviour analytics (UEBA): per-tenant streaming state, closed feature windows, versioned
-- models, anomalies and entity risk. Every table is tenant-owned (RLS like the init migration).

-- Streaming state of one window series ("hour", "day") of a tenant: the feature accumulator's
-- snapshot (open windows, first-seen sets, time-of-day histograms) and the event-time watermark,
-- so a restarted ingest resumes where it stopped.
CREATE TABLE "ueba_state" (
  "tenant_id"  uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "series"     text NOT NULL,
  "snapshot"   jsonb NOT NULL,
  "watermark"  timestamptz(3) NOT NULL,
  "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("tenant_id", "series")
);

-- Entity risk engine state (decaying risk, windows already counted, last alert) of a tenant.
CREATE TABLE "ueba_risk_state" (
  "tenant_id"  uuid PRIMARY KEY REFERENCES "tenants"("id") ON DELETE CASCADE,
  "snapshot"   jsonb NOT NULL,
  "updated_at" timestamptz(3) NOT NULL DEFAULT now()
);

-- Closed feature windows: the training set of the next model and the entity timeline.
CREATE TABLE "ueba_feature_windows" (
  "tenant_id"     uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "series"        text NOT NULL,
  "entity"        text NOT NULL,
  "window_start"  timestamptz(3) NOT NULL,
  "kind"          text NOT NULL,
  "peer"          text,
  "first_at"      timestamptz(3) NOT NULL,
  "last_at"       timestamptz(3) NOT NULL,
  "event_count"   integer NOT NULL,
  "values"        double precision[] NOT NULL,
  "countries"     text[] NOT NULL DEFAULT '{}',
  "usual_minutes" integer[],
  "score"         double precision,
  PRIMARY KEY ("tenant_id", "series", "entity", "window_start")
);
CREATE INDEX "ueba_feature_windows_tenant_series_start_idx" ON "ueba_feature_windows" ("tenant_id", "series", "window_start");

-- Trained models, versioned per tenant: weights + normalization (baselines) + seed + metrics.
CREATE TABLE "ueba_models" (
  "id"            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "tenant_id"     uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "version"       integer NOT NULL,
  "series"        text NOT NULL,
  "kind"          text NOT NULL,
  "seed"          integer NOT NULL,
  "backend"       text NOT NULL,
  "trained_at"    timestamptz(3) NOT NULL DEFAULT now(),
  "training_rows" integer NOT NULL,
  "prior_rows"    integer NOT NULL DEFAULT 0,
  "threshold"     double precision NOT NULL,
  "metrics"       jsonb NOT NULL DEFAULT '{}',
  "meta"          jsonb NOT NULL,
  "baselines"     jsonb NOT NULL,
  "topology"      jsonb,
  "weight_specs"  jsonb,
  "weights"       bytea,
  UNIQUE ("tenant_id", "series", "version")
);

-- Anomalous windows (scored early while open, then again when closed: one row, highest score).
CREATE TABLE "ueba_anomalies" (
  "id"            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "tenant_id"     uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "series"        text NOT NULL,
  "entity"        text NOT NULL,
  "window_start"  timestamptz(3) NOT NULL,
  "at"            timestamptz(3) NOT NULL,
  "detected_at"   timestamptz(3) NOT NULL DEFAULT now(),
  "score"         double precision NOT NULL,
  "threshold"     double precision NOT NULL,
  "early"         boolean NOT NULL,
  "risk"          double precision NOT NULL,
  "model_version" integer NOT NULL,
  "explanations"  jsonb NOT NULL,
  "alert_id"      uuid REFERENCES "alerts"("id") ON DELETE SET NULL,
  UNIQUE ("tenant_id", "series", "entity", "window_start")
);
CREATE INDEX "ueba_anomalies_tenant_entity_at_idx" ON "ueba_anomalies" ("tenant_id", "entity", "at");

-- Current risk per entity (the "top risky entities" list); decays from risk_at at read time.
CREATE TABLE "ueba_entity_risk" (
  "tenant_id"     uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "entity"        text NOT NULL,
  "kind"          text NOT NULL,
  "risk"          double precision NOT NULL,
  "risk_at"       timestamptz(3) NOT NULL,
  "peak_risk"     double precision NOT NULL,
  "anomalies"     integer NOT NULL DEFAULT 0,
  "last_alert_id" uuid REFERENCES "alerts"("id") ON DELETE SET NULL,
  "last_alert_at" timestamptz(3),
  "updated_at"    timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("tenant_id", "entity")
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ueba_state', 'ueba_risk_state', 'ueba_feature_windows', 'ueba_models', 'ueba_anomalies', 'ueba_entity_risk'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (vigil_current_tenants())) WITH CHECK (tenant_id = ANY (vigil_current_tenants()))',
      t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO vigil_app', t);
  END LOOP;
END $$;

-- The tenants with UEBA activity, for the scheduled training that iterates tenants (tenant ids
-- only, no data). SECURITY DEFINER like vigil_user_tenants: the application role cannot list
-- tenants under RLS; it reads each tenant's windows afterwards with that tenant set.
CREATE OR REPLACE FUNCTION vigil_ueba_tenants()
RETURNS SETOF uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT DISTINCT tenant_id FROM ueba_state
$$;
REVOKE ALL ON FUNCTION vigil_ueba_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_ueba_tenants() TO vigil_app;
