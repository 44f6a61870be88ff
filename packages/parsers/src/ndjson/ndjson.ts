import type { ParseContext, ParseItemError, ParseResult, ParserComponent } from "../component";
import { itemError, tooMany } from "../component";
import { describeJsonType, parseJson } from "../json/parse";
import { cloudTrailRecords } from "../formats/cloud/cloudtrail";
import { normalizeObject } from "../normalize/specialize";
import type { VigilEvent } from "@vigil/schema";
import { isRecord } from "@vigil/schema";

function parseLine(line: string, lineNo: number, ctx: ParseContext): VigilEvent[] | ParseItemError {
  const parsed = parseJson(line);
  if (!parsed.ok) return itemError("line", lineNo, parsed.reason, line);
  if (!isRecord(parsed.value)) {
    return itemError("line", lineNo, `expected a JSON object, got ${describeJsonType(parsed.value)}`, line);
  }
  // CloudTrail's file shape {"Records":[...]}: one event per record.
  const records = cloudTrailRecords(parsed.value) ?? [parsed.value];
  const raw = (record: Record<string, unknown>) => (records.length === 1 ? line : JSON.stringify(record));
  return records.map((record) => normalizeObject({ tenantId: ctx.tenantId, receivedAt: ctx.receivedAt, receiver: "ndjson", raw: raw(record), original: record }));
}

export const ndjsonParser: ParserComponent = {
  id: "ndjson",
  description: "Newline-delimited JSON: one JSON object per line, blank lines skipped.",
  unit: "line",
  receiver: "ndjson",
  parse(body: string, ctx: ParseContext): ParseResult {
    const lines = body.split("\n");
    const refused = tooMany(lines.filter((l) => l.trim() !== "").length, ctx);
    if (refused) return refused;
    const result: ParseResult = { events: [], errors: [], total: 0 };
    lines.forEach((rawLine, index) => {
      const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
      if (line.trim() === "") return;
      result.total++;
      const item = parseLine(line, index + 1, ctx);
      if ("reason" in item) result.errors.push(item);
      else result.events.push(...item);
    });
    return result;
  },
};
