// Field candidates for the common ECS fields, in priority order. Looked up by dotted path, so
// both nested (`{"user":{"name":..}}`) and flat (`{"user.name":..}`) senders are understood.
import { isIP } from "node:net";
import type { FieldReader } from "./field-reader";
import { fieldReader } from "./field-reader";

export const CANDIDATES = {
  action: ["event.action", "action", "event_action", "eventType", "event_type", "eventName", "EventName", "activity"],
  outcome: ["event.outcome", "outcome", "result", "status", "success", "event.result"],
  category: ["event.category", "category", "event_category"],
  code: ["event.code", "EventID", "event_id", "eventId", "EventCode"],
  user: ["user.name", "user", "username", "user_name", "userName", "TargetUserName", "SubjectUserName", "actor.alternateId", "userIdentity.userName", "account"],
  ip: ["source.ip", "src_ip", "src", "ip", "IpAddress", "client_ip", "clientIp", "client.ip", "sourceIPAddress", "remote_addr"],
  host: ["host.name", "host", "hostname", "Computer", "computer_name", "device.hostname", "host.hostname", "_HOSTNAME"],
  file: ["file.path", "file_path", "filepath", "TargetFilename", "ObjectName", "file"],
  command: ["process.command_line", "CommandLine", "command_line", "cmdline"],
  processName: ["process.name", "process_name", "Image"],
  url: ["url.original", "url", "uri", "request_url"],
  message: ["message", "msg", "Message", "MESSAGE"],
  timestamp: ["@timestamp", "timestamp", "time", "eventTime", "published", "TimeCreated", "__REALTIME_TIMESTAMP"],
} as const;

const compiledLists = new WeakMap<readonly string[], readonly FieldReader[]>();

/** Readers of a path list, compiled on first use (lists are module constants, so this is once). */
function readersOf(paths: readonly string[]): readonly FieldReader[] {
  let readers = compiledLists.get(paths);
  if (!readers) compiledLists.set(paths, (readers = paths.map(fieldReader)));
  return readers;
}

/** Windows/ECS placeholders that mean "no value". */
const EMPTY = new Set(["", "-", "N/A", "null"]);

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return EMPTY.has(value.trim()) ? undefined : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** First usable text among `paths` in the given documents (earlier documents win). */
export function pickText(docs: readonly unknown[], paths: readonly string[]): string | undefined {
  const readers = readersOf(paths);
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d];
    for (let i = 0; i < readers.length; i++) {
      const text = asText((readers[i] as FieldReader)(doc));
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

/** First raw value among `paths` (booleans and numbers kept as they are). */
export function pickValue(docs: readonly unknown[], paths: readonly string[]): unknown {
  const readers = readersOf(paths);
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d];
    for (let i = 0; i < readers.length; i++) {
      const value = (readers[i] as FieldReader)(doc);
      if (value !== undefined && value !== null && value !== "") return value;
    }
  }
  return undefined;
}

/** Accepts IPv4, IPv6 (also `[v6]` and `v6%zone`); returns undefined for anything else. */
export function validIp(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bare = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value;
  return isIP(bare) === 0 ? undefined : bare;
}

export function pickIp(docs: readonly unknown[]): string | undefined {
  const readers = readersOf(CANDIDATES.ip);
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d];
    for (let i = 0; i < readers.length; i++) {
      const ip = validIp(asText((readers[i] as FieldReader)(doc)));
      if (ip !== undefined) return ip;
    }
  }
  return undefined;
}
