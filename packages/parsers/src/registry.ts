import type { ParserComponent } from "./component";
import { hecEventParser } from "./hec/hec-event";
import { ndjsonParser } from "./ndjson/ndjson";

export const parsers: ReadonlyMap<string, ParserComponent> = new Map(
  [hecEventParser, ndjsonParser].map((p) => [p.id, p]),
);

export function getParser(id: string): ParserComponent {
  const parser = parsers.get(id);
  if (!parser) throw new Error(`unknown parser "${id}" (known: ${[...parsers.keys()].join(", ")})`);
  return parser;
}
