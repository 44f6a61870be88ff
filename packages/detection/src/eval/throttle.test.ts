// Correlation emission throttling: a lower-bound correlation raises one full match when its
// condition first holds for a group, then one count-up update per batch while its windows overlap
// the emitted one, and a new full match once a window starting after it holds again.
import type { VigilEvent } from "@vigil/schema";
import { describe, expect, it } from "vitest";
import { compiledEngine, DetectionEngine, loadBuiltinRules, loadRules, mergeEntities } from "../index";
import { makeEvent } from "../test-support";

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const base = "title: rule a\nid: id-a\nname: rule_a\nlogsource: {product: test}\ndetection:\n  sel:\n    EventID: 1\n  condition: sel\n";
function engine(correlation: string): DetectionEngine {
  const set = loadRules([{ file: "c.yml", text: `${base}---\ntitle: corr\nid: corr\nname: corr\ncorrelation:\n${correlation}` }]);
  expect(set.errors).toEqual([]);
  return new DetectionEngine(set);
}
let seq = 0;
const ev = (ms: number, fields: Record<string, unknown> = {}): VigilEvent =>
  makeEvent({ "@timestamp": new Date(T0 + ms).toISOString(), original: { EventID: 1, User: "alice", n: seq++, ...fields } });
const count = "  type: event_count\n  rules: [rule_a]\n  group-by: [User]\n  timespan: 10m\n  condition: {gte: 5}\n";

