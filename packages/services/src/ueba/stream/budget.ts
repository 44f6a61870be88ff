// The entity alerts a tenant gets one by one from behaviour analytics (UebaSink's `alertBudget`).
/** A tenant's entity alerts one by one: a token bucket of `burst`, refilled at `perMinute`. */
export class AlertBudget {
  private tokens: number;
  private at: number;

  constructor(private readonly limits: { burst: number; perMinute: number }, now: number) {
    AlertBudget.check(limits);
    this.tokens = limits.burst;
    this.at = now;
  }

  /** Throws when a limit is not a number >= 0 (UebaSink checks its option when it is built, not at a tenant's first batch). */
  static check(limits: { burst: number; perMinute: number }): void {
    for (const name of ["burst", "perMinute"] as const) {
      const v = limits[name];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new Error(`ueba alertBudget.${name} must be a number >= 0, got ${String(v)}`);
    }
  }

  /** The first of `items` the budget allows one by one, and the rest. */
  split<T>(items: readonly T[], now: number): { kept: T[]; past: T[] } {
    this.tokens = Math.min(this.limits.burst, this.tokens + (Math.max(0, now - this.at) / 60_000) * this.limits.perMinute);
    this.at = Math.max(this.at, now);
    const n = Math.min(items.length, Math.floor(this.tokens));
    this.tokens -= n;
    return { kept: items.slice(0, n), past: items.slice(n) };
  }
}
