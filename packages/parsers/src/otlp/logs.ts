// OTLP/HTTP logs in JSON (POST /v1/logs, ExportLogsServiceRequest): resourceLogs -> scopeLogs ->
// logRecords, each log record one event. Resource attributes (host.name, service.name, ...) apply
// to every record of the resource; a record's own attributes win. OpenTelemetry semantic-convention
// names are mapped to the event model; everything as sent stays under `original`.
// A malformed request (not JSON, not an ExportLogsServiceRequest) is refused as a whole; a
// malformed record is rejected alone, with its path, and the others are kept.
import type { VigilEvent } from "@vigil/schema";
import type { ParseContext, ParseItemError, ParseResult, ParserComponent } from "../component";
import { itemError, MAX_ITEMS_PER_BODY } from "../component";
import type { EcsFields } from "../format/component";
import { compact, text, toInt, toIp, toPort } from "../format/util";
import { describeJsonType, parseJson } from "../json/parse";
import { toVigilEvent } from "../normalize/to-event";
import { decodeAnyValue, decodeAttributes, isObject, lookup, setOwn, type Decoded } from "./any-value";

export type OtlpLogsParse = { ok: true; result: ParseResult } | { ok: false; reason: string };

const UINT64 = /^\d{1,20}$/;
const HEX = /^[0-9a-f]*$/i;
const MAX_UINT64 = 2n ** 64n - 1n;

interface Container {
  attributes: Record<string, unknown>;
  scope?: { name?: string; version?: string };
}

function nanosToDate(value: unknown, path: string): Decoded<Date | undefined> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  const digits = typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof digits !== "string" || !UINT64.test(digits)) return { ok: false, path, reason: "expected nanoseconds since the Unix epoch (a decimal string)" };
  const nanos = BigInt(digits);
  if (nanos === 0n) return { ok: true, value: undefined }; // 0 means unknown
  if (nanos > MAX_UINT64) return { ok: false, path, reason: "beyond the fixed64 range" };
  return { ok: true, value: new Date(Number(nanos / 1_000_000n)) };
}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"];

/** severityNumber is an enum: an integer 0..24 in OTLP/JSON (names such as "SEVERITY_NUMBER_WARN" accepted too). */
function severityNumber(value: unknown, path: string): Decoded<number | undefined> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value === "string") {
    const m = /^SEVERITY_NUMBER_(UNSPECIFIED|TRACE|DEBUG|INFO|WARN|ERROR|FATAL)([2-4])?$/.exec(value);
    if (!m) return { ok: false, path, reason: `unknown severityNumber "${value}"` };
    const base = LEVELS.indexOf((m[1] as string).toLowerCase());
    return { ok: true, value: base < 0 ? undefined : base * 4 + Number(m[2] ?? 1) };
  }
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 24) return { ok: true, value: value === 0 ? undefined : value };
  return { ok: false, path, reason: "severityNumber must be an integer from 0 to 24" };
}

function hexId(value: unknown, path: string, bytes: number): Decoded<string | undefined> {
  if (value === undefined || value === null || value === "") return { ok: true, value: undefined };
  if (typeof value !== "string" || value.length !== bytes * 2 || !HEX.test(value)) {
    return { ok: false, path, reason: `expected ${bytes * 2} hexadecimal characters` };
  }
  return { ok: true, value: value.toLowerCase() };
}

const str = (attrs: Record<string, unknown>, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const v = text(lookup(attrs, key));
    if (v !== undefined) return v;
  }
  return undefined;
};

function outcome(value: string | undefined): VigilEvent["event"]["outcome"] {
  const v = value?.toLowerCase();
  return v === "success" || v === "failure" || v === "unknown" ? v : undefined;
}

