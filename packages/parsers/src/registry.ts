import type { ParserComponent } from "./component";
import { createLineParser } from "./format/lines";
import { hecEventParser } from "./hec/hec-event";
import { ndjsonParser } from "./ndjson/ndjson";

/** Syslog bodies (one message per line): format detected per line, so CEF/LEEF/JSON inside work too. */
export const syslogLinesParser = createLineParser({ id: "syslog-lines", receiver: "syslog" });
/** HEC /services/collector/raw bodies: newline-separated records of any known format. */
export const rawLinesParser = createLineParser({ id: "raw-lines", receiver: "hec-raw" });

export const parsers: ReadonlyMap<string, ParserComponent> = new Map(
  [hecEventParser, ndjsonParser, syslogLinesParser, rawLinesParser].map((p) => [p.id, p]),
);

export function getParser(id: string): ParserComponent {
  const parser = parsers.get(id);
  if (!parser) throw new Error(`unknown parser "${id}" (known: ${[...parsers.keys()].join(", ")})`);
  return parser;
}
