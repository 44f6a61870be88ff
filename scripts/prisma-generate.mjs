// Generates the Prisma client offline. The Prisma CLI insists on downloading a native schema engine
// at start-up; `generate` never uses it, so we point it at a stub that exits 1 (see STACK.md).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const prismaBin = join(root, "node_modules", ".bin", "prisma");
if (!existsSync(prismaBin)) process.exit(0); // partial install: nothing to generate yet

const stubDir = join(root, "node_modules", ".cache", "vigil");
const stub = join(stubDir, "schema-engine-stub");
if (!existsSync(stub)) {
  mkdirSync(stubDir, { recursive: true });
  writeFileSync(stub, "#!/bin/sh\nexit 1\n");
  chmodSync(stub, 0o755);
}
const result = spawnSync(prismaBin, ["generate", "--schema", join(root, "prisma", "schema.prisma")], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
});
process.exit(result.status ?? 1);
