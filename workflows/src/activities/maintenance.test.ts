import { MockActivityEnvironment } from "@temporalio/testing";
import { describe, expect, it } from "vitest";
import { createMaintenanceActivities, type RetentionSummary } from "./maintenance";

function inActivity<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> {
  return new MockActivityEnvironment().run(fn, ...args) as Promise<R>;
}

const report: RetentionSummary = { now: "", droppedPartitions: [], deletedRows: { t: 3 }, batches: 1, incomplete: false, durationMs: 1 };

describe("createMaintenanceActivities", () => {
  it("hands the workflow's clock to the injected functions as a Date", async () => {
    const seen: Date[] = [];
    const activities = createMaintenanceActivities({
      ensurePartitionsAhead: async ({ now, daysAhead }) => {
        seen.push(now);
        return { created: daysAhead ?? -1, through: now.toISOString().slice(0, 10) };
      },
      enforceRetention: async ({ now }) => {
        seen.push(now);
        return { ...report, now: now.toISOString() };
      },
    });
    expect(await inActivity(activities.ensurePartitionsAhead, { now: "2026-11-27T03:17:00Z", daysAhead: 7 })).toEqual({ created: 7, through: "2026-11-27" });
    expect(await inActivity(activities.enforceRetention, { now: "2026-11-27T03:17:00Z" })).toMatchObject({ now: "2026-11-27T03:17:00.000Z", deletedRows: { t: 3 } });
    expect(seen.map((d) => d.toISOString())).toEqual(["2026-11-27T03:17:00.000Z", "2026-11-27T03:17:00.000Z"]);
  });

  it("fails without retry on a bad clock or range, before touching the database", async () => {
    let calls = 0;
    const activities = createMaintenanceActivities({
      ensurePartitionsAhead: async () => ({ created: calls++, through: "" }),
      enforceRetention: async () => ({ ...report, batches: calls++ }),
    });
    await expect(inActivity(activities.enforceRetention, { now: "soon" })).rejects.toMatchObject({ type: "BadInput", nonRetryable: true });
    await expect(inActivity(activities.ensurePartitionsAhead, { now: "2026-11-27T00:00:00Z", daysAhead: 400 })).rejects.toMatchObject({ nonRetryable: true });
    expect(calls).toBe(0);
  });
});
