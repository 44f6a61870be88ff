import { ndjsonParser } from "@vigil/parsers";
import { describe, expect, it } from "vitest";
import { BadLogMessageError, decodeMessage, encodeBatch, withDeadLetterIds } from "./batch";
import { BatchItemTooLargeError } from "./types";

const T = "0b6f2a54-3a59-4a55-9d2b-6a3c1e0f9a11";
const events = (n: number, pad = 0) =>
  ndjsonParser.parse(Array.from({ length: n }, (_, i) => JSON.stringify({ "@timestamp": "2026-11-27T10:00:00Z", seq: i, pad: "p".repeat(pad) })).join("\n"), {
    tenantId: T, receivedAt: new Date("2026-11-27T10:00:01Z"),
  }).events;

describe("encodeBatch", () => {
  it("keeps a small batch in one message that decodes back to the same batch", () => {
    const batch = { events: events(3), deadLetters: [{ id: "11111111-1111-1111-1111-111111111111", receiver: "hec", reason: "bad", raw: "{x" }] };
    const [message, ...rest] = encodeBatch(T, batch, 1024 * 1024);
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ events: 3, deadLetters: 1 });
    expect(decodeMessage(message!.body)).toEqual({ tenantId: T, batch });
  });

  it("splits under the byte limit, in order, with stable content ids", () => {
    const batch = { events: events(200, 900), deadLetters: [] };
    const messages = encodeBatch(T, batch, 32 * 1024);
    expect(messages.length).toBeGreaterThan(5);
    for (const m of messages) expect(Buffer.byteLength(m.body)).toBeLessThanOrEqual(32 * 1024);
    expect(messages.flatMap((m) => decodeMessage(m.body).batch.events.map((e) => e.id))).toEqual(batch.events.map((e) => e.id));
    expect(encodeBatch(T, batch, 32 * 1024).map((m) => m.id)).toEqual(messages.map((m) => m.id));
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
  });

  it("refuses a single item larger than a message", () => {
    expect(() => encodeBatch(T, { events: events(1, 5000), deadLetters: [] }, 4096)).toThrow(BatchItemTooLargeError);
  });

  it("keeps raw lines together in one message that decodes back to the same lines and times", () => {
    const raw = { receiver: "syslog" as const, format: "auto" as const, lines: ['<13>1 2026-11-27T12:00:00Z h app - - - caf\u00e9 "x"', "line\nwith\u0000odd bytes"], receivedAt: [1_790_000_000_000, 1_790_000_000_001] };
    const batch = { events: events(150, 200), deadLetters: [{ id: "11111111-1111-1111-1111-111111111111", receiver: "syslog", reason: "too long", raw: "x" }], raw };
    const messages = encodeBatch(T, batch, 16 * 1024);
    expect(messages.length).toBeGreaterThan(1);
    const withLines = messages.filter((m) => m.lines > 0);
    expect(withLines).toHaveLength(1);
    expect(withLines[0]!.lines).toBe(2);
    expect(decodeMessage(withLines[0]!.body).batch.raw).toEqual(raw);
    expect(messages.flatMap((m) => decodeMessage(m.body).batch.events.map((e) => e.id))).toEqual(batch.events.map((e) => e.id));
    // Lines that do not fit in one message are refused (the syslog batcher then appends them parsed).
    const long = { ...raw, lines: ["y".repeat(3000), "z".repeat(3000)] };
    expect(() => encodeBatch(T, { events: [], deadLetters: [], raw: long }, 4096)).toThrow(BatchItemTooLargeError);
  });
});

describe("withDeadLetterIds", () => {
  it("derives the same uuid for the same batch, distinct ones per position and per batch", () => {
    const batch = { events: events(2), deadLetters: [{ receiver: "hec", reason: "bad", raw: "{x" }, { receiver: "hec", reason: "bad", raw: "{x" }] };
    const once = withDeadLetterIds(T, batch).deadLetters.map((d) => d.id);
    expect(once[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(withDeadLetterIds(T, batch).deadLetters.map((d) => d.id)).toEqual(once);
    expect(once[0]).not.toBe(once[1]);
    expect(withDeadLetterIds("other-tenant", batch).deadLetters[0]!.id).not.toBe(once[0]);
    expect(withDeadLetterIds(T, { ...batch, events: events(3) }).deadLetters[0]!.id).not.toBe(once[0]);
  });
});

describe("decodeMessage", () => {
  it("names what is wrong with a message it cannot read", () => {
    expect(() => decodeMessage("{not json")).toThrow(BadLogMessageError);
    expect(() => decodeMessage('{"v":2,"t":"x","e":[],"d":[]}')).toThrow(/version/);
    expect(() => decodeMessage('{"v":1,"e":[],"d":[]}')).toThrow(/missing tenant/);
    const rawOf = (r: unknown) => JSON.stringify({ v: 1, t: T, e: [], d: [], r });
    expect(() => decodeMessage(rawOf({ c: "syslog", f: "auto", l: ["a"] }))).toThrow(/raw lines without receiver, format, lines or times/);
    expect(() => decodeMessage(rawOf({ c: "syslog", f: "auto", l: ["a", "b"], a: [1] }))).toThrow(/do not match/);
    expect(() => decodeMessage(rawOf({ c: "syslog", f: "auto", l: [1], a: [1] }))).toThrow(/do not match/);
    expect(() => decodeMessage(rawOf({ c: "syslog", f: "nope", l: ["a"], a: [1] }))).toThrow(/unknown format "nope"/);
    expect(() => decodeMessage(rawOf({ c: "hec", f: "auto", l: ["a"], a: [1] }))).toThrow(/receiver "hec", which does not log raw lines/);
  });
});
