// One lint config for the whole monorepo; packages run `eslint .` and pick this file up.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/generated/**", "**/next-env.d.ts", "**/.vigil/**", "test/artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through @vigil/env (or the app's env module)." },
      ],
    },
  },
  {
    // Env modules, scripts and tests are where configuration is read.
    files: ["**/env.ts", "**/env/src/**", "scripts/**", "**/scripts/**", "**/*.test.ts", "test/**", "**/*.config.*"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Workflow code is replayed deterministically inside Temporal's sandbox: no Node built-ins, no I/O.
    files: ["workflows/src/workflows/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["node:*", "fs", "path", "crypto", "http", "https", "net", "pg", "@vigil/db", "@vigil/services"] }],
    },
  },
);
