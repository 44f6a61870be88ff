// One record, any format: detect (or take the source's `format`), parse, build the VigilEvent.
import type { Receiver, VigilEvent } from "@vigil/schema";
import { jsonObjectRecord } from "../formats/json/json";
import { storableString } from "../json/parse";
import { parseJsonRecord } from "../formats/json/json-record";
import { recordToEvent } from "./build-event";
import type { FormatId, ParsedRecord } from "./component";
import { contentFormatOf } from "./content-format";
import { detectFormat } from "./detect";
import { buildFormat } from "./registry";

export interface ParseAnyOptions {
  tenantId: string;
  receivedAt: Date;
  receiver?: Receiver;
  /** The source's format; detection runs per record when absent or "auto". */
  format?: FormatId | "auto";
  /** The source's config per format (e.g. { syslog: { timezone: "+05:30" } }). */
  config?: Partial<Record<FormatId, unknown>>;
}

export interface ParseAnyError {
  format: FormatId | "unknown";
  /** 0-based character offset in the record. */
  position: number;
  reason: string;
}

export type ParseAnyResult = { ok: true; event: VigilEvent; format: string } | { ok: false; error: ParseAnyError };

function parseJsonShape(raw: string): { ok: true; record: ParsedRecord; format: FormatId } | { ok: false; error: ParseAnyError } {
  const doc = parseJsonRecord(raw);
  if (!doc.ok) return { ok: false, error: { format: "json", ...doc.error } };
  const { kind, record } = jsonObjectRecord(doc.value);
  return { ok: true, record, format: kind };
}

function parseRecord(raw: string, opts: ParseAnyOptions): { ok: true; record: ParsedRecord; format: FormatId } | { ok: false; error: ParseAnyError } {
  const explicit = opts.format !== undefined && opts.format !== "auto";
  const format = explicit ? (opts.format as FormatId) : detectFormat(raw);
  if (format === "unknown") return { ok: false, error: { format, position: 0, reason: "unrecognized format (not syslog, CEF, LEEF, JSON, access log, Squid, auditd or netfilter)" } };
  if (format === "json" && !explicit) return parseJsonShape(raw);
  const built = buildFormat(format, opts.config?.[format]);
  if (!built.ok) return { ok: false, error: { format, position: 0, reason: built.reason } };
  const result = built.parser(raw, { receivedAt: opts.receivedAt });
  if (!result.ok) return { ok: false, error: { format, ...result.error } };
  return { ok: true, record: result.record, format: contentFormat(format, result.record) };
}

/** A syslog line whose content was CEF/sshd/... is reported as that format. */
function contentFormat(format: FormatId, record: ParsedRecord): FormatId {
  return format === "syslog" ? (contentFormatOf(record.fields) ?? format) : format;
}

export function parseAny(raw: string, opts: ParseAnyOptions): ParseAnyResult {
  // Text formats copy slices of the line into fields: make the line storable first (PostgreSQL
  // text/jsonb refuse NUL, and one such field would fail the whole batch's INSERT).
  const line = storableString(raw.endsWith("\r") ? raw.slice(0, -1) : raw);
  const parsed = parseRecord(line, opts);
  if (!parsed.ok) return parsed;
  const event = recordToEvent(parsed.record, line, { tenantId: opts.tenantId, receivedAt: opts.receivedAt, receiver: opts.receiver ?? "hec-raw", format: parsed.format });
  return { ok: true, event, format: parsed.format };
}
