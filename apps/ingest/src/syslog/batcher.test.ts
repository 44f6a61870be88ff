// What the batcher appends: raw lines to a log that prefers them (JetStream), parsed events to one
// that does not (in-process), and parsed events when the raw lines do not fit in one log message.
import { describe, expect, it } from "vitest";
import { encodeBatch } from "../log/batch";
import { parseRawLines } from "../log/raw";
import type { AppendResult, EventLog, LogBatch } from "../log/types";
import { SyslogBatcher } from "./batcher";
import { newStats } from "./stats";

const T = "0b6f2a54-3a59-4a55-9d2b-6a3c1e0f9a11";
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const line = (i: number, pad = "") => `<38>1 2026-11-27T12:00:00Z vpn-gw-1 sshd 4242 - - Failed password for user${i} from 10.0.0.7 port 50022 ssh2${pad}`;

/** A log keeping what it is given; `maxBytes`: encodes like JetStream, so a batch too large for a message is refused. */
function fakeLog(prefersRaw: boolean, maxBytes = 1024 * 1024): EventLog & { appended: LogBatch[] } {
  const appended: LogBatch[] = [];
  return {
    mode: prefersRaw ? "jetstream" : "in-process",
    prefersRaw,
    appended,
    append(tenantId: string, batch: LogBatch): Promise<AppendResult> {
      const messages = encodeBatch(tenantId, batch, maxBytes);
      appended.push(batch);
      return Promise.resolve({ mode: "queued", messages: messages.length });
    },
    start: () => Promise.resolve(),
    stats: () => Promise.resolve({ mode: "jetstream", pending: 0, committed: 0, storeFailures: 0 }),
    close: () => Promise.resolve(),
  };
}

async function run(log: EventLog, lines: string[]) {
  const stats = newStats();
  const batcher = new SyslogBatcher({ log, stats, logger: silent }, { maxLines: 1000, maxDelayMs: 5 });
  for (const l of lines) await batcher.add(T, l);
  await batcher.deadLetter(T, "message too long", "x".repeat(10));
  await batcher.flushAll();
  return stats;
}

describe("SyslogBatcher", () => {
  const lines = [line(1), line(2), line(2), "<999>1 not syslog"];

  it("appends the lines as received to a log that prefers raw lines", async () => {
    const log = fakeLog(true);
    const stats = await run(log, lines);
    expect(log.appended).toHaveLength(1);
    const [batch] = log.appended;
    expect(batch!.events).toEqual([]);
    expect(batch!.deadLetters).toEqual([{ receiver: "syslog", reason: "message too long", raw: "x".repeat(10) }]);
    expect(batch!.raw).toMatchObject({ receiver: "syslog", format: "auto", lines });
    expect(batch!.raw!.receivedAt).toHaveLength(lines.length);
    expect(stats.queued).toBe(lines.length + 1);
  });

  it("parses the lines itself for a log that does not", async () => {
    const log = fakeLog(false);
    await run(log, lines);
    const [batch] = log.appended;
    expect(batch!.raw).toBeUndefined();
    expect(batch!.events.map((e) => e.user?.name)).toEqual(["user1", "user2", "user2"]);
    expect(new Set(batch!.events.map((e) => e.id)).size).toBe(3);
    expect(batch!.deadLetters.map((d) => d.reason)).toEqual(["message too long", expect.stringMatching(/column/)]);
  });

  it("parses the lines when they do not fit in one log message, and loses none", async () => {
    const long = Array.from({ length: 40 }, (_, i) => line(i, ` ${"p".repeat(200)}`));
    const log = fakeLog(true, 4096);
    const stats = await run(log, long);
    expect(log.appended).toHaveLength(1);
    const [batch] = log.appended;
    expect(batch!.raw).toBeUndefined();
    expect(batch!.events).toEqual(parseRawLines(T, { receiver: "syslog", format: "auto", lines: long, receivedAt: batch!.events.map((e) => Date.parse(e.vigil.receivedAt ?? "")) }).events);
    expect(stats.queued).toBe(long.length + 1);
    expect(stats.dropped).toEqual({ noToken: 0, invalidToken: 0, overload: 0, rejected: 0, shutdown: 0 });
  });
});
