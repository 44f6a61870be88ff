// Overload protection for every receiver: per-tenant quotas (one tenant's flood never throttles
// another) and a global bound on the request-body bytes being processed at once, plus a pressure
// signal from downstream (the event log backlog). HTTP receivers ask `admit` before reading a
// body; stream receivers (syslog TCP/TLS) await `waitForCapacity`, which holds the socket paused
// so TCP backpressure reaches the sender instead of memory growing here.
import { setTimeout as sleep } from "node:timers/promises";
import type { QuotaVerdict, TenantQuota } from "./quotas";
import { DEFAULT_TENANT_QUOTA, TenantQuotas } from "./quotas";

export interface LimitsOptions {
  /** Quota of every tenant without an override. */
  quota?: Partial<TenantQuota>;
  /** Per-tenant overrides (read when a tenant's buckets are created). */
  quotaFor?: (tenantId: string) => Partial<TenantQuota> | undefined;
  /** Request-body bytes processed at once across tenants; more answers "busy". Default 64 MiB. */
  maxInFlightBytes?: number;
  /** True while downstream cannot keep up (the event log backlog): new work is refused/paused. */
  pressure?: () => boolean;
  /** Retry-After for global overload, when nothing better is known. Default 1 s. */
  busyRetryMs?: number;
  /** How often waitForCapacity re-checks a global condition. Default 50 ms. */
  pollMs?: number;
  now?: () => number;
}

export type Verdict =
  | { ok: true; release: () => void }
  | { ok: false; kind: "quota"; quota: Extract<QuotaVerdict, { ok: false }> }
  | { ok: false; kind: "busy"; reason: "in-flight" | "pressure"; retryAfterMs: number };

export interface LimitsStats {
  inFlightBytes: number;
  inFlightRequests: number;
  refusedQuota: number;
  refusedBusy: number;
  /** Syslog waits (stream receivers paused for capacity). */
  waits: number;
}

export const DEFAULT_MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

export class IngestLimits {
  private readonly quotas: TenantQuotas;
  private readonly maxInFlight: number;
  private readonly pressure: () => boolean;
  private readonly busyRetryMs: number;
  private readonly pollMs: number;
  private readonly counters: LimitsStats = { inFlightBytes: 0, inFlightRequests: 0, refusedQuota: 0, refusedBusy: 0, waits: 0 };

  constructor(options: LimitsOptions = {}) {
    const base = { ...DEFAULT_TENANT_QUOTA, ...options.quota };
    checkQuota(base, "default quota");
    this.quotas = new TenantQuotas((tenantId) => {
      const q = { ...base, ...options.quotaFor?.(tenantId) };
      checkQuota(q, `quota of tenant ${tenantId}`);
      return q;
    }, options.now ?? Date.now);
    this.maxInFlight = options.maxInFlightBytes ?? DEFAULT_MAX_IN_FLIGHT_BYTES;
    this.pressure = options.pressure ?? (() => false);
    this.busyRetryMs = options.busyRetryMs ?? 1000;
    this.pollMs = options.pollMs ?? 50;
  }

  /**
   * Admits one request body of about `bytes` for `tenantId`, or says why not. On admission the
   * bytes count as in flight until `release` (idempotent) is called. A lone request is always
   * admitted whatever its size (the body limit bounds it), so nothing waits forever.
   */
  admit(tenantId: string, bytes: number): Verdict {
    const busy = this.busy(bytes);
    if (busy) {
      this.counters.refusedBusy++;
      return busy;
    }
    const quota = this.quotas.check(tenantId);
    if (!quota.ok) {
      this.counters.refusedQuota++;
      return { ok: false, kind: "quota", quota };
    }
    this.counters.inFlightBytes += bytes;
    this.counters.inFlightRequests++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.counters.inFlightBytes -= bytes;
        this.counters.inFlightRequests--;
      },
    };
  }

  /** Charges work done for a tenant (events known after parsing, bytes actually read). */
  charge(tenantId: string, cost: { events?: number; bytes?: number }): void {
    this.quotas.charge(tenantId, cost);
  }

  /**
   * Resolves when `tenantId` may send `bytes` more (charged on return, with `events`, default 1).
   * For stream receivers: await it with the socket paused. Waits out the tenant's own quota debt
   * and any global overload; never rejects.
   */
  async waitForCapacity(tenantId: string, bytes: number, events = 1): Promise<void> {
    let waited = false;
    for (;;) {
      const busy = this.busy(0);
      const quota = busy ? undefined : this.quotas.check(tenantId);
      if (!busy && quota?.ok) break;
      if (!waited) this.counters.waits++;
      waited = true;
      const ms = busy ? this.pollMs : quota && !quota.ok ? quota.retryAfterMs : this.pollMs;
      await sleep(Math.max(1, Math.min(ms, 1000)));
    }
    this.quotas.charge(tenantId, { bytes, events });
  }

  /**
   * For receivers that cannot wait (syslog UDP: a datagram not taken now is lost anyway): charges
   * and returns true when the tenant is within its quota and nothing is overloaded, else false
   * (the caller drops and counts it).
   */
  tryCharge(tenantId: string, bytes: number, events = 1): boolean {
    if (this.busy(0)) {
      this.counters.refusedBusy++;
      return false;
    }
    if (!this.quotas.check(tenantId).ok) {
      this.counters.refusedQuota++;
      return false;
    }
    this.quotas.charge(tenantId, { bytes, events });
    return true;
  }

  /** The tenant's quota changed (an override was set or cleared): applies from its next request. */
  quotaChanged(tenantId: string): void {
    this.quotas.forget(tenantId);
  }

  stats(): LimitsStats {
    return { ...this.counters };
  }

  private busy(bytes: number): Extract<Verdict, { kind: "busy" }> | undefined {
    if (this.pressure()) return { ok: false, kind: "busy", reason: "pressure", retryAfterMs: this.busyRetryMs };
    const inFlight = this.counters.inFlightBytes;
    if (inFlight > 0 && inFlight + bytes > this.maxInFlight) return { ok: false, kind: "busy", reason: "in-flight", retryAfterMs: this.busyRetryMs };
    return undefined;
  }
}

function checkQuota(q: TenantQuota, what: string): void {
  for (const [name, v] of Object.entries(q)) {
    if (!(typeof v === "number" && Number.isFinite(v) && v > 0)) throw new RangeError(`${what}: ${name} must be a positive number, got ${String(v)}`);
  }
}
