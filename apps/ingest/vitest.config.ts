import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration files share one PostgreSQL cluster: run them one at a time.
    fileParallelism: false,
  },
});
