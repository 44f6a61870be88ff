// Every correlation type of the Sigma 2.1 specification, firing and not firing at window edges,
// in the wrong order, chained, with aliases, and across a snapshot/restore.
import type { VigilEvent } from "@vigil/schema";
import { describe, expect, it } from "vitest";
import { DetectionEngine, loadRules } from "../index";
import { makeEvent } from "../test-support";

const base = ["a", "b", "c"].map((n, i) =>
  `title: rule ${n}\nid: id-${n}\nname: rule_${n}\nlogsource: {product: test}\ndetection:\n  sel:\n    EventID: ${i + 1}\n  condition: sel\n`);

function engine(correlation: string, extra: string[] = []) {
  const set = loadRules([{ file: "c.yml", text: [...base, ...extra, `title: corr\nid: corr\nname: corr\n${correlation}`].join("---\n") }]);
  expect(set.errors).toEqual([]);
  return new DetectionEngine(set);
}

let seq = 0;
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
function ev(rule: "a" | "b" | "c", seconds: number, fields: Record<string, unknown> = {}): VigilEvent {
  return makeEvent({ "@timestamp": new Date(T0 + seconds * 1000).toISOString(), original: { EventID: " abc".indexOf(rule), User: "alice", n: seq++, ...fields } });
}
const corr = (type: string, body: string) => `correlation:\n  type: ${type}\n${body}`;
const fired = (e: DetectionEngine, events: VigilEvent[]) => e.process("t", events).filter((m) => m.ruleId === "corr");

describe("event_count", () => {
  const c = corr("event_count", "  rules: [rule_a]\n  group-by: [User]\n  timespan: 60s\n  condition: {gte: 3}\n");
  it("fires when the count is reached within the timespan, edges included", () => {
    expect(fired(engine(c), [ev("a", 0), ev("a", 30), ev("a", 60)])).toHaveLength(1);
  });
  it("does not fire one second past the edge, or across groups", () => {
    expect(fired(engine(c), [ev("a", 0), ev("a", 30), ev("a", 61)])).toHaveLength(0);
    expect(fired(engine(c), [ev("a", 0, { User: "x" }), ev("a", 1, { User: "y" }), ev("a", 2, { User: "z" })])).toHaveLength(0);
  });
  it("judges upper bounds (lt, lte, eq, ranges) when the window closes: start + timespan + lateness", () => {
    const lt = (extra = "") => corr("event_count", `  rules: [rule_a]\n  group-by: [User]\n  timespan: 60s\n  condition: {${extra}lt: 3}\n`);
    const other = (s: number) => ev("a", s, { User: "other" });
    const e = engine(lt());
    expect(fired(e, [ev("a", 0), ev("a", 60)])).toHaveLength(0); // still open
    expect(fired(e, [other(120)])).toHaveLength(0); // closes at 0 + 60 + 60 s lateness
    const [hit] = fired(e, [other(121)]);
    expect(hit).toMatchObject({ groupKey: "User=alice", eventIds: expect.any(Array) });
    expect(hit!.eventIds).toHaveLength(2);
    expect(fired(engine(lt()), [ev("a", 0), ev("a", 30), ev("a", 60), other(200)])).toHaveLength(0);
    const range = engine(lt("gt: 1, "));
    expect(fired(range, [ev("a", 0), ev("a", 10), other(200)])).toHaveLength(1);
    expect(fired(engine(lt("gt: 1, ")), [ev("a", 0), other(200)])).toHaveLength(0);
  });
  it("closes idle windows on flush(now) and chains consecutive windows of a group", () => {
    const eq = engine(corr("event_count", "  rules: [rule_a]\n  group-by: [User]\n  timespan: 60s\n  condition: {eq: 1}\n"));
    expect(fired(eq, [ev("a", 0), ev("a", 61)])).toHaveLength(0);
    expect(eq.flush("t", T0 + 200_000).filter((m) => m.ruleId === "corr")).toHaveLength(2); // [0] and [61] each hold one
  });
});

