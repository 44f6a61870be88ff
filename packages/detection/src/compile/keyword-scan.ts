// The keyword (field-less) index scan: every string `eventStrings` gives the evaluator (the raw
// record, then each scalar of the normalized and original fields), visited in place by the same
// walk (`forEachEventScalar`) instead of collected into a per-event array. When the evaluator
// already built the event's list (it is cached per event object), that list is scanned, so both
// read the same.
import type { VigilEvent } from "@vigil/schema";
import { cachedEventStrings, forEachEventScalar, type EventScalar } from "../eval/fields";
import type { FieldIndex, Mark } from "./field-index";

/** The longest `String(number)` ("-1.7976931348623157e+308"); booleans are shorter. */
const MAX_NUMBER_TEXT = 24;

export class KeywordScan {
  private index: FieldIndex | undefined;
  private mark: Mark = () => {};
  private scalars = 0;
  private readonly visit = (value: EventScalar): void => this.scalar(value);

  /** Marks the rules of `index` (keyword atoms of a route, keyword-plan.ts) hit by the event's strings. */
  run(event: VigilEvent, index: FieldIndex, mark: Mark): void {
    this.index = index;
    this.mark = mark;
    this.scalars = 0;
    const cached = cachedEventStrings(event);
    if (cached) for (const text of cached) this.scalar(text);
    else forEachEventScalar(event, this.visit);
    if (this.scalars > 0) index.scanPresent(mark);
  }

  /**
   * Strings, numbers and booleans are what `eventStrings` keeps (numbers and booleans as text).
   * No per-text memo: with half the texts new per event (raw record, ids, command lines, hashes)
   * its misses cost more than the skipping search (measured).
   */
  private scalar(value: EventScalar): void {
    const index = this.index as FieldIndex;
    // Number and boolean texts are ASCII and at most 24 characters: often shorter than every needle.
    const text = typeof value === "string" ? value : index.canHit(MAX_NUMBER_TEXT) ? String(value) : undefined;
    this.scalars++;
    if (text === undefined) return;
    index.scanTextOnce(text, this.mark);
    if (index.hasTests) index.scanValue(text, this.mark);
  }
}
