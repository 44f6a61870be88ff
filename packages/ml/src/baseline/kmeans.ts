// Seeded k-means (k-means++ initialisation, Lloyd iterations) over small dense vectors: the
// learned peer groups of entities without directory attributes. Deterministic for a given PRNG.
import type { Prng } from "../sim/prng";

const MAX_ITERATIONS = 50;

function distance2(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return sum;
}

/** Returns the cluster index (0..k-1) of every point. */
export function kMeans(points: readonly (readonly number[])[], k: number, prng: Prng): number[] {
  if (points.length === 0) return [];
  const n = points.length;
  const clusters = Math.min(k, n);
  // k-means++: each next centre drawn with probability proportional to its squared distance.
  const centres: number[][] = [[...points[Math.floor(prng.next() * n)]!]];
  const nearest = points.map((p) => distance2(p, centres[0]!));
  while (centres.length < clusters) {
    const total = nearest.reduce((a, b) => a + b, 0);
    let pick = 0;
    if (total > 0) {
      let r = prng.next() * total;
      while (pick < n - 1 && r >= nearest[pick]!) r -= nearest[pick++]!;
    } else pick = centres.length; // every point sits on a centre: take the next ones in order
    centres.push([...points[pick]!]);
    points.forEach((p, i) => (nearest[i] = Math.min(nearest[i]!, distance2(p, centres.at(-1)!))));
  }
  const assignment = new Array<number>(n).fill(-1);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let moved = false;
    points.forEach((p, i) => {
      let best = 0;
      for (let c = 1; c < centres.length; c++) if (distance2(p, centres[c]!) < distance2(p, centres[best]!)) best = c;
      if (assignment[i] !== best) {
        assignment[i] = best;
        moved = true;
      }
    });
    if (!moved) break;
    centres.forEach((centre, c) => {
      const members = points.filter((_, i) => assignment[i] === c);
      if (members.length === 0) return; // an empty cluster keeps its centre
      for (let d = 0; d < centre.length; d++) centre[d] = members.reduce((s, m) => s + m[d]!, 0) / members.length;
    });
  }
  return assignment;
}
