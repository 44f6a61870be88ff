// `vigil tenants quota <slug> [--events-per-sec N|default] [--bytes-per-sec N|default] [--json]`:
// the operator's view and change of a tenant's ingest quota override (any tenant, direct customers
// included; the portal lets only an MSSP's organization administrators change theirs). Without a
// value it prints the override. Runs with the migration owner's connection (DATABASE_ADMIN_URL).
import { isAppError } from "@vigil/services";
import type { IngestQuotaOverride } from "@vigil/services/tenancy";
import { setIngestQuotaAsOwner } from "@vigil/services/tenancy";
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
    const { rows } = await db.pool.query<{ id: string; events: number | null; bytes: number | null }>(
      "SELECT id, ingest_events_per_sec AS events, ingest_bytes_per_sec AS bytes FROM tenants WHERE slug = $1", [slug],
    );
    const row = rows[0];
    if (!row) throw new UsageError(`no tenant with the slug "${slug}"`);
    let quota: IngestQuotaOverride = { eventsPerSecond: row.events, bytesPerSecond: row.bytes };
    const changing = events !== undefined || bytes !== undefined;
    if (changing) {
      const next = { eventsPerSecond: events === undefined ? quota.eventsPerSecond : events, bytesPerSecond: bytes === undefined ? quota.bytesPerSecond : bytes };
      quota = (await setIngestQuotaAsOwner(db, slug, next)).quota;
    }
    if (args.flags.has("json")) out(JSON.stringify({ tenant: slug, tenantId: row.id, ...quota, changed: changing }));
    else out(`${slug}: ${show(quota)}${changing ? " (set; ingest applies it within VIGIL_INGEST_QUOTA_REFRESH_MS)" : ""}`);
  } catch (error) {
    if (isAppError(error)) throw new UsageError(error.message);
    throw error;
  } finally {
    await db.close();
  }
}
