// `vigil tenants quota <slug> [--events-per-sec N|default] [--bytes-per-sec N|default] [--json]`:
// the operator's view and change of a tenant's ingest quota override (any tenant, direct customers
// included; the portal lets only an MSSP's organization administrators change theirs). Without a
// value it prints the override. Runs with the migration owner's connection (DATABASE_ADMIN_URL).
import { isAppError } from "@vigil/services";
import type { IngestQuotaOverride } from "@vigil/services/tenancy";
import { ingestQuotaAsOwner } from "@vigil/services/tenancy";
import { parseArgs, UsageError } from "./args";
import { openOwnerDb } from "./owner-db";

/** "default" (null), a whole number, or a usage error naming the option. */
function limitArg(name: string, value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === "default") return null;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} needs a whole number or "default", not "${value}"`);
  return Number(value);
}

const show = (q: IngestQuotaOverride) =>
  `events/s ${q.eventsPerSecond ?? "default"}, bytes/s ${q.bytesPerSecond ?? "default"}`;

export async function runTenants(argv: readonly string[], out: (line: string) => void): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== "quota") throw new UsageError(sub ? `unknown tenants command "${sub}"` : "tenants needs a command: quota");
  const args = parseArgs(rest, ["events-per-sec", "bytes-per-sec"], ["json"]);
  if (args.positionals.length !== 1) throw new UsageError(`tenants quota needs exactly one tenant slug (got ${args.positionals.length})`);
  const slug = args.positionals[0] as string;
  const events = limitArg("events-per-sec", args.options.get("events-per-sec"));
  const bytes = limitArg("bytes-per-sec", args.options.get("bytes-per-sec"));
  const db = openOwnerDb("tenants quota");
  try {
    const change = { ...(events === undefined ? {} : { eventsPerSecond: events }), ...(bytes === undefined ? {} : { bytesPerSecond: bytes }) };
    const { tenantId, quota, changed } = await ingestQuotaAsOwner(db, slug, change);
    if (args.flags.has("json")) out(JSON.stringify({ tenant: slug, tenantId, ...quota, changed }));
    else out(`${slug}: ${show(quota)}${changed ? " (set; ingest applies it within VIGIL_INGEST_QUOTA_REFRESH_MS)" : ""}`);
  } catch (error) {
    if (isAppError(error)) throw new UsageError(error.message);
    throw error;
  } finally {
    await db.close();
  }
}
