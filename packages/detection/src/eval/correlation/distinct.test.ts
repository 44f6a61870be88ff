import { describe, expect, it } from "vitest";
import { DistinctCounts } from "./distinct";
import type { Entry } from "./types";

const entry = (t: number, v: string | number | undefined): Entry => ({ t, id: `e${t}`, r: "r", ids: [`e${t}`], e: { user: [], host: [], ip: [], file: [] }, ...(v === undefined ? {} : { v }) });

function recount(entries: readonly Entry[], from: number): number {
  return new Set(entries.slice(from).flatMap((e) => (e.v === undefined ? [] : [String(e.v)]))).size;
}

describe("DistinctCounts", () => {
  it("equals a recount of the suffix as entries are appended, windows move both ways and old entries are removed", () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const values = ["a", "b", "c", 1, "1", 2, undefined];
    for (let round = 0; round < 50; round++) {
      const entries: Entry[] = [];
      let counts: DistinctCounts | undefined;
      let from = 0;
      for (let step = 0; step < 200; step++) {
        entries.push(entry(step, values[next(values.length)]));
        from = Math.min(entries.length - 1, Math.max(0, from + next(5) - 1));
        if (next(10) === 0 && from > 0) {
          const drop = next(from + 1);
          entries.splice(0, drop);
          from -= drop;
          if (counts && !counts.shift(drop)) counts = undefined;
        }
        counts ??= DistinctCounts.from(from);
        expect(counts.suffix(entries, from)).toBe(recount(entries, from));
      }
    }
  });
});
