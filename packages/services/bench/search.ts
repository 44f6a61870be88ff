// Search benchmark (`npm run bench:search`): a throwaway database loaded by COPY with 10 million
// events of one tenant over 7 days (plus 10% of a second tenant's noise), realistic user / host /
// action distributions; then the analysts' query "user:<name> AND event.action:<action>" over the
// last 24 h, through the real search service (query compiler -> SQL -> tenant transaction with
// RLS), for varied users (heavy service accounts, ordinary and rare users), with and without the
// indexes of migration 20261128000200 in the same run; the same for the histogram of the query.
// Needs DATABASE_ADMIN_URL (superuser: creates and drops the database) and DATABASE_URL (vigil_app).
// Usage: npm run bench:search [-- --events 1000000 --queries 60 --baseline-queries 15 --streams 2 --keep]
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createDb, type Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import { readEnv } from "@vigil/env";
import copyStreams from "pg-copy-streams";
import { searchEvents, searchEventsSql, searchHistogram } from "../src/search";
import { population, rng, rowGenerator } from "./search-population";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const EVENTS = arg("events", 10_000_000);
const QUERIES = arg("queries", 60);
const BASELINE_QUERIES = arg("baseline-queries", 15);
const STREAMS = arg("streams", 2);
const KEEP = process.argv.includes("--keep");
const NOISE_EVERY = 11; // every 11th row is the other tenant's: +10%
const TOTAL = Math.round((EVENTS * NOISE_EVERY) / (NOISE_EVERY - 1));
const DAY = 86_400_000;
const CHUNK = 20_000;
const TENANT = "0b0b0b0b-0000-4000-8000-00000000000a";
const NOISE = "0b0b0b0b-0000-4000-8000-00000000000b";
const NEW_INDEXES = ["events_tenant_id_user_name_ts_idx", "events_tenant_id_action_ts_idx", "events_tenant_id_host_ts_idx"];
const MIGRATION = new URL("../../../prisma/migrations/20261128000200_retention_search_indexes/migration.sql", import.meta.url);

