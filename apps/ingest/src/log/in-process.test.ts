import type { StoreResult } from "@vigil/services/events";
import { describe, expect, it } from "vitest";
import { InProcessLog } from "./in-process";
import type { BatchWriter, LogBatch } from "./types";
import { LogUnavailableError } from "./types";

const ok = (batch: LogBatch): StoreResult => ({ inserted: batch.events.length, fresh: [...batch.events], duplicates: 0, deadLetters: batch.deadLetters.length });
const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
const empty = { events: [], deadLetters: [{ receiver: "hec", reason: "r", raw: "x" }] };

function writer(behave: () => "ok" | "down" | "bad" | "hang") {
  const calls: LogBatch[] = [];
  const w: BatchWriter = {
    write: async (_tenantId, batch) => {
      calls.push(batch);
      const mode = behave();
      if (mode === "down") throw refused();
      if (mode === "bad") throw Object.assign(new Error("invalid input syntax"), { code: "22P02" });
      if (mode === "hang") await new Promise(() => undefined);
      return ok(batch);
    },
  };
  return { w, calls };
}

describe("InProcessLog", () => {
  it("resolves after the writer committed, with the store result and dead-letter ids", async () => {
    const { w, calls } = writer(() => "ok");
    const log = new InProcessLog({ storeTimeoutMs: 1000, minCooldownMs: 50, maxCooldownMs: 200 });
    await log.start(w);
    const result = await log.append("t", empty);
    expect(result).toMatchObject({ mode: "stored", stored: { deadLetters: 1 } });
    expect(calls[0]!.deadLetters[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await log.stats()).toMatchObject({ mode: "in-process", committed: 1, pending: 0 });
  });

  it("fails fast while the store is down, then lets a request through after the cool-down", async () => {
    let mode: "ok" | "down" = "down";
    const { w, calls } = writer(() => mode);
    const log = new InProcessLog({ storeTimeoutMs: 1000, minCooldownMs: 100, maxCooldownMs: 400 });
    await log.start(w);
    const first = await log.append("t", empty).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(LogUnavailableError);
    expect((first as LogUnavailableError).retryAfterSeconds).toBe(1);
    // Inside the cool-down: refused without touching the store.
    await expect(log.append("t", empty)).rejects.toBeInstanceOf(LogUnavailableError);
    expect(calls).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 120));
    mode = "ok";
    await expect(log.append("t", empty)).resolves.toMatchObject({ mode: "stored" });
    expect((await log.stats()).storeFailures).toBe(1);
  });

  it("answers a hung store as unavailable after the timeout; other errors pass through unchanged", async () => {
    const hung = new InProcessLog({ storeTimeoutMs: 50, minCooldownMs: 10, maxCooldownMs: 10 });
    await hung.start(writer(() => "hang").w);
    await expect(hung.append("t", empty)).rejects.toBeInstanceOf(LogUnavailableError);
    const bad = new InProcessLog();
    await bad.start(writer(() => "bad").w);
    await expect(bad.append("t", empty)).rejects.toThrow("invalid input syntax");
  });

  it("refuses appends before start and after close", async () => {
    const log = new InProcessLog();
    await expect(log.append("t", empty)).rejects.toBeInstanceOf(LogUnavailableError);
    await log.start(writer(() => "ok").w);
    await log.close();
    await expect(log.append("t", empty)).rejects.toThrow(/shutting down/);
  });
});
