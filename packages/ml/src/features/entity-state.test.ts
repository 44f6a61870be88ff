import { describe, expect, it } from "vitest";
import { Prng } from "../sim/prng";
import { HOUR_BINS, usualSpan } from "./entity-state";

/** The definition, spelled out: try every start and every length. */
function shortestRun(hist: number[]): [number, number] | undefined {
  const total = hist.reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  let best: [number, number] = [0, HOUR_BINS];
  for (let from = 0; from < HOUR_BINS; from++) {
    for (let len = 1; len < best[1]; len++) {
      let sum = 0;
      for (let k = 0; k < len; k++) sum += hist[(from + k) % HOUR_BINS]!;
      if (sum >= total * 0.9) {
        best = [from, len];
        break;
      }
    }
  }
  return [best[0] * 30, ((best[0] + best[1]) * 30) % 1440];
}

describe("usualSpan", () => {
  it("is the shortest circular run of half-hour bins holding 90% of the activity", () => {
    const prng = new Prng(5);
    for (let t = 0; t < 2_000; t++) {
      const hist = Array.from({ length: HOUR_BINS }, () => (prng.next() < 0.6 ? 0 : Math.floor(prng.next() ** 3 * (prng.next() < 0.1 ? 1_000 : 20))));
      expect(usualSpan(hist)).toEqual(shortestRun(hist));
    }
  });

  it("wraps past midnight and has no span without activity", () => {
    const hist = new Array<number>(HOUR_BINS).fill(0);
    hist[46] = 10; // 23:00
    hist[1] = 10; // 00:30
    expect(usualSpan(hist)).toEqual([23 * 60, 60]);
    expect(usualSpan(new Array<number>(HOUR_BINS).fill(0))).toBeUndefined();
  });
});
