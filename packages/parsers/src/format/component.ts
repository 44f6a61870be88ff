// Record formats are registered components (Vector-style): an id, a one-line description, a
// config with defaults and a validator, and `build(config)` returning a pure record parser.
// A record parser never throws: bad input yields `{ ok: false, error: { position, reason } }`.
import type { VigilEvent } from "@vigil/schema";

/** The ECS sections a format fills; the event builder adds id, time, vigil, original and raw. */
export type EcsFields = Omit<Partial<VigilEvent>, "id" | "raw" | "original" | "vigil" | "@timestamp">;

export interface ParsedRecord {
  time?: Date;
  /** Fields under the names the format uses (CEF keys, EventData names, ...). */
  original: Record<string, unknown>;
  fields: EcsFields;
}

export interface RecordError {
  /** 0-based character offset in the record where parsing stopped. */
  position: number;
  reason: string;
}

export type RecordResult = { ok: true; record: ParsedRecord } | { ok: false; error: RecordError };

export interface RecordContext {
  /** Reference instant: receive time, also used to resolve a missing year. */
  receivedAt: Date;
}

export type RecordParser = (raw: string, ctx: RecordContext) => RecordResult;

export type ConfigCheck<C> = { ok: true; config: C } | { ok: false; reason: string };

export interface FormatComponent<C extends object = object> {
  id: FormatId;
  description: string;
  defaults: C;
  /** Validates a source's config (merged over the defaults). */
  configure(config: unknown): ConfigCheck<C>;
  build(config: C): RecordParser;
}

export type FormatId =
  | "syslog"
  | "linux-auth"
  | "iptables"
  | "auditd"
  | "cef"
  | "leef"
  | "windows"
  | "access-log"
  | "squid"
  | "cloudtrail"
  | "okta"
  | "json";

export function fail(position: number, reason: string): { ok: false; error: RecordError } {
  return { ok: false, error: { position, reason } };
}

export function ok(record: ParsedRecord): { ok: true; record: ParsedRecord } {
  return { ok: true, record };
}

/** Config validator for components without options: anything but an empty object is refused. */
export function noConfig(id: string) {
  return (config: unknown): ConfigCheck<object> => {
    if (config === undefined || config === null) return { ok: true, config: {} };
    if (typeof config === "object" && !Array.isArray(config) && Object.keys(config).length === 0) return { ok: true, config: {} };
    return { ok: false, reason: `format "${id}" takes no options` };
  };
}
