// Request-level metadata (HEC raw query string, ES `_index`) stamped on a parser's events.
import type { ParserComponent } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";

export interface Metadata {
  host?: string | undefined;
  source?: string | undefined;
  sourcetype?: string | undefined;
  index?: string | undefined;
}

export function stamp(event: VigilEvent, meta: Metadata): VigilEvent {
  const vigil = { ...event.vigil };
  if (meta.source !== undefined) vigil.source = meta.source;
  if (meta.sourcetype !== undefined) vigil.sourcetype = meta.sourcetype;
  if (meta.index !== undefined) vigil.index = meta.index;
  const host = meta.host !== undefined && event.host?.name === undefined ? { ...event.host, name: meta.host } : event.host;
  return { ...event, vigil, ...(host ? { host } : {}) };
}

export function withMetadata(parser: ParserComponent, meta: Metadata): ParserComponent {
  if (Object.values(meta).every((v) => v === undefined)) return parser;
  return { ...parser, parse: (body, ctx) => {
    const result = parser.parse(body, ctx);
    return { ...result, events: result.events.map((e) => stamp(e, meta)) };
  } };
}

/** The authenticating token's default source type on the events that name none (Splunk HEC's token setting). */
export function withDefaultSourcetype(parser: ParserComponent, sourcetype: string | undefined): ParserComponent {
  if (sourcetype === undefined) return parser;
  return { ...parser, parse: (body, ctx) => {
    const result = parser.parse(body, ctx);
    const events = result.events.map((e) => (e.vigil.sourcetype === undefined ? { ...e, vigil: { ...e.vigil, sourcetype } } : e));
    return { ...result, events };
  } };
}
