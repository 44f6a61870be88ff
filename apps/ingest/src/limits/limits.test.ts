// Quotas, global in-flight bound, pressure and the syslog wait, on a controlled clock.
import { describe, expect, it } from "vitest";
import { estimateEvents, ingestKind } from "./estimate";
import { IngestLimits } from "./limits";
import { TokenBucket } from "./token-bucket";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("TokenBucket", () => {
  it("admits until in debt, then reports the exact wait, and refills at its rate", () => {
    const b = new TokenBucket(100, 200, 0);
    expect(b.waitMs(0)).toBe(0);
    b.take(450, 0); // 200 - 450 = -250: a big request is admitted once, then paid back
    expect(b.waitMs(0)).toBe(2500);
    expect(b.waitMs(2000)).toBe(500);
    expect(b.waitMs(2500)).toBe(0);
    expect(b.isFull(100_000)).toBe(true);
  });

  it("refuses a zero or negative rate", () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(/positive rate/);
    expect(() => new TokenBucket(1, Number.NaN, 0)).toThrow(/positive rate/);
  });
});

describe("IngestLimits quotas", () => {
  it("throttles one tenant by events/s and leaves another untouched", () => {
    const c = clock();
    const limits = new IngestLimits({ quota: { eventsPerSecond: 1000, burstSeconds: 1 }, now: c.now });
    const a = limits.admit("tenant-a", 10);
    expect(a.ok).toBe(true);
    limits.charge("tenant-a", { events: 3000 });
    const refused = limits.admit("tenant-a", 10);
    expect(refused).toMatchObject({ ok: false, kind: "quota", quota: { tenantId: "tenant-a", limit: "events", retryAfterMs: 2000 } });
    expect(limits.admit("tenant-b", 10).ok).toBe(true);
    c.advance(2000);
    expect(limits.admit("tenant-a", 10).ok).toBe(true);
    expect(limits.stats().refusedQuota).toBe(1);
  });

  it("throttles by bytes/s and names that limit", () => {
    const c = clock();
    const limits = new IngestLimits({ quota: { bytesPerSecond: 1000, burstSeconds: 1 }, now: c.now });
    limits.charge("t", { bytes: 1500 });
    expect(limits.admit("t", 1)).toMatchObject({ ok: false, quota: { limit: "bytes", retryAfterMs: 500 } });
  });

  it("takes per-tenant overrides and validates every quota", () => {
    const c = clock();
    const limits = new IngestLimits({ quotaFor: (id) => (id === "small" ? { eventsPerSecond: 10, burstSeconds: 1 } : undefined), now: c.now });
    limits.charge("small", { events: 11 });
    limits.charge("big", { events: 11 });
    expect(limits.admit("small", 1).ok).toBe(false);
    expect(limits.admit("big", 1).ok).toBe(true);
    expect(() => new IngestLimits({ quota: { eventsPerSecond: -1 } })).toThrow(/eventsPerSecond must be a positive number/);
    const bad = new IngestLimits({ quotaFor: () => ({ bytesPerSecond: 0 }) });
    expect(() => bad.admit("x", 1)).toThrow(/quota of tenant x: bytesPerSecond/);
  });
});

describe("IngestLimits global bound", () => {
  it("bounds bytes in flight across tenants, always admits a lone request, and releases once", () => {
    const limits = new IngestLimits({ maxInFlightBytes: 100 });
    const big = limits.admit("a", 500);
    expect(big.ok).toBe(true);
    expect(limits.admit("b", 1)).toMatchObject({ ok: false, kind: "busy", reason: "in-flight" });
    if (!big.ok) throw new Error("unreachable");
    big.release();
    big.release();
    expect(limits.stats()).toMatchObject({ inFlightBytes: 0, inFlightRequests: 0, refusedBusy: 1 });
    const x = limits.admit("a", 60);
    expect(x.ok).toBe(true);
    expect(limits.admit("b", 40).ok).toBe(true);
    expect(limits.admit("c", 1).ok).toBe(false);
  });

  it("refuses everything while downstream reports pressure", () => {
    let behind = true;
    const limits = new IngestLimits({ pressure: () => behind, busyRetryMs: 3000 });
    expect(limits.admit("a", 1)).toEqual({ ok: false, kind: "busy", reason: "pressure", retryAfterMs: 3000 });
    behind = false;
    expect(limits.admit("a", 1).ok).toBe(true);
  });
});

