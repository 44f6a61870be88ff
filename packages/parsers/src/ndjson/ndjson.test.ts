import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getParser, ndjsonParser } from "../index";

const ctx = { tenantId: "t-1", receivedAt: new Date("2026-11-27T12:00:00.000Z") };
const parse = (body: string) => ndjsonParser.parse(body, ctx);
const fixture = readFileSync(new URL("./fixtures/auth.ndjson", import.meta.url), "utf8");

describe("ndjson parser", () => {
  it("is registered by id", () => {
    expect(getParser("ndjson")).toBe(ndjsonParser);
    expect([getParser("splunk-hec-event").receiver, ndjsonParser.receiver]).toEqual(["hec", "ndjson"]);
    expect(() => getParser("nope")).toThrow(/unknown parser "nope"/);
  });

  it("normalizes the auth fixture, skipping blank lines", () => {
    const r = parse(fixture);
    expect(r.errors).toEqual([]);
    expect(r.total).toBe(4);
    const [ecs, windows, success, file] = r.events;
    expect(ecs).toMatchObject({
      "@timestamp": "2026-11-27T10:00:00.000Z",
      event: { action: "user-login", outcome: "failure" },
      user: { name: "alice" },
      source: { ip: "203.0.113.7" },
      host: { name: "vpn-1" },
      vigil: { receiver: "ndjson" },
    });
    expect(windows).toMatchObject({
      "@timestamp": "2026-11-27T10:00:01.000Z",
      event: { action: "logon-failed", outcome: "failure", code: "4625", category: "authentication" },
      user: { name: "alice" },
      source: { ip: "203.0.113.7" },
      host: { name: "DC01.corp.local" },
    });
    expect(success).toMatchObject({ event: { outcome: "success" }, source: { ip: "2001:db8::7" }, "@timestamp": "2026-11-27T10:00:02.500Z" });
    expect(file).toMatchObject({ file: { path: "/srv/confidential/payroll.xlsx" }, user: { name: "bob" } });
    expect(file!.source).toBeUndefined();
    expect(file!["@timestamp"]).toBe(ctx.receivedAt.toISOString());
  });

  it("reports bad lines by their line number, counting blank lines", () => {
    const body = '{"a":1}\n\n{"a":}\n[1]\n{"a":2}\r\n{"a":3';
    const r = parse(body);
    expect(r.events.map((e) => e.original.a)).toEqual([1, 2]);
    expect(r.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^line 3: Unexpected token '}'/),
      "line 4: expected a JSON object, got an array",
      expect.stringMatching(/^line 6: (Expected ',' or '}'|Unexpected end of JSON)/),
    ]);
    expect(r.errors[0]!.raw).toBe('{"a":}');
  });

  it("keeps the raw line and strips CR", () => {
    const e = parse('{"msg":"hi"}\r\n').events[0]!;
    expect(e.raw).toBe('{"msg":"hi"}');
    expect(e.message).toBe("hi");
  });

  it("rejects deep nesting and two objects on one line", () => {
    const r = parse(`${"[".repeat(10_000)}${"]".repeat(10_000)}\n{"a":1} {"b":2}`);
    expect(r.errors.map((e) => e.message)).toEqual([
      "line 1: JSON nested deeper than 100 levels",
      expect.stringMatching(/^line 2: Unexpected non-whitespace character after JSON/),
    ]);
  });

  it("refuses bodies with more items than allowed, without parsing them", () => {
    const r = ndjsonParser.parse('{"a":1}\n\n{"a":2}\n{"a":3}', { ...ctx, maxItems: 2 });
    expect(r).toEqual({ events: [], errors: [], total: 3, tooManyItems: true });
    expect(ndjsonParser.parse('{"a":1}\n{"a":2}', { ...ctx, maxItems: 2 }).events).toHaveLength(2);
  });
});
