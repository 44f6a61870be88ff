export type { ParseContext, ParseItemError, ParseResult, ParserComponent } from "./component";
export { MAX_ITEMS_PER_BODY } from "./component";
export { hecEventParser } from "./hec/hec-event";
export { ndjsonParser } from "./ndjson/ndjson";
export { parsers, getParser } from "./registry";
export { eventId, toVigilEvent } from "./normalize/to-event";
export type { NormalizeInput } from "./normalize/to-event";
export { splitJsonValues, MAX_JSON_DEPTH } from "./json/scan";
export { storableString } from "./json/parse";