describe("value_count", () => {
  const c = corr("value_count", "  rules: [rule_a]\n  group-by: [Computer]\n  timespan: 1m\n  condition: {field: User, gte: 3}\n");
  it("counts distinct values of the field per group", () => {
    const e = engine(c);
    expect(fired(e, [ev("a", 0, { Computer: "h", User: "u1" }), ev("a", 1, { Computer: "h", User: "u1" }), ev("a", 2, { Computer: "h", User: "u2" })])).toHaveLength(0);
    expect(fired(e, [ev("a", 60, { Computer: "h", User: "u3" })])).toHaveLength(1);
    expect(fired(engine(c), [0, 1, 61].map((s, i) => ev("a", s, { Computer: "h", User: `u${i}` })))).toHaveLength(0);
  });
  it("counts distinct combinations when the condition lists several fields (AND)", () => {
    const pair = corr("value_count", "  rules: [rule_a]\n  group-by: [Computer]\n  timespan: 1m\n  condition: {field: [User, Domain], gte: 3}\n");
    const e = (s: number, User: string, Domain: string) => ev("a", s, { Computer: "h", User, Domain });
    expect(fired(engine(pair), [e(0, "u", "d1"), e(1, "u", "d2"), e(2, "v", "d1")])).toHaveLength(1);
    expect(fired(engine(pair), [e(0, "u", "d1"), e(1, "u", "d1"), e(2, "v", "d1")])).toHaveLength(0);
  });
  it("answers as a recount on every event: a stream with late and out-of-order events, against an engine restored before each event (no kept counts)", () => {
    const gte = corr("value_count", "  rules: [rule_a]\n  group-by: [Computer]\n  timespan: 20s\n  condition: {field: User, gte: 24}\n");
    const kept = engine(gte);
    const fresh = engine(gte);
    let x = 11;
    const next = (n: number) => (x = (x * 48_271) % 2_147_483_647) % n;
    for (let i = 0; i < 600; i++) {
      const e = ev("a", i / 4 - next(12), { Computer: `h${next(2)}`, User: `u${next(60)}` });
      fresh.restore(fresh.snapshot());
      const a = kept.process("t", [e]).map((m) => [m.ruleId, m.groupKey, m.firstSeen, m.lastSeen, m.eventIds.length].join());
      expect(a, `event ${i}`).toEqual(fresh.process("t", [e]).map((m) => [m.ruleId, m.groupKey, m.firstSeen, m.lastSeen, m.eventIds.length].join()));
    }
  });
});

describe("temporal", () => {
  const c = corr("temporal", "  rules: [rule_a, rule_b, rule_c]\n  group-by: [User]\n  timespan: 5m\n");
  it("fires when every rule matched within the timespan, in any order", () => {
    expect(fired(engine(c), [ev("c", 0), ev("a", 100), ev("b", 300)])).toHaveLength(1);
  });
  it("does not fire with a rule missing or spread past the timespan", () => {
    expect(fired(engine(c), [ev("a", 0), ev("b", 10), ev("b", 20)])).toHaveLength(0);
    expect(fired(engine(c), [ev("a", 0), ev("b", 10), ev("c", 301)])).toHaveLength(0);
  });
  it("honours a count condition (2 of the 3 rules)", () => {
    const two = corr("temporal", "  rules: [rule_a, rule_b, rule_c]\n  group-by: [User]\n  timespan: 5m\n  condition: {gte: 2}\n");
    expect(fired(engine(two), [ev("a", 0), ev("c", 10)])).toHaveLength(1);
  });
});

