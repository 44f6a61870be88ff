// Apache/nginx access logs: common and combined formats (extra trailing fields ignored).
//   %h %l %u [%t] "%r" %>s %b ["%{Referer}i" "%{User-agent}i"]
// The same format written by a forward proxy (Squid's `combined`, nginx or Apache as a proxy)
// requests absolute URLs (`GET http://host/path`) or tunnels (`CONNECT host:443`): such a line is a
// proxy log (`event.module` "proxy", `url.domain` from the URL), for Sigma's proxy rules.
import type { FormatComponent, ParsedRecord, RecordResult } from "../../format/component";
import { fail, noConfig, ok } from "../../format/component";
import { compact, proxyTarget, text, toInt, toIp, URL_SCHEME, urlExtension } from "../../format/util";
import { OCSF } from "../linux/ocsf";

const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const ACCESS = new RegExp(String.raw`^(\S+) (\S+) (\S+) \[([^\]]{1,64})\] ${QUOTED} (\d{3}|-) (\d+|-)(?: ${QUOTED} ${QUOTED})?`);
const CLF_TIME = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))? ([+-])(\d{2})(\d{2})$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "10/Oct/2000:13:55:36 -0700" */
export function parseClfTime(value: string): Date | undefined {
  const m = CLF_TIME.exec(value);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] as string);
  if (month < 0) return undefined;
  const offset = (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const ms = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), Number((m[7] ?? "0").padEnd(3, "0")));
  return new Date(ms - offset * 60_000);
}

const unescape = (s: string | undefined) => (s === undefined ? undefined : s.replace(/\\(["\\])/g, "$1"));

function requestFields(request: string) {
  const m = /^([A-Z]{1,16}) (\S+)(?: (HTTP\/[\d.]+))?$/.exec(request);
  if (!m) return { url: compact({ original: text(request) }), proxy: false };
  const target = m[2] as string;
  const proxy = m[1] === "CONNECT" || URL_SCHEME.test(target);
  if (proxy) {
    return { method: m[1], version: m[3]?.slice(5), url: proxyTarget(m[1], target), proxy };
  }
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  return {
    method: m[1],
    version: m[3]?.slice(5),
    url: compact({ original: target, path, query: q < 0 ? undefined : target.slice(q + 1), extension: urlExtension(path) }),
    proxy: false,
  };
}

export function accessLogRecord(line: string): ParsedRecord | undefined {
  const m = ACCESS.exec(line);
  if (!m) return undefined;
  const [, client, ident, user, time, rawRequest, status, bytes, referrer, agent] = m;
  const request = unescape(rawRequest) as string;
  const code = toInt(status);
  const r = requestFields(request);
  const ip = toIp(client);
  const parsedTime = parseClfTime(time as string);
  const fields: ParsedRecord["fields"] = {
    event: compact({ action: "http-request", category: "web", outcome: code === undefined ? undefined : code < 400 ? ("success" as const) : ("failure" as const), module: r.proxy ? "proxy" : "access-log" })!,
    source: compact({ ip, domain: ip === undefined ? client : undefined }),
    user: compact({ name: text(user) }),
    url: r.url,
    http: compact({ request: compact({ method: r.method, referrer: text(unescape(referrer)) }), response: compact({ status_code: code, bytes: toInt(bytes) }), version: r.version }),
    user_agent: compact({ original: text(unescape(agent)) }),
    ocsf: { class_uid: OCSF.httpActivity },
  };
  const original = compact({ clientip: client, ident: text(ident), auth: text(user), timestamp: time, request, status: code, bytes: toInt(bytes), referrer: unescape(referrer), agent: unescape(agent) }) ?? {};
  return { original, fields, ...(parsedTime ? { time: parsedTime } : {}) };
}

export function parseAccessLog(line: string): RecordResult {
  const record = accessLogRecord(line);
  if (!record) return fail(0, 'not an access log line: expected %h %l %u [%t] "%r" %>s %b ["referer" "agent"]');
  if (record.time === undefined) return fail(line.indexOf("[") + 1, `invalid access log time "${record.original.timestamp as string}"`);
  return ok(record);
}

export const accessLogFormat: FormatComponent = {
  id: "access-log",
  description: "Apache/nginx access log, common or combined format.",
  defaults: {},
  configure: noConfig("access-log"),
  build: () => (raw) => parseAccessLog(raw),
};
