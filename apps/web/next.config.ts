import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const monorepoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), "../..");

const config: NextConfig = {
  reactStrictMode: true,
  // Workspace packages ship TypeScript sources.
  transpilePackages: ["@vigil/api", "@vigil/auth", "@vigil/env", "@vigil/services", "@vigil/db", "@vigil/workflows", "@vigil/schema", "@vigil/parsers", "@vigil/detection"],
  // Native bindings, wasm and dynamic requires: load from node_modules at run time instead of bundling.
  serverExternalPackages: ["pg", "@prisma/client", "@prisma/adapter-pg", "@prisma/client-runtime-utils", "@temporalio/client", "@temporalio/common", "@temporalio/proto", "@temporalio/core-bridge", "@temporalio/worker", "@temporalio/workflow", "nodemailer"],
  turbopack: {
    root: monorepoRoot,
    rules: {
      "*.ts": {
        condition: { all: [{ not: "browser" }, { content: /new URL\(["'][^"'\n]+["'], import\.meta\.url\)/ }] },
        loaders: [path.join(monorepoRoot, "apps/web/build/runtime-url-loader.cjs")],
      },
    },
  },
  outputFileTracingRoot: monorepoRoot,
  typescript: { tsconfigPath: "tsconfig.json" },
};

export default config;
