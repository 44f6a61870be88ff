import { defineConfig } from "vitest/config";

// Workflow tests start a real Temporal dev server and bundle workflow code: give them time,
// and run files one after another (the machine is shared).
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
});
