import { ApplicationFailure } from "@temporalio/activity";
import type { Client } from "@temporalio/client";
import { describe, expect, it } from "vitest";
import { createUebaActivities, ensureUebaTrainingSchedule } from "./ueba";

describe("UEBA training activities and schedule", () => {
  it("refuses a tenant id that is not a UUID, without retries and without training", async () => {
    const trained: string[] = [];
    const activities = createUebaActivities({
      listTenants: () => Promise.resolve([]),
      train: (input) => {
        trained.push(input.tenantId);
        return Promise.resolve({ tenantId: input.tenantId, version: 1, backend: "cpu", series: [] });
      },
    });
    const bad = activities.trainUebaTenant({ tenantId: "'; drop table" });
    await expect(bad).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(bad).rejects.toMatchObject({ nonRetryable: true, type: "BadInput" });
    expect(trained).toEqual([]);
  });

  it("validates the schedule's interval before touching Temporal", async () => {
    const client = {} as Client;
    await expect(ensureUebaTrainingSchedule(client, { taskQueue: "q", everyHours: 0 })).rejects.toThrow(/everyHours must be an integer from 1 to 168/);
    await expect(ensureUebaTrainingSchedule(client, { taskQueue: "q", everyHours: 2, offsetMinutes: 120 })).rejects.toThrow(/offsetMinutes must be an integer from 0 to 119/);
  });
});
