// Parsers are registered components (Vector-style): an id, a one-line description and a pure
// `parse` that turns one request body into normalized events plus per-item errors.
import type { Receiver, VigilEvent } from "@vigil/schema";
import { storableString } from "./json/parse";

export interface ParseContext {
  tenantId: string;
  receivedAt: Date;
  /** Refuse bodies with more items than this (bounded memory); default MAX_ITEMS_PER_BODY. */
  maxItems?: number;
}

export const MAX_ITEMS_PER_BODY = 50_000;

export interface ParseItemError {
  /** 1-based position of the item ("event 2", "line 3"). */
  item: number;
  /** `${unit} ${item}: ${reason}`, ready to show to the sender. */
  message: string;
  reason: string;
  /** The item's text as received (possibly empty when the body ended early). */
  raw: string;
}

export interface ParseResult {
  events: VigilEvent[];
  errors: ParseItemError[];
  /** Number of items seen (valid + invalid). */
  total: number;
  /** Set when the body holds more than `maxItems` items: nothing was parsed. */
  tooManyItems?: boolean;
}

export function tooMany(total: number, ctx: ParseContext): ParseResult | undefined {
  return total > (ctx.maxItems ?? MAX_ITEMS_PER_BODY) ? { events: [], errors: [], total, tooManyItems: true } : undefined;
}

export interface ParserComponent {
  id: string;
  description: string;
  /** What one item is called in error messages. */
  unit: "event" | "line";
  /** Receiver name stored with events and dead letters (`vigil.receiver`). */
  receiver: Receiver;
  parse(body: string, ctx: ParseContext): ParseResult;
}

/** Reason and raw become dead-letter text: storable (a NUL byte would fail the whole batch's INSERT). */
export function itemError(unit: ParserComponent["unit"], item: number, reason: string, raw: string): ParseItemError {
  const why = storableString(reason);
  return { item, reason: why, raw: storableString(raw), message: `${unit} ${item}: ${why}` };
}