describe("correlation emission throttling", () => {
  it("a 10,000-event burst for one group in one batch: one full match and one count-up update", () => {
    const events = Array.from({ length: 10_000 }, (_, i) => ev(i * 10)); // 100 s of event time
    const t0 = performance.now();
    const out = engine(count).process("t", events);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(out).toHaveLength(2);
    const [full, update] = out;
    expect(full).toMatchObject({ kind: "correlation", ruleId: "corr", groupKey: "User=alice", firstSeen: new Date(T0).toISOString(), lastSeen: new Date(T0 + 40).toISOString() });
    expect(full!.eventIds).toEqual(events.slice(0, 5).map((e) => e.id));
    expect(update).toMatchObject({ ruleId: "corr", groupKey: "User=alice", firstSeen: new Date(T0 + 50).toISOString(), lastSeen: new Date(T0 + 99_990).toISOString() });
    expect(update!.eventIds).toEqual(events.slice(-100).map((e) => e.id));
  });

  it("the same burst in batches of 500: one count-up update per batch, nothing per event", () => {
    const e = engine(count);
    const events = Array.from({ length: 10_000 }, (_, i) => ev(i * 10));
    const out = [];
    for (let i = 0; i < events.length; i += 500) out.push(...e.process("t", events.slice(i, i + 500)));
    expect(out).toHaveLength(1 + 20);
    expect(out.slice(1).every((m) => m.eventIds.length === 100)).toBe(true);
  });

  it("fires a new full match once a window starting after the emitted one holds (window rolled over)", () => {
    const e = engine(count);
    // One event every 30 s for 25 minutes: the full match at 2 min; windows overlap it until 12 min.
    const out = Array.from({ length: 50 }, (_, i) => e.process("t", [ev(i * 30_000)])).map((m) => m.map((x) => x.eventIds.length));
    const fullAt = out.flatMap((m, i) => (m.length === 1 && m[0]! >= 5 && (i === 4 || out[i - 1]!.length === 0 || m[0]! > 1) ? [i] : []));
    expect(out[4]).toEqual([5]); // 5th event: the first full match
    expect(out.slice(5, 25).every((m) => m.length === 1 && m[0] === 1)).toBe(true); // count-ups, one id each
    expect(fullAt.filter((i) => i > 4)).toEqual([25, 46]); // windows starting after 2:00, then after 12:30
    expect(out[25]![0]).toBe(21); // [2:30, 12:30]: 21 events
  });

  it("groups are throttled independently, and per tenant", () => {
    const e = engine(count);
    const a = Array.from({ length: 20 }, (_, i) => ev(i * 1000, { User: i % 2 ? "alice" : "bob" }));
    expect(e.process("t1", a).map((m) => [m.groupKey, m.eventIds.length])).toEqual([
      ["User=bob", 5], ["User=alice", 5], ["User=bob", 5], ["User=alice", 5],
    ]);
    expect(e.process("t2", a.slice(0, 10)).map((m) => m.groupKey)).toEqual(["User=bob", "User=alice"]);
  });

  it("keeps the throttle across snapshot/restore", () => {
    const first = engine(count);
    expect(first.process("t", Array.from({ length: 6 }, (_, i) => ev(i * 1000)))).toHaveLength(2);
    const second = engine(count);
    second.restore(JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<DetectionEngine["snapshot"]>);
    expect(second.process("t", [ev(7000)]).map((m) => m.eventIds.length)).toEqual([1]);
  });

  it("value_count and value_percentile are throttled too (percentile: per group and value)", () => {
    const vc = engine("  type: value_count\n  rules: [rule_a]\n  group-by: [Computer]\n  timespan: 5m\n  condition: {field: Url, gte: 3}\n");
    const urls = Array.from({ length: 1000 }, (_, i) => ev(i * 100, { Computer: "h", Url: `/u${i}` }));
    expect(vc.process("t", urls).map((m) => m.eventIds.length)).toEqual([3, 100]);
    const pct = engine("  type: value_percentile\n  rules: [rule_a]\n  group-by: [Computer]\n  timespan: 24h\n  condition: {field: Image, lte: 5}\n");
    const common = Array.from({ length: 100 }, (_, i) => ev(i * 1000, { Computer: "h", Image: "svchost.exe" }));
    pct.process("t", common);
    const rare = (s: number, Image: string) => ev(200_000 + s * 1000, { Computer: "h", Image });
    const rares = [rare(0, "evil.exe"), rare(1, "evil.exe"), rare(2, "other.exe")];
    // evil.exe: a full match; its second sighting only counts up; other.exe is a value of its own.
    expect(pct.process("t", rares).map((m) => m.eventIds.at(-1))).toEqual([rares[0]!.id, rares[2]!.id, rares[1]!.id]);
  });

  it("the built-in brute force over 20,000 failures: a handful of matches, identical in the compiled engine", () => {
    const set = loadBuiltinRules();
    const failures = Array.from({ length: 20_000 }, (_, i) => makeEvent({
      "@timestamp": new Date(T0 + i * 50).toISOString(), event: { action: "ssh_login", outcome: "failure" }, user: { name: "root" }, source: { ip: "203.0.113.9" },
    }));
    const naive = new DetectionEngine(set);
    const { engine: compiled } = compiledEngine(set);
    const runs = [naive, compiled].map((e) => {
      const out = [];
      for (let i = 0; i < failures.length; i += 1000) out.push(...e.process("t", failures.slice(i, i + 1000)));
      return out;
    });
    expect(runs[1]).toEqual(runs[0]);
    // 1,000 s of failures, 10 min windows: full matches at the 5th failure and after the roll-over, one count-up per batch.
    expect(runs[0]!.filter((m) => m.eventIds.length === 5 || m.firstSeen === new Date(T0).toISOString()).length).toBeGreaterThanOrEqual(1);
    expect(runs[0]!.length).toBeLessThanOrEqual(20 + 2);
  });
});

describe("mergeEntities", () => {
  it("keeps the first 20 distinct values per kind and stops reading once every kind is full", () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({ user: [`u${i % 30}`], host: [`h${i % 25}`], ip: [`ip${i}`], file: [`f${i}`] }));
    const merged = mergeEntities(many);
    expect(merged.user).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`));
    expect(merged.ip).toHaveLength(20);
    expect(mergeEntities([{ user: ["a"], host: [], ip: ["1"], file: [] }, { user: ["a", "b"], host: ["h"], ip: ["1"], file: [] }])).toEqual({ user: ["a", "b"], host: ["h"], ip: ["1"], file: [] });
  });
});
