import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The tests run the CLI as a child process over real rule and event folders.
    testTimeout: 120_000,
  },
});
