// `vigil rules import <dir|zip> --scope global|org|tenant [--org <id|name>] [--tenant <slug>]
// [--name <pack>] [--json]`: a new version of a rule pack in PostgreSQL. Runs with the migration
// owner's connection (DATABASE_ADMIN_URL, else DATABASE_URL): only it may write the GLOBAL level.
import { readFileSync, statSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { isAppError } from "@vigil/services";
import type { ImportResult, OwnerTarget, RuleFile } from "@vigil/services/rules";
import { filesFromZip, importRulePackAsOwner } from "@vigil/services/rules";
import { readRuleFiles } from "@vigil/detection";
import { parseArgs, UsageError } from "./args";
import { openOwnerDb } from "./owner-db";

const SCOPES = { global: "GLOBAL", org: "ORGANIZATION", organization: "ORGANIZATION", tenant: "TENANT" } as const;

function target(scope: string | undefined, org: string | undefined, tenant: string | undefined): OwnerTarget {
  const s = scope ? SCOPES[scope.toLowerCase() as keyof typeof SCOPES] : undefined;
  if (!s) throw new UsageError("rules import needs --scope global|org|tenant");
  if (s === "GLOBAL") {
    if (org || tenant) throw new UsageError("--scope global takes neither --org nor --tenant");
    return { scope: s };
  }
  if (s === "ORGANIZATION") {
    if (!org || tenant) throw new UsageError("--scope org needs --org <id|name> (and no --tenant)");
    return { scope: s, organization: org };
  }
  if (!tenant || org) throw new UsageError("--scope tenant needs --tenant <slug> (and no --org)");
  return { scope: s, tenant };
}

/** The files of a directory (relative paths) or of a zip. */
export function packFiles(path: string): RuleFile[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`rules path not found: ${path}`);
  }
  if (stat.isDirectory()) {
    const root = resolve(path);
    return readRuleFiles(path).map((s) => ({ path: relative(root, resolve(s.file)), text: s.text }));
  }
  if (/\.zip$/i.test(path)) {
    try {
      return filesFromZip(readFileSync(path));
    } catch (error) {
      throw isAppError(error) ? new UsageError(`${path}: ${error.message}`) : error;
    }
  }
  if (/\.ya?ml$/i.test(path)) return [{ path: basename(path), text: readFileSync(path, "utf8") }];
  throw new UsageError(`${path}: give a directory, a .zip or a .yml file`);
}

function defaultName(path: string): string {
  const name = basename(resolve(path)).replace(/\.(zip|ya?ml)$/i, "").toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "");
  return name.slice(0, 64) || "rules";
}

function print(result: ImportResult, json: boolean, out: (line: string) => void): void {
  const { pack } = result;
  if (json) {
    out(JSON.stringify({ scope: pack.scope, name: pack.name, version: pack.version, unchanged: result.unchanged, imported: result.imported, contentHash: pack.contentHash, failed: result.failed }));
    return;
  }
  for (const f of result.failed) out(`FAIL ${f.file}: ${f.reason}`);
  const what = result.unchanged ? "unchanged (same content as the active version)" : "imported as a new version";
  out(`${pack.scope.toLowerCase()} pack "${pack.name}" v${pack.version} ${what}: ${result.imported} rules, ${result.failed.length} failed`);
}

export async function runRulesImport(argv: readonly string[], out: (line: string) => void): Promise<void> {
  const args = parseArgs(argv, ["scope", "org", "tenant", "name"], ["json"]);
  if (args.positionals.length !== 1) throw new UsageError(`rules import needs exactly one <dir|zip> (got ${args.positionals.length})`);
  const path = args.positionals[0] as string;
  const owner = target(args.options.get("scope"), args.options.get("org"), args.options.get("tenant"));
  const files = packFiles(path);
  const db = openOwnerDb("rules import");
  try {
    const result = await importRulePackAsOwner(db, owner, { name: args.options.get("name") ?? defaultName(path), files, importedBy: "cli" });
    print(result, args.flags.has("json"), out);
  } catch (error) {
    if (isAppError(error)) throw new UsageError(error.message);
    if (error instanceof Error && /row-level security/.test(error.message)) {
      throw new UsageError("the database role may not write rule packs at this level: set DATABASE_ADMIN_URL (the migration owner)");
    }
    throw error;
  } finally {
    await db.close();
  }
}
