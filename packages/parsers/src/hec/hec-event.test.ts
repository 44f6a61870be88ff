import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hecEventParser } from "../index";

const ctx = { tenantId: "t-1", receivedAt: new Date("2026-11-27T12:00:00.000Z") };
const parse = (body: string) => hecEventParser.parse(body, ctx);
const fixture = readFileSync(new URL("./fixtures/splunk-docs.txt", import.meta.url), "utf8");

describe("splunk-hec-event parser", () => {
  it("parses the stock Splunk request", () => {
    const r = parse('{"event": "hello world", "sourcetype": "manual"}');
    expect(r.errors).toEqual([]);
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    expect(e.message).toBe("hello world");
    expect(e.vigil).toMatchObject({ receiver: "hec", sourcetype: "manual" });
    expect(e["@timestamp"]).toBe("2026-11-27T12:00:00.000Z");
    expect(e.raw).toBe('{"event": "hello world", "sourcetype": "manual"}');
    expect(e.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("splits concatenated objects with and without separators (docs fixture)", () => {
    const r = parse(fixture);
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => e.message)).toEqual(["Hello world!", "Something happened", "Pony 1 has left the barn", undefined]);
    expect(r.events[1]!["@timestamp"]).toBe("2015-03-13T20:43:59.123Z");
    expect(r.events[1]!.host).toEqual({ name: "localhost" });
    expect(r.events[1]!.vigil).toMatchObject({ source: "datasource", sourcetype: "txt", index: "main" });
  });

  it("parses JSON carried in a string event and normalizes it", () => {
    const e = parse(fixture).events[3]!;
    expect(e.user).toEqual({ name: "alice" });
    expect(e.source).toEqual({ ip: "203.0.113.7" });
    expect(e.event).toMatchObject({ action: "login", outcome: "failure" });
    expect(e.original).toMatchObject({ user: "alice", src_ip: "203.0.113.7" });
  });

  it("keeps braces and escaped quotes inside strings", () => {
    const r = parse('{"event":"a \\" } { [ "}{"event":"b\\\\"}');
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => e.message)).toEqual(['a " } { [', "b\\"]);
  });

  it("accepts string and fractional epoch times", () => {
    const r = parse('{"event":"x","time":"1426279439.5"}{"event":"y","time":1426279439}');
    expect(r.events.map((e) => e["@timestamp"])).toEqual(["2015-03-13T20:43:59.500Z", "2015-03-13T20:43:59.000Z"]);
  });

  it("reports each bad item with its 1-based number and keeps the good ones", () => {
    const body = '{"event":"ok"}{"host":"h"}{"event":""}{"event": x}[1,2]{"event":"ok2","time":"soon"}{"event":"ok3"}';
    const r = parse(body);
    expect(r.total).toBe(7);
    expect(r.events.map((e) => e.message)).toEqual(["ok", "ok3"]);
    expect(r.errors.map((e) => e.message)).toEqual([
      'event 2: missing "event" field',
      'event 3: "event" field is blank',
      expect.stringMatching(/^event 4: Unexpected token 'x', .* is not valid JSON$/),
      "event 5: expected a JSON object, got an array",
      'event 6: invalid "time" "soon": expected epoch seconds',
    ]);
    expect(r.errors[0]!.raw).toBe('{"host":"h"}');
  });

  it("reports a truncated body", () => {
    const r = parse('{"event":"a"}{"event":"b"');
    expect(r.events).toHaveLength(1);
    expect(r.errors[0]!.message).toBe("event 2: truncated JSON: the body ended before this object was closed");
    expect(parse('{"event":"unterminated}').errors[0]!.item).toBe(1);
  });

  it("rejects non-object JSON values", () => {
    const r = parse('42 "text" null true');
    expect(r.events).toEqual([]);
    expect(r.errors.map((e) => e.reason)).toEqual([
      "expected a JSON object, got a number",
      "expected a JSON object, got a string",
      "expected a JSON object, got null",
      "expected a JSON object, got a boolean",
    ]);
  });

  it("survives 10k levels of nesting without blowing the stack", () => {
    const deep = `{"event":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const r = parse(`${deep}{"event":"after"}`);
    expect(r.errors[0]!.message).toBe("event 1: JSON nested deeper than 100 levels");
    expect(r.events.map((e) => e.message)).toEqual(["after"]);
    expect(parse("{".repeat(10_000)).errors[0]!.reason).toMatch(/truncated/);
  });

  it("handles huge numbers", () => {
    const r = parse('{"event":{"n":1e400,"big":123456789012345678901234567890},"time":1e400}');
    expect(r.errors[0]!.message).toBe('event 1: invalid "time" Infinity: expected epoch seconds');
    const ok = parse('{"event":{"n":1e400,"time":1e300}}').events[0]!;
    expect(ok.original.n).toBe(Infinity);
    expect(ok["@timestamp"]).toBe(ctx.receivedAt.toISOString());
  });

  it("makes replacement characters, NUL and lone surrogates storable", () => {
    const r = parse('{"event":"bad \uFFFD byte \\u0000 nul \\ud800 lone","fields":{"k\\u0000":"v"}}');
    const e = r.events[0]!;
    expect(e.message).toBe("bad \uFFFD byte \uFFFD nul \uFFFD lone");
    expect(JSON.stringify([e.original, e.message])).not.toMatch(/\\u0000|\\ud800/);
  });

  it("derives a stable id from tenant and raw text", () => {
    const body = '{"event":"same"}';
    expect(parse(body).events[0]!.id).toBe(parse(body).events[0]!.id);
    const other = hecEventParser.parse(body, { ...ctx, tenantId: "t-2" }).events[0]!;
    expect(other.id).not.toBe(parse(body).events[0]!.id);
  });

  it("returns nothing for an empty body", () => {
    expect(parse("  \n ")).toEqual({ events: [], errors: [], total: 0 });
  });

  it("refuses bodies with more items than allowed", () => {
    expect(hecEventParser.parse('{"event":1}{"event":2}', { ...ctx, maxItems: 1 })).toMatchObject({ total: 2, tooManyItems: true, events: [] });
  });
});