/** Semantic conventions (resource + record attributes merged) -> ECS sections of the event model. */
function fields(attrs: Record<string, unknown>, record: { level?: string; severity?: number; message?: string; eventName?: string; scope?: string }): EcsFields {
  return {
    event: compact({
      action: str(attrs, "event.action") ?? record.eventName ?? str(attrs, "event.name"),
      outcome: outcome(str(attrs, "event.outcome")),
      category: str(attrs, "event.category"),
      severity: record.severity,
      provider: record.scope,
      dataset: str(attrs, "event.dataset"),
    }) ?? {},
    user: compact({ name: str(attrs, "user.name", "enduser.id"), id: str(attrs, "user.id") }),
    source: compact({
      ip: toIp(lookup(attrs, "client.address")) ?? toIp(lookup(attrs, "source.address")) ?? toIp(lookup(attrs, "network.peer.address")) ?? toIp(lookup(attrs, "net.peer.ip")),
      port: toPort(lookup(attrs, "client.port")) ?? toPort(lookup(attrs, "source.port")),
    }),
    destination: compact({
      ip: toIp(lookup(attrs, "server.address")) ?? toIp(lookup(attrs, "destination.address")),
      port: toPort(lookup(attrs, "server.port")) ?? toPort(lookup(attrs, "destination.port")),
    }),
    host: compact({ name: str(attrs, "host.name", "host.hostname") }),
    process: compact({
      name: str(attrs, "process.executable.name"),
      executable: str(attrs, "process.executable.path"),
      command_line: str(attrs, "process.command_line"),
      pid: toInt(lookup(attrs, "process.pid")),
    }),
    url: compact({ original: str(attrs, "url.full"), path: str(attrs, "url.path") }),
    http: compact({
      request: compact({ method: str(attrs, "http.request.method", "http.method") }),
      response: compact({ status_code: toInt(lookup(attrs, "http.response.status_code")) ?? toInt(lookup(attrs, "http.status_code")) }),
    }),
    user_agent: compact({ original: str(attrs, "user_agent.original") }),
    cloud: compact({ provider: str(attrs, "cloud.provider"), region: str(attrs, "cloud.region"), account: compact({ id: str(attrs, "cloud.account.id") }) }),
    observer: compact({ product: str(attrs, "service.name"), version: str(attrs, "service.version") }),
    log: compact({ level: record.level }),
    message: record.message,
  };
}

function levelOf(severityText: string | undefined, severity: number | undefined): string | undefined {
  if (severityText) return severityText.toLowerCase();
  return severity === undefined ? undefined : LEVELS[Math.floor((severity - 1) / 4)];
}

function parseRecord(value: unknown, path: string, container: Container, ctx: ParseContext): Decoded<VigilEvent> {
  if (!isObject(value)) return { ok: false, path, reason: `expected a LogRecord object, got ${describeJsonType(value)}` };
  const time = nanosToDate(value.timeUnixNano, `${path}.timeUnixNano`);
  if (!time.ok) return time;
  const observed = nanosToDate(value.observedTimeUnixNano, `${path}.observedTimeUnixNano`);
  if (!observed.ok) return observed;
  const severity = severityNumber(value.severityNumber, `${path}.severityNumber`);
  if (!severity.ok) return severity;
  if (value.severityText !== undefined && typeof value.severityText !== "string") return { ok: false, path: `${path}.severityText`, reason: "expected a string" };
  if (value.eventName !== undefined && typeof value.eventName !== "string") return { ok: false, path: `${path}.eventName`, reason: "expected a string" };
  const body = decodeAnyValue(value.body, `${path}.body`);
  if (!body.ok) return body;
  const own = decodeAttributes(value.attributes, `${path}.attributes`);
  if (!own.ok) return own;
  const traceId = hexId(value.traceId, `${path}.traceId`, 16);
  if (!traceId.ok) return traceId;
  const spanId = hexId(value.spanId, `${path}.spanId`, 8);
  if (!spanId.ok) return spanId;

  // Resource attributes first, then the record's: the more specific one wins on a clash.
  const original: Record<string, unknown> = structuredClone(container.attributes);
  for (const [k, v] of Object.entries(own.value)) mergeInto(original, k, v);
  const severityText = value.severityText || undefined;
  const message = typeof body.value === "string" ? body.value : body.value === null ? undefined : JSON.stringify(body.value);
  const extra = compact({
    body: body.value ?? undefined,
    severity_text: severityText,
    severity_number: severity.value,
    trace_id: traceId.value,
    span_id: spanId.value,
    event_name: value.eventName || undefined,
    scope: container.scope,
  });
  for (const [k, v] of Object.entries(extra ?? {})) setOwn(original, k, v);
  const event = toVigilEvent({
    tenantId: ctx.tenantId,
    receivedAt: ctx.receivedAt,
    receiver: "otlp",
    // The record as sent, with its resource, so that identical records from two services differ.
    raw: JSON.stringify({ resource: container.attributes, scope: container.scope, logRecord: value }),
    original,
    time: time.value ?? observed.value ?? ctx.receivedAt,
    format: "otlp-logs",
    fields: fields(original, { level: levelOf(severityText, severity.value), severity: severity.value, message, eventName: value.eventName || undefined, scope: container.scope?.name }),
  });
  return { ok: true, value: event };
}

function mergeInto(target: Record<string, unknown>, key: string, value: unknown): void {
  const current = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
  if (isObject(current) && isObject(value)) {
    for (const [k, v] of Object.entries(value)) mergeInto(current, k, v);
  } else {
    setOwn(target, key, value);
  }
}

