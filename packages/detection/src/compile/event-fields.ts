// Per-event memo of field lookups: each field is resolved once per event, through the same
// resolver the reference evaluator uses, and turned into text once for the index. Indexed fields get
// a numbered slot (array access); other fields the evaluator asks for go through a map.
import type { VigilEvent } from "@vigil/schema";
import type { FieldResolver } from "../eval/fields";
import { eventStrings } from "../eval/fields";
import { KEYWORDS } from "./needs";

const NONE: readonly unknown[] = [];

function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined;
}

export class EventFields {
  private event: VigilEvent | undefined;
  private epoch = 0;
  private readonly slotOf = new Map<string, number>();
  private readonly stamp: Uint32Array;
  private readonly values: unknown[];
  /** Built on first use (`scalars`): a string value provided by the key scan never needs one. */
  private readonly scalarList: (readonly unknown[] | undefined)[];
  private readonly textList: (readonly string[] | undefined)[];
  private readonly others = new Map<string, unknown>();
  /** A resolver answering from the memo for the current event (for the reference evaluator). */
  readonly resolve: FieldResolver;

  constructor(private readonly base: FieldResolver, slots: readonly string[]) {
    slots.forEach((f, i) => this.slotOf.set(f, i));
    this.stamp = new Uint32Array(slots.length);
    this.values = new Array<unknown>(slots.length);
    this.scalarList = new Array<readonly unknown[] | undefined>(slots.length);
    this.textList = new Array<readonly string[] | undefined>(slots.length);
    this.resolve = (event, field) => (event === this.event ? this.value(field) : this.base(event, field));
  }

  reset(event: VigilEvent): void {
    this.event = event;
    this.epoch = (this.epoch + 1) >>> 0 || 1;
    if (this.epoch === 1) this.stamp.fill(0);
    // `clear` allocates a fresh table even when empty.
    if (this.others.size > 0) this.others.clear();
  }

  private load(slot: number, field: string): void {
    const v = field === KEYWORDS ? eventStrings(this.event as VigilEvent) : this.base(this.event as VigilEvent, field);
    this.provide(slot, v);
  }

  /** The value of an indexed field for the current event, read by the caller as `base` would resolve it. */
  provide(slot: number, value: unknown): void {
    this.values[slot] = value;
    this.scalarList[slot] = undefined;
    this.textList[slot] = undefined;
    this.stamp[slot] = this.epoch;
  }

  value(field: string): unknown {
    const slot = this.slotOf.get(field);
    if (slot !== undefined) {
      if (this.stamp[slot] !== this.epoch) this.load(slot, field);
      return this.values[slot];
    }
    if (this.others.has(field)) return this.others.get(field);
    const v = this.base(this.event as VigilEvent, field);
    this.others.set(field, v);
    return v;
  }

  /** The scalar value, or the scalar elements of an array: what a value matcher is tested on. */
  scalars(slot: number, field: string): readonly unknown[] {
    if (this.stamp[slot] !== this.epoch) this.load(slot, field);
    let out = this.scalarList[slot];
    if (!out) {
      const v = this.values[slot];
      out = this.scalarList[slot] = Array.isArray(v) ? v.filter((x) => scalarText(x) !== undefined) : scalarText(v) === undefined ? NONE : [v];
    }
    return out;
  }

  /** `scalars` as text. */
  texts(slot: number, field: string): readonly string[] {
    const scalars = this.scalars(slot, field);
    let out = this.textList[slot];
    if (!out) out = this.textList[slot] = scalars.map((x) => scalarText(x) as string);
    return out;
  }
}