describe("temporal_ordered", () => {
  const c = corr("temporal_ordered", "  rules: [rule_a, rule_b, rule_c]\n  group-by: [User]\n  timespan: 5m\n");
  it("fires when the rules match in the given order", () => {
    expect(fired(engine(c), [ev("a", 0), ev("b", 10), ev("c", 300)])).toHaveLength(1);
  });
  it("does not fire in the wrong order or past the timespan", () => {
    expect(fired(engine(c), [ev("c", 0), ev("b", 10), ev("a", 20)])).toHaveLength(0);
    expect(fired(engine(c), [ev("a", 0), ev("c", 10), ev("b", 20)])).toHaveLength(0);
    expect(fired(engine(c), [ev("a", 0), ev("b", 10), ev("c", 301)])).toHaveLength(0);
  });
  it("orders by event time, not arrival: a late event (within lateness) completes the sequence", () => {
    const e = engine(c);
    expect(fired(e, [ev("a", 0)])).toHaveLength(0);
    expect(fired(e, [ev("c", 40)])).toHaveLength(0);
    expect(fired(e, [ev("b", 20)])).toHaveLength(1);
  });
});

describe("value_sum, value_avg, value_percentile", () => {
  it("value_sum adds the field per group", () => {
    const c = corr("value_sum", "  rules: [rule_a]\n  group-by: [User]\n  timespan: 1h\n  condition: {field: bytes, gt: 1000}\n");
    const e = engine(c);
    expect(fired(e, [ev("a", 0, { bytes: 600 }), ev("a", 10, { bytes: "400" })])).toHaveLength(0);
    expect(fired(e, [ev("a", 20, { bytes: 1 })])).toHaveLength(1);
    expect(fired(engine(c), [ev("a", 0, { bytes: 600 }), ev("a", 3601, { bytes: 600 })])).toHaveLength(0);
  });
  it("value_avg averages the field per group", () => {
    const c = corr("value_avg", "  rules: [rule_a]\n  group-by: [User]\n  timespan: 1h\n  condition: {field: bytes, gt: 500}\n");
    expect(fired(engine(c), [ev("a", 0, { bytes: 100 }), ev("a", 1, { bytes: 800 })])).toHaveLength(0);
    expect(fired(engine(c), [ev("a", 0, { bytes: 400 }), ev("a", 1, { bytes: 800 })])).toHaveLength(1);
  });
  it("value_percentile fires on a value seen in at most N% of the group's events", () => {
    const c = corr("value_percentile", "  rules: [rule_a]\n  group-by: [Computer]\n  timespan: 24h\n  condition: {field: Image, lte: 5}\n");
    const e = engine(c);
    const common = Array.from({ length: 20 }, (_, i) => ev("a", i, { Computer: "h", Image: "svchost.exe" }));
    expect(fired(e, common)).toHaveLength(0);
    expect(fired(e, [ev("a", 30, { Computer: "h", Image: "evil.exe" })])).toHaveLength(1);
  });
});

describe("aliases, chains and generate", () => {
  it("group-by aliases join different fields of different rules (spec example)", () => {
    const c = corr("temporal", "  rules: [rule_a, rule_b]\n  group-by: [internal_ip]\n  timespan: 10s\n  aliases:\n    internal_ip:\n      rule_a: destination.ip\n      rule_b: source.ip\n");
    expect(fired(engine(c), [ev("a", 0, { "destination.ip": "10.0.0.5" }), ev("b", 5, { "source.ip": "10.0.0.5" })])).toHaveLength(1);
    expect(fired(engine(c), [ev("a", 0, { "destination.ip": "10.0.0.5" }), ev("b", 5, { "source.ip": "10.0.0.6" })])).toHaveLength(0);
  });

  it("chains a correlation into another (spec: many failed logins followed by a success)", () => {
    const many = "title: many\nid: many\nname: many_a\ncorrelation:\n  type: event_count\n  rules: [rule_a]\n  group-by: [User]\n  timespan: 10m\n  condition: {gte: 3}\n";
    const c = corr("temporal_ordered", "  rules: [many_a, rule_b]\n  group-by: [User]\n  timespan: 10m\n");
    const e = engine(c, [many]);
    const all = e.process("t", [ev("a", 0), ev("a", 10), ev("b", 15), ev("a", 20), ev("b", 30)]);
    // The inner correlation keeps its own alert (it fires on the third failure); the base rules do not.
    expect(all.map((m) => m.ruleId)).toEqual(["many", "corr"]);
    expect(all[1]!.eventIds).toHaveLength(5); // the window: 3 failures, the early success, the success
    expect(fired(engine(c, [many]), [ev("b", 0), ev("a", 10), ev("a", 20), ev("a", 30)])).toHaveLength(0);
  });

  it("emits the base rules' own matches only with generate: true", () => {
    const body = "  rules: [rule_a]\n  group-by: [User]\n  timespan: 60s\n  condition: {gte: 1}\n";
    expect(engine(corr("event_count", body)).process("t", [ev("a", 0)]).map((m) => m.ruleId)).toEqual(["corr"]);
    expect(engine(`generate: true\n${corr("event_count", body)}`).process("t", [ev("a", 0)]).map((m) => m.ruleId)).toEqual(["id-a", "corr"]);
  });

  it("rejects reference cycles", () => {
    const loop = (id: string, ref: string) => `title: ${id}\nid: ${id}\ncorrelation:\n  type: event_count\n  rules: [${ref}]\n  group-by: [User]\n  timespan: 1m\n  condition: {gte: 1}\n`;
    const set = loadRules([{ file: "l.yml", text: [loop("x", "y"), loop("y", "x")].join("---\n") }]);
    expect(set.correlations).toEqual([]);
    expect(set.errors.map((e) => e.code)).toEqual(["cycle", "cycle"]);
  });
});

