// The processing thread's PostgreSQL backends at its nice value, against the real local server:
// each new connection of a pool with the hook is lowered before its first query; other
// connections keep their priority.
import { getPriority } from "node:os";
import { createDb } from "@vigil/db";
import { testDatabaseUrls } from "@vigil/db/testing";
import { describe, expect, it } from "vitest";
import { isLocalDatabase, lowerBackendPriority } from "./thread-priority";

const { appUrl } = testDatabaseUrls(process.env);
// Changing another user's process needs root (CI and `npm test` run as root here).
const canRenice = process.platform === "linux" && process.getuid?.() === 0 && isLocalDatabase(appUrl);

describe.runIf(canRenice)("processing thread's PostgreSQL backends", () => {
  it("lowers each new connection's backend before its first query, and only those", async () => {
    const results: unknown[] = [];
    const lowered = createDb({ url: appUrl, max: 2, onConnect: async (client) => void results.push(await lowerBackendPriority(client, 7)) });
    const plain = createDb({ url: appUrl, max: 1 });
    try {
      const pid = async (db: typeof plain) => Number((await db.pool.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]?.pid);
      const a = await pid(lowered);
      expect(getPriority(a)).toBe(7);
      // Two connections at once: the second is new, and lowered too.
      const [c1, c2] = await Promise.all([lowered.pool.connect(), lowered.pool.connect()]);
      const pids = await Promise.all([c1, c2].map(async (c) => Number((await c.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]?.pid)));
      c1.release();
      c2.release();
      expect(new Set(pids).size).toBe(2);
      for (const p of pids) expect(getPriority(p)).toBe(7);
      expect(results).toHaveLength(2);
      expect(results.every((r) => (r as { ok: boolean }).ok)).toBe(true);
      // A connection of another pool keeps the server's priority.
      expect(getPriority(await pid(plain))).toBe(0);
      // Never raises a backend already lower than asked.
      const c = await lowered.pool.connect();
      try {
        expect(await lowerBackendPriority(c, 3)).toMatchObject({ ok: true, nice: 7 });
      } finally {
        c.release();
      }
    } finally {
      await lowered.close();
      await plain.close();
    }
  });
});
