// An Elasticsearch `_bulk` body (NDJSON: action line, then a document line for index/create/
// update) into items. Pure: documents become VigilEvents through parseAny; a bad document is an
// item error (ES answers it per item), a bad action line fails the whole request (as ES does).
import { createHash } from "node:crypto";
import { parseAny } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import { stamp } from "../routes/with-metadata";

export type BulkAction = "index" | "create" | "update" | "delete";
const ACTIONS = new Set<string>(["index", "create", "update", "delete"]);

export interface ItemError {
  type: string;
  reason: string;
}

export interface BulkItem {
  action: BulkAction;
  index: string;
  /** The `_id` the client chose, if any. */
  id?: string;
  /** 1-based line of the action. */
  line: number;
  event?: VigilEvent;
  /** The document as sent (kept raw when it cannot be parsed). */
  doc?: string;
  error?: ItemError;
}

export type BulkParse = { ok: true; items: BulkItem[] } | { ok: false; reason: string; tooMany?: number };

export interface BulkContext {
  tenantId: string;
  receivedAt: Date;
  defaultIndex?: string | undefined;
  maxItems: number;
  /** The token's default source type, stamped on the documents (JSON: no format is forced). */
  sourcetype?: string | undefined;
}

interface Line {
  text: string;
  n: number;
}

function actionOf(line: Line): { action: BulkAction; meta: Record<string, unknown> } | string {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return `Malformed action/metadata line [${line.n}]: ${(error as Error).message}`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `Malformed action/metadata line [${line.n}], expected START_OBJECT`;
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || !ACTIONS.has(key)) {
    return `Malformed action/metadata line [${line.n}], expected one of [create, delete, index, update] but found [${keys.join(", ")}]`;
  }
  const meta = (value as Record<string, unknown>)[key];
  if (typeof meta !== "object" || meta === null || Array.isArray(meta)) return `Malformed action/metadata line [${line.n}], expected an object after [${key}]`;
  return { action: key as BulkAction, meta: meta as Record<string, unknown> };
}

const UNSUPPORTED: ItemError = { type: "illegal_argument_exception", reason: "Vigil stores events append-only: update and delete are not supported" };

function documentItem(item: BulkItem, doc: Line, ctx: BulkContext): BulkItem {
  const trimmed = doc.text.trimStart();
  if (!trimmed.startsWith("{")) return { ...item, doc: doc.text, error: { type: "document_parsing_exception", reason: `[${doc.n}:1] failed to parse: the document is not a JSON object` } };
  const parsed = parseAny(doc.text, { tenantId: ctx.tenantId, receivedAt: ctx.receivedAt, receiver: "bulk", format: "auto" });
  if (!parsed.ok) {
    const reason = `[${doc.n}:${parsed.error.position + 1}] failed to parse: ${parsed.error.reason}`;
    return { ...item, doc: doc.text, error: { type: "document_parsing_exception", reason } };
  }
  let event = stamp(parsed.event, { index: item.index, ...(parsed.event.vigil.sourcetype === undefined ? { sourcetype: ctx.sourcetype } : {}) });
  // A client-chosen _id is the identity: a retried create of the same _id is a conflict, not a copy.
  if (item.id !== undefined) event = { ...event, id: createHash("sha256").update(`${ctx.tenantId}\nbulk\n${item.index}\n${item.id}`).digest("hex") };
  return { ...item, doc: doc.text, event };
}

export function parseBulk(body: string, ctx: BulkContext): BulkParse {
  const lines: Line[] = [];
  body.split("\n").forEach((text, i) => {
    if (text.trim() !== "") lines.push({ text, n: i + 1 });
  });
  const items: BulkItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const parsed = actionOf(line);
    if (typeof parsed === "string") return { ok: false, reason: parsed };
    const { action, meta } = parsed;
    const index = typeof meta._index === "string" ? meta._index : ctx.defaultIndex;
    const id = typeof meta._id === "string" || typeof meta._id === "number" ? String(meta._id) : undefined;
    const base: BulkItem = { action, index: index ?? "", line: line.n, ...(id !== undefined ? { id } : {}) };
    if (items.length >= ctx.maxItems) return { ok: false, reason: "too many items", tooMany: countActions(lines) };
    if (action === "delete") {
      items.push({ ...base, error: UNSUPPORTED });
      continue;
    }
    const doc = lines[++i];
    if (doc === undefined) return { ok: false, reason: `The bulk request must be terminated by a newline [\\n]: action line [${line.n}] has no document` };
    if (action === "update") items.push({ ...base, doc: doc.text, error: UNSUPPORTED });
    else if (index === undefined) items.push({ ...base, doc: doc.text, error: { type: "action_request_validation_exception", reason: "Validation Failed: 1: index is missing;" } });
    else items.push(documentItem(base, doc, ctx));
  }
  return { ok: true, items };
}

function countActions(lines: readonly Line[]): number {
  return lines.filter((l) => /^\s*\{\s*"(index|create|update|delete)"\s*:/.test(l.text)).length;
}
