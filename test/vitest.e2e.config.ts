import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.test.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    // One browser flow at a time on 2 cores; the spec files share the stack started by globalSetup.
    fileParallelism: false,
    pool: "forks",
  },
});
