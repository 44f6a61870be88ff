// A body of newline-separated records (syslog over TCP/UDP, raw HEC, files) as a parser
// component: each line through parseAny with the source's format or per-line detection.
import type { Receiver } from "@vigil/schema";
import type { ParseContext, ParseResult, ParserComponent } from "../component";
import { itemError, tooMany } from "../component";
import type { FormatId } from "./component";
import { parseAny } from "./parse-any";

export interface LineParserOptions {
  id?: string;
  receiver: Receiver;
  format?: FormatId | "auto";
  config?: Partial<Record<FormatId, unknown>>;
}

export function createLineParser(options: LineParserOptions): ParserComponent {
  const format = options.format ?? "auto";
  return {
    id: options.id ?? `lines:${format}`,
    description: `Newline-separated records, ${format === "auto" ? "format detected per line" : `format ${format}`}.`,
    unit: "line",
    receiver: options.receiver,
    parse(body: string, ctx: ParseContext): ParseResult {
      const lines = body.split("\n");
      const refused = tooMany(lines.filter((l) => l.trim() !== "").length, ctx);
      if (refused) return refused;
      const result: ParseResult = { events: [], errors: [], total: 0 };
      const opts = { tenantId: ctx.tenantId, receivedAt: ctx.receivedAt, receiver: options.receiver, format, config: options.config };
      lines.forEach((rawLine, index) => {
        if (rawLine.trim() === "") return;
        result.total++;
        const parsed = parseAny(rawLine, opts);
        if (parsed.ok) result.events.push(parsed.event);
        else result.errors.push(itemError("line", index + 1, `${parsed.error.format}: ${parsed.error.reason} (column ${parsed.error.position + 1})`, rawLine));
      });
      return result;
    },
  };
}
