// Log batches on the wire: dead-letter ids derived from the batch (so a replay stores them once),
// and a batch split into JetStream messages under the server's max_payload, each with a content
// hash as its Nats-Msg-Id (a retried publish is not stored twice).
import { createHash } from "node:crypto";
import { isFormatId } from "@vigil/parsers";
import type { DeadLetterInput } from "@vigil/services/events";
import type { Receiver, VigilEvent } from "@vigil/schema";
import type { LogBatch, RawLines } from "./types";
import { BatchItemTooLargeError } from "./types";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Gives every dead letter a stable id: a hash of the batch's content (event ids and dead letters)
 * and its position. The same request sent again (a sender retrying after a timeout) yields the
 * same ids, so the dead letter is kept once, like the events.
 */
export function withDeadLetterIds(tenantId: string, batch: LogBatch): LogBatch {
  if (batch.deadLetters.length === 0 || batch.deadLetters.every((d) => d.id !== undefined)) return batch;
  const hash = createHash("sha256").update(tenantId);
  for (const e of batch.events) hash.update(`\n${e.id}`);
  for (const d of batch.deadLetters) hash.update(`\n${d.receiver}\u0000${d.reason}\u0000${d.raw}`);
  if (batch.raw) for (const line of batch.raw.lines) hash.update(`\n${line}`);
  const key = hash.digest("hex");
  const deadLetters = batch.deadLetters.map((d, i): DeadLetterInput => (d.id !== undefined ? d : { ...d, id: uuidFrom(sha256(`${key}#${i}`)) }));
  return { ...batch, deadLetters };
}

export interface LogMessage {
  /** The message body (compact JSON). */
  body: string;
  /** Content hash: the Nats-Msg-Id. */
  id: string;
  events: number;
  deadLetters: number;
  /** Raw lines (parsed when stored). */
  lines: number;
}

/** Raw lines on the wire: receiver, format, lines, receive times. */
interface WireRaw {
  c: string;
  f: string;
  l: readonly string[];
  a: readonly number[];
}

interface Wire {
  v: 1;
  t: string;
  e: VigilEvent[];
  d: DeadLetterInput[];
  r?: WireRaw;
}

const ENVELOPE_BYTES = 128;

function envelope(tenantId: string, events: string[], deadLetters: string[], raw: string | undefined): string {
  return `{"v":1,"t":${JSON.stringify(tenantId)},"e":[${events.join(",")}],"d":[${deadLetters.join(",")}]${raw === undefined ? "" : `,"r":${raw}`}}`;
}

/**
 * Splits a batch into messages of at most maxBytes (UTF-8), many events per message. A single
 * item larger than that cannot be logged: BatchItemTooLargeError (the receiver answers 413). Raw
 * lines stay together in one message (repeated lines are told apart within their batch, see
 * occurrences.ts): when they do not fit in one, BatchItemTooLargeError too, and the receiver
 * appends them parsed instead.
 */
export function encodeBatch(tenantId: string, batch: LogBatch, maxBytes: number): LogMessage[] {
  const messages: LogMessage[] = [];
  let events: string[] = [];
  let letters: string[] = [];
  let size = ENVELOPE_BYTES;
  let raw: string | undefined;
  const push = () => {
    if (events.length === 0 && letters.length === 0 && raw === undefined) return;
    const body = envelope(tenantId, events, letters, raw);
    messages.push({ body, id: sha256(body), events: events.length, deadLetters: letters.length, lines: raw === undefined ? 0 : (batch.raw?.lines.length ?? 0) });
    events = [];
    letters = [];
    raw = undefined;
    size = ENVELOPE_BYTES;
  };
  const add = (json: string, into: () => string[]) => {
    const bytes = Buffer.byteLength(json) + 1;
    if (bytes + ENVELOPE_BYTES > maxBytes) throw new BatchItemTooLargeError(bytes, maxBytes);
    if (size + bytes > maxBytes) push();
    into().push(json);
    size += bytes;
  };
  for (const e of batch.events) add(JSON.stringify(e), () => events);
  for (const d of batch.deadLetters) add(JSON.stringify(d), () => letters);
  if (batch.raw) {
    const r = batch.raw;
    const json = JSON.stringify({ c: r.receiver, f: r.format, l: r.lines, a: r.receivedAt } satisfies WireRaw);
    const bytes = Buffer.byteLength(json);
    if (bytes + ENVELOPE_BYTES > maxBytes) throw new BatchItemTooLargeError(bytes, maxBytes);
    if (size + bytes > maxBytes) push();
    raw = json;
  }
  push();
  return messages;
}

/** Receivers that log raw lines (today syslog only). */
const RAW_RECEIVERS: ReadonlySet<string> = new Set<Receiver>(["syslog"]);

function decodeRaw(value: unknown): RawLines {
  const r = value as Partial<WireRaw> | null;
  if (typeof r !== "object" || r === null || typeof r.c !== "string" || typeof r.f !== "string" || !Array.isArray(r.l) || !Array.isArray(r.a)) {
    throw new BadLogMessageError("raw lines without receiver, format, lines or times");
  }
  if (r.l.length !== r.a.length || !r.l.every((l) => typeof l === "string") || !r.a.every((a) => typeof a === "number" && Number.isFinite(a))) {
    throw new BadLogMessageError("raw lines and their times do not match");
  }
  if (r.f !== "auto" && !isFormatId(r.f)) throw new BadLogMessageError(`unknown format ${JSON.stringify(r.f)} for raw lines`);
  if (!RAW_RECEIVERS.has(r.c)) throw new BadLogMessageError(`raw lines from receiver ${JSON.stringify(r.c)}, which does not log raw lines`);
  return { receiver: r.c as Receiver, format: r.f, lines: r.l, receivedAt: r.a };
}

export class BadLogMessageError extends Error {
  constructor(reason: string) {
    super(`unreadable event log message: ${reason}`);
    this.name = "BadLogMessageError";
  }
}

/** Reads a message body back; checks the envelope (the events inside were validated before append). */
export function decodeMessage(body: string): { tenantId: string; batch: LogBatch } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new BadLogMessageError((error as Error).message);
  }
  const wire = value as Partial<Wire> | null;
  if (typeof wire !== "object" || wire === null || wire.v !== 1) throw new BadLogMessageError("unknown envelope version");
  if (typeof wire.t !== "string" || !Array.isArray(wire.e) || !Array.isArray(wire.d)) throw new BadLogMessageError("missing tenant, events or dead letters");
  if (wire.r === undefined) return { tenantId: wire.t, batch: { events: wire.e, deadLetters: wire.d } };
  return { tenantId: wire.t, batch: { events: wire.e, deadLetters: wire.d, raw: decodeRaw(wire.r) } };
}
