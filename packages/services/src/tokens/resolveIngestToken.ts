// Ingest authentication: plaintext token -> its tenant, through the SECURITY DEFINER function
// vigil_resolve_token (revoked tokens never resolve). One round trip on the raw pool.
import type { ServiceDeps } from "../context";
import { hashToken, looksLikeToken } from "./secret";

export interface ResolvedToken {
  tenantId: string;
  tokenId: string;
  /** The token's default source type, if it has one. */
  sourcetype?: string;
}

interface Row {
  token_id: string;
  tenant_id: string;
  kind: string;
  sourcetype: string | null;
}

export async function resolveIngestToken(deps: ServiceDeps, plaintext: string): Promise<ResolvedToken | null> {
  if (typeof plaintext !== "string" || !looksLikeToken(plaintext)) return null;
  const { rows } = await deps.db.pool.query<Row>("select token_id, tenant_id, kind, sourcetype from vigil_resolve_token($1)", [hashToken(plaintext)]);
  const row = rows[0];
  if (!row || row.kind !== "INGEST") return null;
  return { tenantId: row.tenant_id, tokenId: row.token_id, ...(row.sourcetype ? { sourcetype: row.sourcetype } : {}) };
}
