// Ingest token -> tenant for the HTTP receivers. Every request still asks PostgreSQL (a revoked
// token stops working at once), but the last answer per token is remembered: while PostgreSQL is
// unreachable, a token that was valid keeps authenticating, so with JetStream the receivers keep
// accepting events through a database outage instead of failing on the token lookup.
import { createHash } from "node:crypto";
import type { ServiceDeps } from "@vigil/services";
import { resolveIngestToken } from "@vigil/services/tokens";
import { isStoreUnavailable } from "./log/unavailable";

const MAX_ENTRIES = 10_000;

/** A token's tenant and its default source type (if any). */
export interface TokenGrant {
  tenantId: string;
  sourcetype?: string;
}

export class LastKnownTokens {
  /** sha256(token) -> what it grants; only tokens PostgreSQL confirmed, never a plaintext token. */
  private readonly known = new Map<string, TokenGrant>();

  constructor(private readonly services: ServiceDeps) {}

  async resolve(token: string): Promise<TokenGrant | null> {
    const key = createHash("sha256").update(token).digest("hex");
    try {
      const resolved = await resolveIngestToken(this.services, token);
      if (!resolved) {
        this.known.delete(key);
        return null;
      }
      if (!this.known.has(key) && this.known.size >= MAX_ENTRIES) this.known.delete(this.known.keys().next().value as string);
      const grant: TokenGrant = { tenantId: resolved.tenantId, ...(resolved.sourcetype ? { sourcetype: resolved.sourcetype } : {}) };
      this.known.set(key, grant);
      return grant;
    } catch (error) {
      const grant = isStoreUnavailable(error) ? this.known.get(key) : undefined;
      if (grant === undefined) throw error;
      return grant;
    }
  }
}