/** Walks the request; `visit` gets each log record (or the error of a malformed container). */
function walk(request: Record<string, unknown>, visit: (item: Decoded<{ record: unknown; path: string; container: Container }>) => void): void {
  const resourceLogs: unknown[] = Array.isArray(request.resourceLogs) ? request.resourceLogs : [];
  resourceLogs.forEach((rl: unknown, i) => {
    const rPath = `resourceLogs[${i}]`;
    if (!isObject(rl)) return visit({ ok: false, path: rPath, reason: "expected a ResourceLogs object" });
    const resource = rl.resource === undefined ? {} : rl.resource;
    if (!isObject(resource)) return visit({ ok: false, path: `${rPath}.resource`, reason: "expected a Resource object" });
    const attributes = decodeAttributes(resource.attributes, `${rPath}.resource.attributes`);
    if (!attributes.ok) return visit(attributes);
    const scopeLogs = rl.scopeLogs ?? [];
    if (!Array.isArray(scopeLogs)) return visit({ ok: false, path: `${rPath}.scopeLogs`, reason: "expected an array" });
    scopeLogs.forEach((sl: unknown, j) => {
      const sPath = `${rPath}.scopeLogs[${j}]`;
      if (!isObject(sl)) return visit({ ok: false, path: sPath, reason: "expected a ScopeLogs object" });
      const scope = sl.scope;
      if (scope !== undefined && !isObject(scope)) return visit({ ok: false, path: `${sPath}.scope`, reason: "expected an InstrumentationScope object" });
      const container: Container = {
        attributes: attributes.value,
        scope: scope ? compact({ name: typeof scope.name === "string" && scope.name ? scope.name : undefined, version: typeof scope.version === "string" && scope.version ? scope.version : undefined }) : undefined,
      };
      const records = sl.logRecords ?? [];
      if (!Array.isArray(records)) return visit({ ok: false, path: `${sPath}.logRecords`, reason: "expected an array" });
      records.forEach((record: unknown, k) => visit({ ok: true, value: { record, path: `${sPath}.logRecords[${k}]`, container } }));
    });
  });
}

/** Parses an ExportLogsServiceRequest body. `ok: false` when the body as a whole is not one. */
export function parseOtlpLogs(body: string, ctx: ParseContext): OtlpLogsParse {
  const parsed = parseJson(body);
  if (!parsed.ok) return { ok: false, reason: `body is not JSON: ${parsed.reason}` };
  if (!isObject(parsed.value)) return { ok: false, reason: `expected an ExportLogsServiceRequest object, got ${describeJsonType(parsed.value)}` };
  const request = parsed.value;
  if (request.resourceLogs !== undefined && !Array.isArray(request.resourceLogs)) return { ok: false, reason: "resourceLogs must be an array" };

  const items: Decoded<{ record: unknown; path: string; container: Container }>[] = [];
  walk(request, (item) => items.push(item));
  const maxItems = ctx.maxItems ?? MAX_ITEMS_PER_BODY;
  if (items.length > maxItems) return { ok: true, result: { events: [], errors: [], total: items.length, tooManyItems: true } };

  const result: ParseResult = { events: [], errors: [], total: items.length };
  items.forEach((item, index) => {
    const decoded = item.ok ? parseRecord(item.value.record, item.value.path, item.value.container, ctx) : item;
    if (decoded.ok) result.events.push(decoded.value);
    else result.errors.push(recordError(index + 1, decoded, item.ok ? item.value.record : undefined));
  });
  return { ok: true, result };
}

function recordError(item: number, error: { path: string; reason: string }, record: unknown): ParseItemError {
  let raw = "";
  try {
    raw = record === undefined ? "" : (JSON.stringify(record) ?? "");
  } catch {
    raw = "";
  }
  return itemError("event", item, `${error.path}: ${error.reason}`, raw);
}

/** The parser as a registered component: a request that is not an ExportLogsServiceRequest is one bad item. */
export const otlpLogsParser: ParserComponent = {
  id: "otlp-logs",
  description: "OTLP/HTTP JSON logs (ExportLogsServiceRequest): one event per log record, resource attributes applied.",
  unit: "event",
  receiver: "otlp",
  parse(body: string, ctx: ParseContext): ParseResult {
    const parsed = parseOtlpLogs(body, ctx);
    if (parsed.ok) return parsed.result;
    return { events: [], errors: [itemError("event", 1, parsed.reason, body.slice(0, 65_536))], total: 1 };
  },
};
