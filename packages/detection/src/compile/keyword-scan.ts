// The keyword (field-less) index scan: every string `eventStrings` gives the evaluator (the raw
// record, then each scalar of the normalized and original fields), visited in place instead of
// collected into a per-event array. When the evaluator already built
// the event's list (it is cached per event object), that list is scanned, so both read the same.
import type { VigilEvent } from "@vigil/schema";
import { cachedEventStrings } from "../eval/fields";
import type { FieldIndex, Mark } from "./field-index";

/** The longest `String(number)` ("-1.7976931348623157e+308"); booleans are shorter. */
const MAX_NUMBER_TEXT = 24;
/** As deep as `eventStrings` walks. */
const MAX_DEPTH = 16;
/** Top-level event keys `eventStrings` leaves out (`raw` is taken first, on its own). */
const SKIPPED = new Set(["raw", "id", "vigil"]);

export class KeywordScan {
  private index: FieldIndex | undefined;
  private mark: Mark = () => {};
  private scalars = 0;

  /** Marks the rules of `index` (keyword atoms of a route, keyword-plan.ts) hit by the event's strings. */
  run(event: VigilEvent, index: FieldIndex, mark: Mark): void {
    this.index = index;
    this.mark = mark;
    this.scalars = 0;
    const cached = cachedEventStrings(event);
    if (cached) for (const text of cached) this.scalar(text);
    else this.walk(event);
    if (this.scalars > 0) index.scanPresent(mark);
  }

  private walk(event: VigilEvent): void {
    this.scalar(event.raw);
    const doc = event as unknown as Record<string, unknown>;
    for (const key in doc) if (Object.hasOwn(doc, key) && !SKIPPED.has(key)) this.visit(doc[key], 1);
  }

  private visit(value: unknown, depth: number): void {
    if (typeof value !== "object" || value === null) return this.scalar(value);
    if (depth >= MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.visit(value[i], depth + 1);
      return;
    }
    const doc = value as Record<string, unknown>;
    for (const key in doc) if (Object.hasOwn(doc, key)) this.visit(doc[key], depth + 1);
  }

  /**
   * Strings, numbers and booleans are what `eventStrings` keeps (numbers and booleans as text).
   * No per-text memo: with half the texts new per event (raw record, ids, command lines, hashes)
   * its misses cost more than the skipping search (measured).
   */
  private scalar(value: unknown): void {
    const index = this.index as FieldIndex;
    let text: string | undefined;
    if (typeof value === "string") text = value;
    // Number and boolean texts are ASCII and at most 24 characters: often shorter than every needle.
    else if (typeof value === "number" || typeof value === "boolean") text = index.canHit(MAX_NUMBER_TEXT) ? String(value) : undefined;
    else return;
    this.scalars++;
    if (text === undefined) return;
    index.scanTextOnce(text, this.mark);
    if (index.hasTests) index.scanValue(text, this.mark);
  }
}
