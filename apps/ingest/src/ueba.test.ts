import { describe, expect, it } from "vitest";
import type { VigilEvent } from "@vigil/schema";
import type { EventSink } from "./ingest-body";
import { fanOutSinks } from "./ueba";

describe("fanOutSinks", () => {
  it("hands every batch to each sink; a sink that throws is logged and does not stop the others", () => {
    const seen: string[] = [];
    const errors: object[] = [];
    const ok = (name: string): EventSink => ({ enqueue: (tenantId, events) => void seen.push(`${name}:${tenantId}:${events.length}`) });
    const broken: EventSink = { enqueue: () => { throw new Error("boom"); } };
    const sink = fanOutSinks([ok("rules"), broken, ok("ueba")], { info: () => undefined, error: (obj) => void errors.push(obj) });
    const batch = [{ id: "e1" }, { id: "e2" }] as unknown as VigilEvent[];
    sink.enqueue("t1", batch);
    expect(seen).toEqual(["rules:t1:2", "ueba:t1:2"]);
    expect(errors).toEqual([expect.objectContaining({ tenantId: "t1", events: 2 })]);
  });

  it("is ready only when every sink is", async () => {
    let release: () => void = () => undefined;
    const slow: EventSink = { enqueue: () => undefined, ready: () => new Promise<void>((r) => (release = r)) };
    const sink = fanOutSinks([{ enqueue: () => undefined }, slow], { info: () => undefined, error: () => undefined });
    let ready = false;
    const waiting = sink.ready!().then(() => (ready = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(ready).toBe(false);
    release();
    await waiting;
    expect(ready).toBe(true);
  });
});
