import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { IntakeGauge } from "./intake";

describe("IntakeGauge", () => {
  it("counts appends in flight across threads sharing its buffer", async () => {
    const gauge = new IntakeGauge();
    // Another thread (as the receivers are for the processing thread) begins two appends and ends one.
    const worker = new Worker(
      `const { workerData, parentPort } = require("node:worker_threads");
       const cells = new Int32Array(workerData, 0, 1);
       Atomics.add(cells, 0, 2); Atomics.sub(cells, 0, 1); parentPort.postMessage("done");`,
      { eval: true, workerData: gauge.buffer },
    );
    await once(worker, "message");
    await worker.terminate();
    expect(gauge.inFlight).toBe(1);
    gauge.end();
    expect(gauge.inFlight).toBe(0);
  });

  it("waits while appends are in flight, at most maxPauseMs, and not at all when none is", async () => {
    const gauge = new IntakeGauge();
    expect(await gauge.yieldToIntake(50)).toBe(0);
    gauge.begin();
    const started = performance.now();
    expect(await gauge.yieldToIntake(30, 5)).toBe(30); // still busy: gives up waiting after 30 ms
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    setTimeout(() => gauge.end(), 12);
    const waited = await gauge.yieldToIntake(1_000, 5);
    expect(waited).toBeGreaterThanOrEqual(10);
    expect(waited).toBeLessThan(1_000); // resumed once the append ended
  });

  it("refuses a buffer it cannot share", () => {
    expect(() => new IntakeGauge(new ArrayBuffer(4) as unknown as SharedArrayBuffer)).toThrow(/SharedArrayBuffer of at least 4 bytes/);
    expect(() => new IntakeGauge(new SharedArrayBuffer(2))).toThrow(/SharedArrayBuffer of at least 4 bytes/);
  });
});