describe("waitForCapacity (stream receivers)", () => {
  it("returns at once with capacity and charges the message", async () => {
    const c = clock();
    const limits = new IngestLimits({ quota: { eventsPerSecond: 2, burstSeconds: 1 }, now: c.now });
    await limits.waitForCapacity("t", 100);
    await limits.waitForCapacity("t", 100);
    await limits.waitForCapacity("t", 100); // bucket reaches -1: the next wait is ~500 ms
    expect(limits.admit("t", 1)).toMatchObject({ ok: false, quota: { retryAfterMs: 500 } });
    expect(limits.stats().waits).toBe(0);
  });

  it("waits out a quota debt on the real clock while another tenant proceeds", async () => {
    const limits = new IngestLimits({ quota: { eventsPerSecond: 20, burstSeconds: 1 } });
    limits.charge("slow", { events: 24 }); // 4 events of debt: 200 ms
    const t0 = performance.now();
    let slowDone = 0;
    const slow = limits.waitForCapacity("slow", 1).then(() => (slowDone = performance.now() - t0));
    await limits.waitForCapacity("other", 1);
    expect(performance.now() - t0).toBeLessThan(100);
    await slow;
    expect(slowDone).toBeGreaterThanOrEqual(150);
    expect(limits.stats().waits).toBe(1);
  });

  it("waits while downstream is behind", async () => {
    let behind = true;
    const limits = new IngestLimits({ pressure: () => behind, pollMs: 5 });
    let done = false;
    const waiting = limits.waitForCapacity("t", 1).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(done).toBe(false);
    behind = false;
    await waiting;
    expect(done).toBe(true);
  });
});

describe("tryCharge (syslog UDP)", () => {
  it("takes datagrams within the quota and refuses the rest without waiting", () => {
    const c = clock();
    let behind = false;
    const limits = new IngestLimits({ quota: { eventsPerSecond: 2, burstSeconds: 1 }, pressure: () => behind, now: c.now });
    expect([limits.tryCharge("t", 10), limits.tryCharge("t", 10), limits.tryCharge("t", 10)]).toEqual([true, true, true]);
    expect(limits.tryCharge("t", 10)).toBe(false); // in debt after the third
    expect(limits.tryCharge("other", 10)).toBe(true);
    behind = true;
    expect(limits.tryCharge("other", 10)).toBe(false);
    expect(limits.stats()).toMatchObject({ refusedQuota: 1, refusedBusy: 1 });
  });
});

describe("event estimate", () => {
  it("counts lines, bulk pairs and concatenated HEC events", () => {
    expect(estimateEvents("ndjson", '{"a":1}\n{"a":2}\n')).toBe(2);
    expect(estimateEvents("hec-raw", "one\ntwo\nthree")).toBe(3);
    expect(estimateEvents("bulk", '{"index":{}}\n{"a":1}\n{"create":{}}\n{"a":2}\n')).toBe(2);
    expect(estimateEvents("hec-event", '{"event":1}{"event":2}\n{"event":3}')).toBe(3);
    expect(estimateEvents("hec-event", "")).toBe(0);
  });

  it("knows which routes carry events", () => {
    expect(ingestKind("/services/collector/event")).toBe("hec-event");
    expect(ingestKind("/:index/_bulk")).toBe("bulk");
    expect(ingestKind("/services/collector/ack")).toBeUndefined();
    expect(ingestKind(undefined)).toBeUndefined();
  });
});
