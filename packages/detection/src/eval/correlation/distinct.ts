// value_count without recounting the window on every occurrence: a group keeps the count of each
// value over a range of its entries and moves the range's ends to the next window's, so an
// in-order occurrence costs the entries that enter and leave the window (amortized O(1)).
import type { Entry } from "./types";

/** Values as value_count compares them (`String(v)`). */
function keyOf(v: string | number): string {
  return typeof v === "number" ? String(v) : v;
}

export class DistinctCounts {
  private readonly counts = new Map<string, number>();
  /** Distinct values in entries `lo`..`hi - 1`. */
  private size = 0;

  private constructor(private lo: number, private hi: number) {}

  /** Counts of a group's entries from `from`, kept with the group while its entries only grow at the end. */
  static from(from: number): DistinctCounts {
    return new DistinctCounts(from, from);
  }

  /** Distinct values of `entries[from..]`. */
  suffix(entries: readonly Entry[], from: number): number {
    while (this.hi < entries.length) this.add((entries[this.hi++] as Entry).v);
    while (this.lo < from) this.remove((entries[this.lo++] as Entry).v);
    while (this.lo > from) this.add((entries[--this.lo] as Entry).v);
    return this.size;
  }

  /**
   * The group's first `n` entries were removed: false when some were counted (the counts are
   * then dropped and built again).
   */
  shift(n: number): boolean {
    if (this.lo < n) return false;
    this.lo -= n;
    this.hi -= n;
    return true;
  }

  private add(v: string | number | undefined): void {
    if (v === undefined) return;
    const k = keyOf(v);
    const c = this.counts.get(k) ?? 0;
    this.counts.set(k, c + 1);
    if (c === 0) this.size++;
  }

  private remove(v: string | number | undefined): void {
    if (v === undefined) return;
    const k = keyOf(v);
    const c = this.counts.get(k) as number;
    if (c === 1) {
      this.counts.delete(k);
      this.size--;
    } else this.counts.set(k, c - 1);
  }
}
