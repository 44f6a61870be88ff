// Field candidates for the common ECS fields, in priority order. Looked up by dotted path, so
// both nested (`{"user":{"name":..}}`) and flat (`{"user.name":..}`) senders are understood.
import { getField } from "@vigil/schema";
import { isIP } from "node:net";

export const CANDIDATES = {
  action: ["event.action", "action", "event_action", "eventType", "event_type", "eventName", "EventName", "activity"],
  outcome: ["event.outcome", "outcome", "result", "status", "success", "event.result"],
  category: ["event.category", "category", "event_category"],
  code: ["event.code", "EventID", "event_id", "eventId", "EventCode"],
  user: ["user.name", "user", "username", "user_name", "userName", "TargetUserName", "SubjectUserName", "actor.alternateId", "userIdentity.userName", "account"],
  ip: ["source.ip", "src_ip", "src", "ip", "IpAddress", "client_ip", "clientIp", "client.ip", "sourceIPAddress", "remote_addr"],
  host: ["host.name", "host", "hostname", "Computer", "computer_name", "device.hostname"],
  file: ["file.path", "file_path", "filepath", "TargetFilename", "ObjectName", "file"],
  command: ["process.command_line", "CommandLine", "command_line", "cmdline"],
  processName: ["process.name", "process_name", "Image"],
  url: ["url.original", "url", "uri", "request_url"],
  message: ["message", "msg", "Message"],
  timestamp: ["@timestamp", "timestamp", "time", "eventTime", "published", "TimeCreated"],
} as const;

/** Windows/ECS placeholders that mean "no value". */
const EMPTY = new Set(["", "-", "N/A", "null"]);

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return EMPTY.has(value.trim()) ? undefined : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** First usable text among `paths` in the given documents (earlier documents win). */
export function pickText(docs: readonly unknown[], paths: readonly string[]): string | undefined {
  for (const doc of docs) {
    for (const path of paths) {
      const text = asText(getField(doc, path));
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

/** First raw value among `paths` (booleans and numbers kept as they are). */
export function pickValue(docs: readonly unknown[], paths: readonly string[]): unknown {
  for (const doc of docs) {
    for (const path of paths) {
      const value = getField(doc, path);
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
  for (const doc of docs) {
    for (const path of CANDIDATES.ip) {
      const ip = validIp(asText(getField(doc, path)));
      if (ip !== undefined) return ip;
    }
  }
  return undefined;
}
