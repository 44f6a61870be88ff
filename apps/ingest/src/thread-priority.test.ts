// The priority change applies to the calling thread only: a worker lowers its own, the main
// thread keeps the process's.
import { getPriority } from "node:os";
import { Worker } from "node:worker_threads";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { currentThreadId, isLocalDatabase, lowerBackendPriority } from "./thread-priority";

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

describe("isLocalDatabase", () => {
  it("is true for loopback addresses and Unix sockets only", () => {
    expect(isLocalDatabase("postgresql://vigil_app:x@127.0.0.1:55432/vigil")).toBe(true);
    expect(isLocalDatabase("postgresql://u@localhost/vigil")).toBe(true);
    expect(isLocalDatabase("postgresql://u@[::1]:5432/vigil")).toBe(true);
    expect(isLocalDatabase("postgresql://u@127.0.1.1/vigil")).toBe(true);
    expect(isLocalDatabase("postgresql:///vigil?host=/var/run/postgresql")).toBe(true);
    expect(isLocalDatabase("postgresql://u@db.example.com/vigil")).toBe(false);
    expect(isLocalDatabase("postgresql://u@10.0.0.5:5432/vigil")).toBe(false);
    expect(isLocalDatabase("postgresql://u@db.example.com/vigil?host=db2.example.com")).toBe(false);
    expect(isLocalDatabase("not a url")).toBe(false);
  });
});

describe.runIf(linux)("lowerBackendPriority", () => {
  const reporting = (pid: unknown) => ({ query: () => Promise.resolve({ rows: [{ pid }] }) });

  it("touches only a process named postgres", async () => {
    const before = getPriority(process.pid);
    // This process is node, not a backend: a server elsewhere whose backend id happens to be ours.
    const result = await lowerBackendPriority(reporting(process.pid), 19);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(`process ${process.pid} here is "`) });
    expect(getPriority(process.pid)).toBe(before);
  });

  it("says why when the backend id means nothing here", async () => {
    expect(await lowerBackendPriority(reporting(2 ** 30), 19)).toEqual({ ok: false, reason: expect.stringContaining("not a process of this machine") });
    expect(await lowerBackendPriority(reporting(null), 19)).toEqual({ ok: false, reason: "the server did not report its backend's process id" });
    expect(await lowerBackendPriority(reporting("x"), 19)).toMatchObject({ ok: false });
  });
});
