// Raw lines parse the same wherever they are parsed: the events (ids included) a processing side
// gets from a logged batch are the ones the receiver would have parsed itself.
import { describe, expect, it } from "vitest";
import { decodeMessage, encodeBatch } from "./batch";
import { batchSize, materialize, parseRawLines } from "./raw";
import type { RawLines } from "./types";

const T = "0b6f2a54-3a59-4a55-9d2b-6a3c1e0f9a11";
const AT = Date.parse("2026-11-27T12:00:05Z");
const lines = [
  "<38>1 2026-11-27T12:00:00Z vpn-gw-1 sshd 4242 - - Failed password for alice from 10.0.0.7 port 50022 ssh2",
  "<38>1 2026-11-27T12:00:00Z vpn-gw-1 sshd 4242 - - Failed password for alice from 10.0.0.7 port 50022 ssh2",
  "<38>Nov 27 12:00:01 web-1 sshd[77]: Accepted password for bob from 10.0.0.8 port 40000 ssh2",
  "<999>1 not syslog at all",
];
const raw: RawLines = { receiver: "syslog", format: "auto", lines, receivedAt: lines.map((_, i) => AT + i) };

describe("raw lines", () => {
  it("parse into events (repeats kept apart) and dead letters with the parser's reason", () => {
    const { events, deadLetters } = parseRawLines(T, raw);
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(events.map((e) => e.user?.name)).toEqual(["alice", "alice", "bob"]);
    expect(events.map((e) => [e.vigil.receiver, e.vigil.receivedAt])).toEqual([["syslog", new Date(AT).toISOString()], ["syslog", new Date(AT + 1).toISOString()], ["syslog", new Date(AT + 2).toISOString()]]);
    expect(deadLetters).toEqual([{ receiver: "syslog", reason: expect.stringMatching(/\(column \d+\)$/), raw: lines[3] }]);
  });

  it("give the same events after a trip through a log message as parsed at once, after the batch's own dead letters", () => {
    const own = { id: "11111111-1111-1111-1111-111111111111", receiver: "syslog", reason: "message too long", raw: "x" };
    const [message] = encodeBatch(T, { events: [], deadLetters: [own], raw }, 1024 * 1024);
    const { tenantId, batch } = decodeMessage(message!.body);
    const stored = materialize(tenantId, batch);
    const direct = parseRawLines(T, raw);
    expect(stored.raw).toBeUndefined();
    expect(stored.events).toEqual(direct.events);
    expect(stored.deadLetters).toEqual([own, ...direct.deadLetters]);
    // The same message read again (a redelivery) gives the same ids: stored once.
    expect(materialize(tenantId, decodeMessage(message!.body).batch).events.map((e) => e.id)).toEqual(direct.events.map((e) => e.id));
    expect(batchSize(batch)).toBe(1 + lines.length);
  });

  it("leaves a batch without raw lines as it is", () => {
    const batch = { events: [], deadLetters: [] };
    expect(materialize(T, batch)).toBe(batch);
  });
});
