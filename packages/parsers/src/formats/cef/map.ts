// CEF and LEEF keys to ECS. Both formats share most of the meaning under different names
// (CEF `src`/`spt`/`suser`, LEEF `src`/`srcPort`/`usrName`), so one table serves both.
import type { ParsedRecord, RecordContext } from "../../format/component";
import { compact, toInt, toIp, toPort, urlParts } from "../../format/util";
import { toOutcome } from "../../normalize/outcome";
import { parseTimestamp } from "../../normalize/time";
import { OCSF } from "../linux/ocsf";
import { parseOffset } from "../syslog/time";

type Ext = Record<string, string>;

function first(ext: Ext, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = ext[key];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const CEF_DATE = /^([A-Z][a-z]{2}) (\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: (Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/;

/** CEF/LEEF times: epoch ms, ISO 8601, or "MMM dd [yyyy] HH:mm:ss[.SSS] [zone]" (UTC when no zone). */
export function parseDeviceTime(value: string | undefined, ref: Date): Date | undefined {
  if (value === undefined) return undefined;
  const m = CEF_DATE.exec(value.trim());
  if (!m) return parseTimestamp(value);
  const month = MONTHS.indexOf(m[1] as string);
  const offset = m[8] === undefined || m[8] === "GMT" ? 0 : parseOffset(m[8]);
  if (month < 0 || offset === undefined) return undefined;
  const year = m[3] === undefined ? ref.getUTCFullYear() : Number(m[3]);
  const ms = Date.UTC(year, month, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]), Number((m[7] ?? "0").padEnd(3, "0")));
  return Number.isFinite(ms) ? new Date(ms - offset * 60_000) : undefined;
}

const SEVERITY_WORDS: Record<string, number> = { low: 3, medium: 6, high: 8, "very-high": 10 };

function severity(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  return toInt(value) ?? SEVERITY_WORDS[value.toLowerCase()];
}

function ocsfClass(ext: Ext): number {
  if (first(ext, ["request", "url"]) !== undefined) return OCSF.httpActivity;
  if (first(ext, ["src", "dst", "srcPort", "dstPort", "spt", "dpt"]) !== undefined) return OCSF.networkActivity;
  return OCSF.securityFinding;
}

function endpoints(ext: Ext) {
  return {
    source: compact({ ip: toIp(first(ext, ["src", "sourceTranslatedAddress"])), port: toPort(first(ext, ["spt", "srcPort"])), domain: first(ext, ["shost", "srcHostName"]), mac: first(ext, ["smac", "srcMAC"]) }),
    destination: compact({ ip: toIp(first(ext, ["dst"])), port: toPort(first(ext, ["dpt", "dstPort"])), domain: first(ext, ["dhost", "dstHostName"]), mac: first(ext, ["dmac", "dstMAC"]) }),
    network: compact({ transport: first(ext, ["proto"])?.toLowerCase(), protocol: first(ext, ["app"])?.toLowerCase(), bytes: toInt(first(ext, ["in", "srcBytes"])) }),
  };
}


function actor(ext: Ext) {
  const suser = first(ext, ["suser", "usrName", "accountName"]);
  const duser = first(ext, ["duser", "dstUserName"]);
  return compact({ name: suser ?? duser, domain: first(ext, ["sntdom", "domain"]), target: suser !== undefined ? compact({ name: duser }) : undefined });
}

export function securityFields(original: Record<string, unknown>, ext: Ext, format: "cef" | "leef", ctx: RecordContext): ParsedRecord {
  const name = typeof original.name === "string" ? original.name : undefined;
  const time = parseDeviceTime(first(ext, ["rt", "devTime", "end", "start"]), ctx.receivedAt);
  const fields: ParsedRecord["fields"] = {
    event: compact({
      action: first(ext, ["act", "action"]) ?? name,
      outcome: toOutcome(first(ext, ["outcome", "eventOutcome", "result"])),
      category: first(ext, ["cat"]),
      code: typeof original.deviceEventClassId === "string" ? original.deviceEventClassId : (original.eventId as string | undefined),
      severity: severity(original.severity ?? ext.sev),
      module: format,
    })!,
    ...endpoints(ext),
    user: actor(ext),
    host: compact({ name: first(ext, ["dvchost", "identHostName"]), ip: toIp(first(ext, ["dvc", "identSrc"])) }),
    url: urlParts(first(ext, ["request", "url"])),
    http: compact({ request: compact({ method: first(ext, ["requestMethod", "method"]) }) }),
    user_agent: compact({ original: first(ext, ["requestClientApplication", "userAgent"]) }),
    file: compact({ name: first(ext, ["fname"]), path: first(ext, ["filePath"]) }),
    process: compact({ name: first(ext, ["sproc", "dproc"]), pid: toInt(first(ext, ["spid", "dpid"])) }),
    observer: compact({ vendor: original.deviceVendor as string | undefined ?? (original.vendor as string | undefined), product: (original.deviceProduct ?? original.product) as string | undefined, version: (original.deviceVersion ?? original.version) as string | undefined }),
    rule: compact({ name }),
    message: first(ext, ["msg"]) ?? name,
    ocsf: { class_uid: ocsfClass(ext) },
  };
  return { original, fields, ...(time ? { time } : {}) };
}
