// Token -> tenant for per-message attribution: resolved through resolveIngestToken, cached
// (a busy syslog stream repeats one token on every line), lookups in flight shared. While
// PostgreSQL is unreachable an expired answer is used rather than failing the message (with
// JetStream the event log still takes it).
import type { ServiceDeps } from "@vigil/services";
import { resolveIngestToken } from "@vigil/services/tokens";
import { isStoreUnavailable } from "../log/unavailable";

const HIT_TTL_MS = 60_000;
const MISS_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

export class TenantCache {
  private readonly cache = new Map<string, { tenantId: string | null; expires: number }>();
  private readonly pending = new Map<string, Promise<string | null>>();

  constructor(private readonly services: ServiceDeps) {}

  /** The token's tenant, or null when the token is unknown or revoked. */
  resolve(token: string): string | null | Promise<string | null> {
    const hit = this.cache.get(token);
    if (hit && hit.expires > Date.now()) return hit.tenantId;
    const inFlight = this.pending.get(token);
    if (inFlight) return inFlight;
    const lookup = resolveIngestToken(this.services, token)
      .then((resolved) => {
        const tenantId = resolved?.tenantId ?? null;
        if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
        this.cache.set(token, { tenantId, expires: Date.now() + (tenantId ? HIT_TTL_MS : MISS_TTL_MS) });
        return tenantId;
      })
      .catch((error: unknown) => {
        if (hit && isStoreUnavailable(error)) return hit.tenantId;
        throw error;
      })
      .finally(() => this.pending.delete(token));
    this.pending.set(token, lookup);
    return lookup;
  }
}
