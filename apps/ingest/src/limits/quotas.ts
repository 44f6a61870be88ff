// Per-tenant ingest quotas: one events/s and one bytes/s bucket per tenant, created on first use
// and forgotten once refilled, so memory follows the number of tenants actively sending.
import { TENANT_QUOTA_DEFAULTS } from "@vigil/env";
import { TokenBucket } from "./token-bucket";

export interface TenantQuota {
  eventsPerSecond: number;
  bytesPerSecond: number;
  /** Seconds of full-rate traffic a quiet tenant may send at once. */
  burstSeconds: number;
}

/** Generous: a single tenant can use the whole process (the target is 50,000 events/s). */
export const DEFAULT_TENANT_QUOTA: TenantQuota = { ...TENANT_QUOTA_DEFAULTS, burstSeconds: 2 };

export type QuotaVerdict =
  | { ok: true }
  | { ok: false; tenantId: string; limit: "events" | "bytes"; quota: TenantQuota; retryAfterMs: number };

interface Buckets {
  quota: TenantQuota;
  events: TokenBucket;
  bytes: TokenBucket;
}

const PRUNE_EVERY = 1024;

export class TenantQuotas {
  private readonly buckets = new Map<string, Buckets>();
  private calls = 0;

  constructor(
    private readonly quotaFor: (tenantId: string) => TenantQuota,
    private readonly now: () => number,
  ) {}

  private of(tenantId: string): Buckets {
    let b = this.buckets.get(tenantId);
    if (!b) {
      const quota = this.quotaFor(tenantId);
      const t = this.now();
      b = {
        quota,
        events: new TokenBucket(quota.eventsPerSecond, quota.eventsPerSecond * quota.burstSeconds, t),
        bytes: new TokenBucket(quota.bytesPerSecond, quota.bytesPerSecond * quota.burstSeconds, t),
      };
      this.buckets.set(tenantId, b);
    }
    if (++this.calls % PRUNE_EVERY === 0) this.prune();
    return b;
  }

  check(tenantId: string): QuotaVerdict {
    const b = this.of(tenantId);
    const t = this.now();
    const events = b.events.waitMs(t);
    const bytes = b.bytes.waitMs(t);
    if (events === 0 && bytes === 0) return { ok: true };
    return { ok: false, tenantId, quota: b.quota, limit: events >= bytes ? "events" : "bytes", retryAfterMs: Math.max(events, bytes) };
  }

  charge(tenantId: string, cost: { events?: number; bytes?: number }): void {
    const b = this.of(tenantId);
    const t = this.now();
    if (cost.events) b.events.take(cost.events, t);
    if (cost.bytes) b.bytes.take(cost.bytes, t);
  }

  /** Forgets the tenant's buckets: its next request gets buckets of its quota as `quotaFor` says now. */
  forget(tenantId: string): void {
    this.buckets.delete(tenantId);
  }

  /** Number of tenants with state (tests, metrics). */
  get tracked(): number {
    return this.buckets.size;
  }

  private prune(): void {
    const t = this.now();
    for (const [id, b] of this.buckets) if (b.events.isFull(t) && b.bytes.isFull(t)) this.buckets.delete(id);
  }
}
