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
  });
});
