import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { otlpLogsParser, parseOtlpLogs } from "./index";

const ctx = { tenantId: "t-1", receivedAt: new Date("2026-11-27T12:00:00.000Z") };
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const parse = (body: string, maxItems?: number) => {
  const r = parseOtlpLogs(body, { ...ctx, maxItems });
  if (!r.ok) throw new Error(`unexpected refusal: ${r.reason}`);
  return r.result;
};
const request = (records: unknown[], resource: unknown[] = []) =>
  JSON.stringify({ resourceLogs: [{ resource: { attributes: resource }, scopeLogs: [{ scope: { name: "t" }, logRecords: records }] }] });

describe("OTLP/JSON logs", () => {
  it("decodes the opentelemetry-proto example (examples/logs.json)", () => {
    const r = parse(fixture("logs.json"));
    expect(r.errors).toEqual([]);
    expect(r.total).toBe(1);
    const [e] = r.events;
    expect(e).toMatchObject({
      "@timestamp": "2018-12-13T14:51:00.300Z",
      message: "Example log record",
      event: { severity: 10, provider: "my.library" },
      log: { level: "information" },
      observer: { product: "my.service" },
      vigil: { receiver: "otlp", format: "otlp-logs" },
    });
    expect(e?.original).toEqual({
      service: { name: "my.service" },
      string: { attribute: "some string" },
      boolean: { attribute: true },
      int: { attribute: 10 },
      double: { attribute: 637.704 },
      array: { attribute: ["many", "values"] },
      map: { attribute: { "some.map.key": "some value" } },
      body: "Example log record",
      severity_text: "Information",
      severity_number: 10,
      trace_id: "5b8efff798038103d269b633813fc60c",
      span_id: "eee19b7ec3c1b174",
      scope: { name: "my.library", version: "1.0.0" },
    });
    expect(e?.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("maps semantic conventions and resource attributes to the event model", () => {
    const r = parse(fixture("sshd.json"));
    expect(r.errors).toEqual([]);
    const [failed, accepted] = r.events;
    expect(failed).toMatchObject({
      "@timestamp": "2026-12-04T08:00:00.123Z",
      event: { action: "ssh_login", outcome: "failure", severity: 13 },
      user: { name: "alice" },
      source: { ip: "203.0.113.7", port: 52114 },
      host: { name: "bastion-1" },
      process: { pid: 4242 },
      cloud: { provider: "aws", region: "eu-west-1" },
      observer: { product: "sshd", version: "9.2p1" },
      log: { level: "warn" },
      message: "Failed password for alice from 203.0.113.7 port 52114 ssh2",
    });
    // timeUnixNano 0 = unknown: the observed time; the record's host.name wins over the resource's.
    expect(accepted).toMatchObject({
      "@timestamp": "2026-12-04T08:00:01.000Z",
      user: { name: "bob" },
      host: { name: "bastion-1.internal" },
      log: { level: "info" },
      message: '{"msg":"Accepted publickey","user":"bob"}',
    });
    expect(accepted?.original).toMatchObject({ body: { msg: "Accepted publickey", user: "bob" }, service: { name: "sshd" } });
    expect(failed?.id).not.toBe(accepted?.id);
  });

  it("uses the receive time when the record has no time at all, and gives identical records of two resources distinct ids", () => {
    const rec = { body: { stringValue: "same" } };
    const a = parse(request([rec], [{ key: "host.name", value: { stringValue: "a" } }])).events[0];
    const b = parse(request([rec], [{ key: "host.name", value: { stringValue: "b" } }])).events[0];
    expect(a?.["@timestamp"]).toBe(ctx.receivedAt.toISOString());
    expect(a?.id).not.toBe(b?.id);
  });

  it("accepts an empty request and int64 values beyond 2^53 as text", () => {
    expect(parse("{}")).toEqual({ events: [], errors: [], total: 0 });
    expect(parse('{"resourceLogs":[]}').total).toBe(0);
    const big = parse(request([{ attributes: [{ key: "n", value: { intValue: "9223372036854775807" } }] }])).events[0];
    expect(big?.original.n).toBe("9223372036854775807");
  });

  it("rejects bad records alone, naming the path, and keeps the others", () => {
    const r = parse(
      request([
        { timeUnixNano: "not-a-number", body: { stringValue: "x" } },
        { body: { stringValue: "good" } },
        { body: { stringValue: "a", intValue: "1" } },
        { attributes: [{ key: "", value: { stringValue: "v" } }] },
        { attributes: { "user.name": "alice" } },
        { severityNumber: 99 },
        { traceId: "xyz" },
        { body: { fancyValue: 1 } },
        "just a string",
        { timeUnixNano: "99999999999999999999" },
      ]),
    );
    expect(r.total).toBe(10);
    expect(r.events.map((e) => e.message)).toEqual(["good"]);
    const p = "resourceLogs[0].scopeLogs[0].logRecords";
    expect(r.errors.map((e) => e.message)).toEqual([
      `event 1: ${p}[0].timeUnixNano: expected nanoseconds since the Unix epoch (a decimal string)`,
      `event 3: ${p}[2].body: an AnyValue holds exactly one of its fields, got stringValue, intValue`,
      `event 4: ${p}[3].attributes[0]: expected {"key": "<non-empty string>", "value": {...}}`,
      `event 5: ${p}[4].attributes: expected an array of {"key": ..., "value": ...}`,
      `event 6: ${p}[5].severityNumber: severityNumber must be an integer from 0 to 24`,
      `event 7: ${p}[6].traceId: expected 32 hexadecimal characters`,
      `event 8: ${p}[7].body: unknown AnyValue field "fancyValue"`,
      `event 9: ${p}[8]: expected a LogRecord object, got a string`,
      `event 10: ${p}[9].timeUnixNano: beyond the fixed64 range`,
    ]);
    expect(r.errors[0]?.raw).toBe('{"timeUnixNano":"not-a-number","body":{"stringValue":"x"}}');
  });

  it("rejects malformed containers as one item each", () => {
    const body = JSON.stringify({ resourceLogs: [7, { scopeLogs: "no" }, { resource: { attributes: [{ key: "k", value: 5 }] }, scopeLogs: [{ logRecords: [{}] }] }, { scopeLogs: [null, { logRecords: [{}] }] }] });
    const r = parse(body);
    expect(r.events).toHaveLength(1);
    expect(r.errors.map((e) => e.message)).toEqual([
      "event 1: resourceLogs[0]: expected a ResourceLogs object",
      "event 2: resourceLogs[1].scopeLogs: expected an array",
      'event 3: resourceLogs[2].resource.attributes[0].value: expected an AnyValue object such as {"stringValue": "..."}',
      "event 4: resourceLogs[3].scopeLogs[0]: expected a ScopeLogs object",
    ]);
  });

  it("refuses a body that is not an ExportLogsServiceRequest", () => {
    expect(parseOtlpLogs("not json", ctx)).toMatchObject({ ok: false, reason: expect.stringMatching(/^body is not JSON: /) });
    expect(parseOtlpLogs("[1]", ctx)).toEqual({ ok: false, reason: "expected an ExportLogsServiceRequest object, got an array" });
    expect(parseOtlpLogs('{"resourceLogs":{}}', ctx)).toEqual({ ok: false, reason: "resourceLogs must be an array" });
    expect(otlpLogsParser.parse("nope", ctx)).toMatchObject({ events: [], total: 1, errors: [{ item: 1 }] });
  });

  it("refuses more records than allowed, without decoding them", () => {
    expect(parse(request([{}, {}, {}]), 2)).toEqual({ events: [], errors: [], total: 3, tooManyItems: true });
  });

  it("keeps hostile attribute keys as plain data", () => {
    const e = parse(request([{ attributes: [{ key: "__proto__", value: { stringValue: "x" } }, { key: "a.__proto__.polluted", value: { boolValue: true } }] }])).events[0];
    expect(Object.getPrototypeOf(e?.original)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(e?.original))).toMatchObject({ __proto__: "x" });
  });

  it("rejects values nested too deep", () => {
    let value: unknown = { stringValue: "leaf" };
    for (let i = 0; i < 20; i++) value = { arrayValue: { values: [value] } };
    const r = parse(request([{ body: value }]));
    expect(r.errors[0]?.reason).toMatch(/values nested deeper than 16 levels$/);
  });
});
