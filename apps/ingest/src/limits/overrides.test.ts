// Quota overrides read from the database, applied to IngestLimits at the next request, on a controlled clock.
import type { IngestQuotaOverride } from "@vigil/services/tenancy";
import { describe, expect, it } from "vitest";
import { IngestLimits } from "./limits";
import { QuotaOverrides } from "./overrides";

describe("QuotaOverrides", () => {
  it("applies a new, changed or cleared override from the tenant's next request; others keep their state", async () => {
    const t = 0;
    let table = new Map<string, IngestQuotaOverride>();
    const overrides = new QuotaOverrides(async () => table);
    const limits = new IngestLimits({ quota: { eventsPerSecond: 1000, burstSeconds: 1 }, quotaFor: overrides.quotaFor, now: () => t });
    const changed: string[] = [];
    overrides.onChange = (id) => {
      changed.push(id);
      limits.quotaChanged(id);
    };
    limits.charge("noisy", { events: 500 });
    limits.charge("quiet", { events: 900 });
    expect(limits.admit("noisy", 1).ok).toBe(true);

    table = new Map([["noisy", { eventsPerSecond: 10, bytesPerSecond: null }]]);
    expect(await overrides.refresh()).toBe(true);
    expect(changed).toEqual(["noisy"]);
    limits.charge("noisy", { events: 100 }); // a fresh bucket of 10 (1 s burst), now 90 in debt
    expect(limits.admit("noisy", 1)).toMatchObject({ ok: false, kind: "quota", quota: { limit: "events", retryAfterMs: 9000, quota: { eventsPerSecond: 10, bytesPerSecond: 64 * 1024 * 1024 } } });
    limits.charge("quiet", { events: 200 }); // untouched: 100 left, then 100 in debt at 1,000/s
    expect(limits.admit("quiet", 1)).toMatchObject({ ok: false, quota: { retryAfterMs: 100 } });

    // Unchanged: nothing forgotten (the debt stays).
    expect(await overrides.refresh()).toBe(true);
    expect(changed).toEqual(["noisy"]);
    expect(limits.admit("noisy", 1).ok).toBe(false);

    table = new Map();
    await overrides.refresh();
    expect(changed).toEqual(["noisy", "noisy"]);
    expect(limits.admit("noisy", 1).ok).toBe(true); // back to the default
  });

  it("keeps the last overrides when they cannot be read, and says so", async () => {
    const warnings: string[] = [];
    let fail = false;
    const overrides = new QuotaOverrides(async () => {
      if (fail) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      return new Map([["t", { eventsPerSecond: null, bytesPerSecond: 4096 }]]);
    }, { warn: (_o, msg) => warnings.push(msg ?? ""), info: () => undefined });
    await overrides.refresh();
    expect(overrides.quotaFor("t")).toEqual({ bytesPerSecond: 4096 });
    expect(overrides.quotaFor("other")).toBeUndefined();
    fail = true;
    expect(await overrides.refresh()).toBe(false);
    expect(overrides.quotaFor("t")).toEqual({ bytesPerSecond: 4096 });
    expect(warnings).toEqual(["could not read the tenants' ingest quota overrides: the last ones read stay in force"]);
  });
});
