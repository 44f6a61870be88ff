import { defineConfig } from "vitest/config";

// Integration tests run a Temporal worker against the dev server, PostgreSQL and an SMTP server.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
});