const fmt = (n: number) => n.toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Stats {
  phase: string;
  query: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(phase: string, query: string, samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { phase, query, n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? Number.NaN };
}

/** COPY in `STREAMS` parallel connections, each a contiguous slice of the 7 days (in time order, as ingest writes). */
async function load(admin: Db, now: number): Promise<void> {
  const pop = population(5000, 1500);
  const started = performance.now();
  let done = 0;
  let reported = 0;
  const progress = (rows: number) => {
    done += rows;
    if (done - reported >= 1_000_000 || done === TOTAL) {
      const t = performance.now() - started;
      console.log(`  loaded ${fmt(done)} / ${fmt(TOTAL)} rows (${secs(t)}, ${fmt(Math.round(done / (t / 1000)))} rows/s)`);
      reported = done;
    }
  };
  const slice = Math.ceil(TOTAL / STREAMS);
  await Promise.all(
    Array.from({ length: STREAMS }, async (_, s) => {
      const first = s * slice;
      const last = Math.min(TOTAL, first + slice);
      const gen = rowGenerator({ pop, tenant: TENANT, noiseTenant: NOISE, start: now - 7 * DAY, spanMs: 7 * DAY, total: TOTAL, noiseEvery: NOISE_EVERY, seed: 42 + s });
      async function* chunks(): AsyncGenerator<string> {
        for (let i = first; i < last; i += CHUNK) {
          const end = Math.min(last, i + CHUNK);
          yield gen.rows(i, end);
          progress(end - i);
        }
      }
      const client = await admin.pool.connect();
      try {
        const columns = "tenant_id, ts, id, receiver, sourcetype, host, action, outcome, user_name, source_ip, doc, raw";
        await pipeline(Readable.from(chunks()), client.query(copyStreams.from(`copy events (${columns}) from stdin`)));
      } finally {
        client.release();
      }
    }),
  );
}

/** The analysts' queries: a third each for heavy (top 10), ordinary (rank 20-500) and rare (rank 500+) users. */
function queries(count: number): string[] {
  const pop = population(5000, 1500);
  const random = rng(7);
  const weights = pop.actions.slice(0, 10);
  return Array.from({ length: count }, (_, i) => {
    const [lo, hi] = [[0, 10], [20, 500], [500, 5000]][i % 3] as [number, number];
    const user = pop.users[lo + Math.floor(random() * (hi - lo))];
    const action = weights[Math.floor(random() * weights.length)]?.name;
    return `user:${user} AND event.action:${action}`;
  });
}

/** Backends publish their statistics lazily (up to 10 s late): make the app's connections flush now. */
async function flushStats(app: Db): Promise<void> {
  const clients = await Promise.all([app.pool.connect(), app.pool.connect()]);
  try {
    for (const c of clients) await c.query("select pg_stat_force_next_flush()");
  } finally {
    for (const c of clients) c.release();
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}

async function indexScans(admin: Db): Promise<Map<string, number>> {
  // Partition indexes are named after their columns (events_p20261127_tenant_id_user_name_ts_idx).
  const { rows } = await admin.pool.query<{ name: string; scans: string }>(
    `select regexp_replace(indexrelname, '^events_(p[0-9]{8}|default)_', 'events_') as name, sum(idx_scan)::text as scans
       from pg_stat_user_indexes where relname ~ '^events_(p[0-9]{8}|default)$' group by 1`,
  );
  return new Map(rows.map((r) => [r.name, Number(r.scans)]));
}

async function explain(app: Db, query: string, from: Date, to: Date): Promise<string[]> {
  const { sql, params } = searchEventsSql(TENANT, { query, from, to, limit: 50 });
  return app.withTenantClient(TENANT, async (client) => {
    const { rows } = await client.query<{ "QUERY PLAN": string }>(`explain (analyze, costs off, timing off, summary off) ${sql}`, params);
    return rows.map((r) => r["QUERY PLAN"]).filter((line) => /Scan|Sort|Limit|Append/.test(line));
  });
}

async function runPhase(phase: string, app: Db, admin: Db, list: string[], from: Date, to: Date): Promise<Stats[]> {
  await flushStats(app);
  const before = await indexScans(admin);
  const search: number[] = [];
  const histogram: number[] = [];
  let matched = 0;
  for (const query of list) {
    let t = performance.now();
    const page = await searchEvents({ db: app }, TENANT, { query, from, to, limit: 50 });
    search.push(performance.now() - t);
    t = performance.now();
    const hist = await searchHistogram({ db: app }, TENANT, { query, from, to, buckets: 48 });
    histogram.push(performance.now() - t);
    matched += hist.total;
    if (page.events.length > 0 && page.events.some((e) => e.userName !== query.split(/[: ]/)[1])) throw new Error(`wrong rows for ${query}`);
  }
  await flushStats(app);
  const after = await indexScans(admin);
  const used = [...after].map(([name, n]) => [name, n - (before.get(name) ?? 0)] as const).filter(([, n]) => n > 0);
  console.log(`  ${phase}: ${list.length} queries, ${fmt(Math.round(matched / list.length))} matching events per query on average; index scans: ${used.map(([n, c]) => `${n}=${c}`).join(", ") || "none"}`);
  return [stats(phase, "search page (50)", search), stats(phase, "histogram (48 bars)", histogram)];
}

async function main(): Promise<void> {
  const env = readEnv("database");
  const t0 = performance.now();
  const tdb = await createTestDatabase(testDatabaseUrls({ DATABASE_URL: env.DATABASE_URL, DATABASE_ADMIN_URL: env.DATABASE_ADMIN_URL }));
  const admin = createDb({ url: tdb.adminUrl, max: STREAMS + 1 });
  const app = createDb({ url: tdb.appUrl, max: 2 });
  console.log(`search bench: database ${tdb.name}, ${fmt(EVENTS)} events of one tenant over 7 days + ${fmt(TOTAL - EVENTS)} of another`);
  try {
    await admin.pool.query("insert into organizations (id, name) values ($1, 'Bench'), ($2, 'Noise')", [TENANT, NOISE]);
    await admin.pool.query("insert into tenants (id, organization_id, name, slug) values ($1, $1, 'Bench', 'bench'), ($2, $2, 'Noise', 'noise')", [TENANT, NOISE]);
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    await admin.pool.query("select vigil_ensure_event_partitions($1::date, 10)", [new Date(now - 8 * DAY).toISOString().slice(0, 10)]);
    // Throwaway data: unlogged partitions skip the WAL (about as many bytes again as the data, and
    // checkpoints every 1 GB), which only measures the disk. Reads are the same as on logged tables.
    const { rows: parts } = await admin.pool.query<{ name: string }>("select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass");
    for (const p of parts) await admin.pool.query(`alter table ${p.name} set unlogged`);
    // Load without the search indexes (faster), measure the baseline, then build them as the migration does.
    for (const name of NEW_INDEXES) await admin.pool.query(`drop index if exists ${name}`);
    let t = performance.now();
    await load(admin, now);
    console.log(`loaded ${fmt(TOTAL)} rows in ${secs(performance.now() - t)}`);
    t = performance.now();
    // VACUUM sets the visibility map that index-only scans rely on, as autovacuum does on a live
    // system (insert-triggered autovacuum, PostgreSQL 13+); ANALYZE gives the planner its statistics.
    await admin.pool.query("vacuum (analyze) events");
    const { rows: size } = await admin.pool.query<{ s: string }>("select pg_size_pretty(sum(pg_total_relation_size(c.oid))) as s from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass");
    console.log(`vacuumed and analyzed in ${secs(performance.now() - t)}; events size ${size[0]?.s}`);

    const from = new Date(now - DAY);
    const to = new Date(now);
    const list = queries(QUERIES);
    console.log(`\nbaseline (only the primary key and (tenant_id, ts)):`);
    console.log(`  plan of "${list[0]}":\n    ${(await explain(app, list[0] ?? "*", from, to)).join("\n    ")}`);
    const results = await runPhase("baseline", app, admin, list.slice(0, BASELINE_QUERIES), from, to);

    t = performance.now();
    const statements = readFileSync(MIGRATION, "utf8").match(/CREATE INDEX IF NOT EXISTS "events_[^;]+;/g) ?? [];
    if (statements.length !== NEW_INDEXES.length) throw new Error(`expected ${NEW_INDEXES.length} CREATE INDEX statements in ${MIGRATION.pathname}`);
    const ddl = await admin.pool.connect();
    try {
      await ddl.query("set maintenance_work_mem = '512MB'");
      for (const statement of statements) await ddl.query(statement);
    } finally {
      ddl.release();
    }
    console.log(`\nwith the migration's indexes (built in ${secs(performance.now() - t)}):`);
    console.log(`  plan of "${list[0]}":\n    ${(await explain(app, list[0] ?? "*", from, to)).join("\n    ")}`);
    await runPhase("warm-up", app, admin, list.slice(0, 3), from, to);
    results.push(...(await runPhase("indexed", app, admin, list, from, to)));

    console.log("\nphase     query                  n    p50 ms   p95 ms   p99 ms   max ms");
    for (const r of results) {
      const ms = (v: number) => v.toFixed(1).padStart(8);
      console.log(`${r.phase.padEnd(9)} ${r.query.padEnd(21)} ${String(r.n).padStart(3)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.p99)} ${ms(r.max)}`);
    }
    const target = results.filter((r) => r.phase === "indexed").every((r) => r.p95 < 300);
    console.log(`\ntarget p95 < 300 ms with the indexes: ${target ? "met" : "NOT met"}; total ${secs(performance.now() - t0)}`);
  } finally {
    await app.close();
    await admin.close();
    if (KEEP) console.log(`kept database ${tdb.name} (drop it with: DROP DATABASE "${tdb.name}")`);
    else await tdb.drop();
  }
}

main().catch((error: unknown) => {
  console.error("search bench failed:", error);
  process.exit(1);
});
