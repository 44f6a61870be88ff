import { describe, expect, it } from "vitest";
import { TenantQueues } from "./index";

describe("TenantQueues", () => {
  it("runs a tenant's jobs in order, keeps going after a failure, and reports it", async () => {
    const errors: string[] = [];
    const q = new TenantQueues(10, (err, tenantId, weight) => errors.push(`${tenantId}:${weight}:${(err as Error).message}`));
    const seen: number[] = [];
    void q.run("a", async () => void seen.push(1), 1);
    const failing = q.run("a", () => Promise.reject(new Error("boom")), 2);
    void q.run("a", async () => void seen.push(3), 3);
    await expect(failing).rejects.toThrow("boom");
    await q.drain();
    expect(seen).toEqual([1, 3]);
    expect(errors).toEqual(["a:2:boom"]);
    expect(q.backlog).toBe(0);
    expect(q.has("a")).toBe(false);
  });

  it("holds ready() while the queued weight is at the bound", async () => {
    const q = new TenantQueues(5, () => undefined);
    let release!: () => void;
    void q.run("a", () => new Promise<void>((r) => (release = r)), 5);
    expect(q.full).toBe(true);
    let ready = false;
    const waiting = q.ready().then(() => (ready = true));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(ready).toBe(false);
    release();
    await waiting;
    expect(ready).toBe(true);
    expect(q.backlog).toBe(0);
  });
});
