// The priority change applies to the calling thread only: a worker lowers its own, the main
// thread keeps the process's.
import { getPriority } from "node:os";
import { Worker } from "node:worker_threads";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { currentThreadId } from "./thread-priority";

const linux = process.platform === "linux";

describe.runIf(linux)("lowerThreadPriority", () => {
  it("lowers a worker thread's priority and leaves the main thread's alone", async () => {
    const before = getPriority(0);
    const url = new URL("./thread-priority.ts", import.meta.url).href;
    const worker = new Worker(
      `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(url)}); })
        .then((m) => require("node:worker_threads").parentPort.postMessage(m.lowerThreadPriority(7)))
        .catch((e) => require("node:worker_threads").parentPort.postMessage({ ok: false, reason: String(e) }));`,
      { eval: true },
    );
    const [result] = (await once(worker, "message")) as [{ ok: boolean; tid?: number; nice?: number; reason?: string }];
    await worker.terminate();
    expect(result).toMatchObject({ ok: true, nice: 7 });
    expect(result.tid).not.toBe(currentThreadId());
    expect(getPriority(0)).toBe(before);
  });
});
