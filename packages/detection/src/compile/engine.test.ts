// The compiled engine answers as DetectionEngine does: Vigil's own rules (chained temporal
// correlations included) over a seeded random stream of login, file and admin events.
import { describe, expect, it } from "vitest";
import { DetectionEngine, loadBuiltinRules } from "../index";
import { makeEvent } from "../test-support";
import { compiledEngine } from "./engine";
import { Gen, prng } from "./random";

function stream(g: Gen, count: number) {
  let t = Date.UTC(2026, 10, 27, 10, 0, 0);
  return Array.from({ length: count }, () => {
    t += g.int(90_000) - (g.chance(0.1) ? 30_000 : 0);
    return makeEvent({
      "@timestamp": new Date(t).toISOString(),
      event: { action: g.pick(["user-login", "logon-failed", "file-read", "user-created", "audit-log-cleared"]), outcome: g.pick(["success", "failure"]) },
      user: { name: g.pick(["alice", "bob", "carol"]) },
      source: { ip: g.pick(["203.0.113.7", "198.51.100.4"]) },
      ...(g.chance(0.3) ? { file: { path: g.pick(["/srv/confidential/payroll.xlsx", "/srv/public/menu.pdf"]) } } : {}),
      original: { EventID: g.pick([4624, 4625, 4720, 1102]) },
    });
  });
}

describe("compiledEngine", () => {
  it("raises the same single-event and correlation matches as DetectionEngine", () => {
    const set = loadBuiltinRules();
    let total = 0;
    for (const seed of [1, 2, 3]) {
      const g = new Gen(prng(seed));
      const events = stream(g, 600);
      const naive = new DetectionEngine(set);
      const { engine: compiled } = compiledEngine(set);
      for (let i = 0; i < events.length; i += 10) {
        const batch = events.slice(i, i + 10);
        const expected = naive.process("t1", batch);
        expect(compiled.process("t1", batch)).toEqual(expected);
        total += expected.length;
      }
    }
    expect(total).toBeGreaterThan(50);
  });
});
