import { defineConfig } from "vitest/config";

export default defineConfig({
  // next-auth's ESM imports "next/server" without an extension, which only bundlers resolve: let Vite do it.
  test: { server: { deps: { inline: ["next-auth"] } } },
});
