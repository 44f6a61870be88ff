-- A token's default source type (Splunk HEC's per-token "Source type"): events sent with the token
-- that name none get it, and when it names a Vigil format, HEC raw lines are parsed as that format
-- instead of being detected line by line. For shippers that cannot add ?sourcetype= to the URL.
ALTER TABLE "api_tokens"
  ADD COLUMN "sourcetype" TEXT,
  ADD CONSTRAINT "api_tokens_sourcetype_check" CHECK ("sourcetype" IS NULL OR "sourcetype" ~ '^[A-Za-z0-9_.:-]{1,100}$');

-- The ingest processes read it with the token's tenant: the function's result gains a column.
DROP FUNCTION vigil_resolve_token(text);
CREATE FUNCTION vigil_resolve_token(token_hash text)
RETURNS TABLE (token_id uuid, tenant_id uuid, kind text, sourcetype text)
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
     RETURNING t.id, t.tenant_id, t.kind::text, t.sourcetype;
END;
$$;
REVOKE ALL ON FUNCTION vigil_resolve_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_resolve_token(text) TO vigil_app;