describe("state", () => {
  const c = corr("temporal_ordered", "  rules: [rule_a, rule_b, rule_c]\n  group-by: [User]\n  timespan: 5m\n");
  const stream = () => {
    seq = 0;
    return ["a", "a", "b", "a", "c", "b", "c", "a", "b", "c"].map((r, i) => ev(r as "a", i * 20, { User: i % 3 === 0 ? "bob" : "alice" }));
  };

  it("snapshot/restore into a new engine gives the same alerts as an uninterrupted run", () => {
    const events = stream();
    const whole = engine(c).process("t", events);
    const first = engine(c);
    const before = first.process("t", events.slice(0, 5));
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<DetectionEngine["snapshot"]>;
    const second = engine(c);
    second.restore(saved);
    const after = second.process("t", events.slice(5));
    expect([...before, ...after]).toEqual(whole);
    expect(whole.length).toBeGreaterThan(0);
  });

  it("restores windows still waiting to close (upper-bound conditions)", () => {
    const lt = corr("event_count", "  rules: [rule_a]\n  group-by: [User]\n  timespan: 60s\n  condition: {lt: 3}\n");
    const first = engine(lt);
    first.process("t", [ev("a", 0), ev("a", 10)]);
    const second = engine(lt);
    second.restore(JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<DetectionEngine["snapshot"]>);
    expect(fired(second, [ev("a", 200, { User: "x" })])).toHaveLength(1);
  });

  it("prune drops idle groups, their closing windows and their emission records", () => {
    const gte = corr("event_count", "  rules: [rule_a]\n  group-by: [User]\n  timespan: 60s\n  condition: {gte: 2}\n");
    const e = engine(gte);
    expect(fired(e, [ev("a", 0), ev("a", 1)])).toHaveLength(1);
    expect(e.windows.size).toBe(1);
    e.prune(T0 + 10 * 60_000, 0);
    expect(e.windows.size).toBe(0);
    // A fresh full match for the same group, not a count-up of the pruned one.
    const [again] = fired(e, [ev("a", 2), ev("a", 3)]);
    expect(again?.eventIds).toHaveLength(2);
    const lt = corr("event_count", "  rules: [rule_a]\n  group-by: [User]\n  timespan: 60s\n  condition: {lt: 3}\n");
    const closing = engine(lt);
    closing.process("t", [ev("a", 0)]);
    closing.prune(T0 + 10 * 60_000, 0);
    expect(fired(closing, [ev("a", 500, { User: "x" })])).toHaveLength(0);
  });

  it("keeps state per tenant", () => {
    const e = engine(c);
    e.process("t1", [ev("a", 0), ev("b", 1)]);
    expect(e.process("t2", [ev("c", 2)])).toEqual([]);
    expect(e.process("t1", [ev("c", 2)])).toHaveLength(1);
  });
});
