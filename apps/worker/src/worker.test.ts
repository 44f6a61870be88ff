import { describe, expect, it } from "vitest";
import { connectWithRetry } from "./worker";

describe("connectWithRetry", () => {
  it("gives up after the given attempts when nothing listens", async () => {
    const started = Date.now();
    await expect(connectWithRetry("127.0.0.1:1", 2, 50)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });
});
