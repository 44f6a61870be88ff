import type { VigilEvent } from "@vigil/schema";
import { describe, expect, it } from "vitest";
import { FeatureAccumulator } from "./accumulator";
import { FEATURE_NAMES, type FeatureRow } from "./names";

const H = 3_600_000;
const T0 = Date.parse("2026-03-02T09:00:00Z");

function ev(offsetMs: number, partial: Partial<VigilEvent> & { action: string; outcome?: "success" | "failure"; category?: string }): VigilEvent {
  const { action, outcome, category, ...rest } = partial;
  return {
    id: String(offsetMs), "@timestamp": new Date(T0 + offsetMs).toISOString(), event: { action, outcome, category },
    user: { name: "alice" }, vigil: { receiver: "ndjson" }, original: {}, raw: "", ...rest,
  };
}

const named = (row: FeatureRow): Record<string, number> => Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, row.values[i]!]));

/** 30 ordinary sign-ins over three days (history), then the window under test. */
function history(): VigilEvent[] {
  return Array.from({ length: 30 }, (_, i) =>
    ev(-72 * H + Math.floor(i / 10) * 24 * H + (i % 10) * 60_000, { action: "logon", category: "authentication", source: { ip: "81.2.69.160" }, host: { name: "ws-1" } }));
}

const window = (): VigilEvent[] => [
  ev(0, { action: "logon", category: "authentication", outcome: "failure", source: { ip: "5.255.255.5" }, host: { name: "ws-1" } }),
  ev(60_000, { action: "logon", category: "authentication", source: { ip: "5.255.255.5" }, host: { name: "srv-9" } }),
  ev(120_000, { action: "file-downloaded", source: { ip: "81.2.69.160" }, file: { path: "/share/customers/export.csv" }, original: { bytes_downloaded: 5e8, records: 1200 } }),
  ev(180_000, { action: "download", http: { response: { bytes: 1000 } }, original: {} }),
  ev(240_000, { action: "process-started", process: { name: "sudo", command_line: "sudo -i" } }),
  ev(300_000, { action: "group-member-added" }),
];

describe("FeatureAccumulator", () => {
  it("computes exact hourly features against the entity's history", () => {
    const acc = new FeatureAccumulator({ tenantId: "t1", learnEvents: 20 });
    for (const e of [...history(), ...window()]) acc.push(e);
    expect(acc.advance(T0 + H)).toHaveLength(3); // three history days; the test window is still open
    const [row] = acc.advance(T0 + H + 5 * 60_000);
    expect(row?.entity).toBe("user:alice");
    expect(named(row!)).toEqual({
      signIns: 2, failures: 1, distinctIps: 2, distinctCountries: 2, newIps: 1, newHosts: 1, offHoursShare: 0,
      bytesDownloaded: 500_001_000, recordsDownloaded: 1200, sensitiveFiles: 1, privilegedCommands: 1, adminChanges: 1,
      distinctAsns: 2, // AS13238 (Yandex) and AS20712 (Andrews & Arnold)
    });
    expect(row!.countries.sort()).toEqual(["GB", "RU"]);
    expect(row!.usualMinutes).toEqual([540, 570]);
  });

  it("marks activity outside the entity's usual hours", () => {
    const acc = new FeatureAccumulator({ tenantId: "t1" });
    for (const e of history()) acc.push(e);
    acc.push(ev(17 * H, { action: "logon", category: "authentication" })); // 02:00 next day
    const rows = acc.flush();
    expect(named(rows.at(-1)!).offHoursShare).toBe(1);
  });

  it("returns partial rows as events arrive and drops events for closed windows", () => {
    const acc = new FeatureAccumulator({ tenantId: "t1" });
    const [partial] = acc.push(ev(0, { action: "logon", category: "authentication" }));
    expect(partial?.values[0]).toBe(1);
    acc.advance(T0 + 2 * H);
    acc.push(ev(60_000, { action: "logon", category: "authentication" }));
    expect(acc.dropped).toBe(1);
  });

  it("restores from a JSON snapshot and continues identically", () => {
    const a = new FeatureAccumulator({ tenantId: "t1" });
    const b = new FeatureAccumulator({ tenantId: "t1" });
    const events = [...history(), ...window()];
    const half = 33;
    for (const e of events.slice(0, half)) {
      a.push(e);
      b.push(e);
    }
    const restored = FeatureAccumulator.restore(JSON.parse(JSON.stringify(b.snapshot())), {});
    for (const e of events.slice(half)) {
      a.push(e);
      restored.push(e);
    }
    expect(restored.flush()).toEqual(a.flush());
  });

  it("keeps host and source-IP entities beside users, with peer groups from the directory", () => {
    const acc = new FeatureAccumulator({ tenantId: "t1", kinds: ["user", "host", "ip"], directory: { alice: "finance" } });
    for (const e of window()) acc.push(e);
    const rows = acc.flush();
    expect(rows.map((r) => r.entity).sort()).toEqual(["host:srv-9", "host:ws-1", "ip:5.255.255.5", "ip:81.2.69.160", "user:alice"]);
    expect(rows.find((r) => r.entity === "user:alice")?.peer).toBe("finance");
    expect(named(rows.find((r) => r.entity === "ip:5.255.255.5")!).failures).toBe(1);
  });

  it("quotes the usual hours without the window's own off-hours burst", () => {
    const acc = new FeatureAccumulator({ tenantId: "t1", learnEvents: 20 });
    for (const e of history()) acc.push(e); // 09:00-09:09 on three days
    const burst = Array.from({ length: 30 }, (_, i) => ev(-7 * H + i * 60_000, { action: "file-downloaded", original: { bytes_downloaded: 1e8 } })); // 02:00-02:29
    for (const e of burst) acc.push(e);
    const [row] = acc.flush().filter((r) => r.windowStart === T0 - 7 * H);
    expect(row?.eventCount).toBe(30);
    expect(named(row!).offHoursShare).toBeGreaterThan(0);
    expect(row?.usualMinutes).toEqual([540, 570]); // 09:00 to 09:30, not stretched to the burst
  });

  it("restores open windows (with their own hour bins) from a snapshot", () => {
    const acc = new FeatureAccumulator({ tenantId: "t1", learnEvents: 20 });
    const burst = Array.from({ length: 10 }, (_, i) => ev(-7 * H + i * 60_000, { action: "file-downloaded" }));
    for (const e of [...history(), ...burst.slice(0, 5)]) acc.push(e);
    const copy = FeatureAccumulator.restore(JSON.parse(JSON.stringify(acc.snapshot())) as ReturnType<FeatureAccumulator["snapshot"]>, {});
    for (const e of burst.slice(5)) {
      acc.push(e);
      copy.push(e);
    }
    expect(copy.flush()).toEqual(acc.flush());
  });
});
