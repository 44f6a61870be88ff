// Squid's native access log (logformat squid), the default of most Squid installs:
//   %ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt
//   1795946000.123    150 10.0.0.5 TCP_MISS/200 4512 GET http://example.com/a.js - HIER_DIRECT/93.184.216.34 text/javascript
// A proxy log (`event.module` "proxy"): Sigma's proxy rules read it through the taxonomy names
// (`c-uri`, `cs-host`, `cs-method`, `sc-status`, `c-uri-extension`, ...). The native format has no
// user agent; Squid's `combined` format has one and is read by the access-log parser.
import type { FormatComponent, ParsedRecord, RecordResult } from "../../format/component";
import { fail, noConfig, ok } from "../../format/component";
import { compact, proxyTarget, text, toInt, toIp } from "../../format/util";
import { OCSF } from "../linux/ocsf";

const SQUID = /^(\d{9,11})\.(\d{3})\s+(\d+)\s+(\S+)\s+([A-Z_]+)\/(\d{3})\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+([A-Z_]+)\/(\S+)(?:\s+(\S+))?/;

export function isSquid(line: string): boolean {
  return SQUID.test(line);
}

export function squidRecord(line: string): ParsedRecord | undefined {
  const m = SQUID.exec(line);
  if (!m) return undefined;
  const [, seconds, millis, elapsed, client, result, status, bytes, method, target, user, hierarchy, peer, type] = m as unknown as string[];
  const code = toInt(status) as number;
  const clientIp = toIp(client);
  const peerIp = toIp(peer);
  const fields: ParsedRecord["fields"] = {
    event: compact({
      action: (result as string).toLowerCase(),
      category: "web",
      type: (result as string).includes("DENIED") ? "denied" : undefined,
      // Squid logs status 000 when no reply was received (aborted, or an error before one).
      outcome: code === 0 ? undefined : code < 400 ? ("success" as const) : ("failure" as const),
      module: "proxy",
    })!,
    source: compact({ ip: clientIp, domain: clientIp === undefined ? client : undefined }),
    destination: compact({ ip: peerIp, domain: peerIp === undefined && peer !== "-" ? peer : undefined }),
    user: compact({ name: text(user) }),
    url: proxyTarget(method, target as string),
    http: compact({ request: compact({ method: text(method) }), response: compact({ status_code: code === 0 ? undefined : code, bytes: toInt(bytes) }) }),
    observer: { vendor: "Squid", product: "squid" },
    ocsf: { class_uid: OCSF.httpActivity },
  };
  const original = compact({
    timestamp: `${seconds}.${millis}`, elapsed: toInt(elapsed), clientip: client, result_code: result, status: code, bytes: toInt(bytes),
    method, url: target, user: text(user), hierarchy, peer: text(peer), content_type: text(type),
  }) ?? {};
  return { time: new Date(Number(seconds) * 1000 + Number(millis)), original, fields };
}

export function parseSquid(line: string): RecordResult {
  const record = squidRecord(line);
  return record ? ok(record) : fail(0, "not a Squid native access log line: expected time elapsed client code/status bytes method URL user hierarchy/peer type");
}

export const squidFormat: FormatComponent = {
  id: "squid",
  description: "Squid native access log (logformat squid): proxy requests with URL, method, status, bytes, user and peer.",
  defaults: {},
  configure: noConfig("squid"),
  build: () => (raw) => parseSquid(raw),
};
