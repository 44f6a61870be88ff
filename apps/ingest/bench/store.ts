// Store writer benchmark (`node --import tsx apps/ingest/bench/store.ts`): the two ways to load a
// micro-batch of events into PostgreSQL under RLS (role vigil_app, tenant transaction), measured in
// the same run on a throwaway migrated database, alternating rounds so background load hits both:
//   unnest: `insert ... select unnest($arrays) on conflict do nothing returning id` (the old path)
//   copy:   COPY into a session temp table, then `insert ... select ... on conflict do nothing`
// Each round writes fresh batches (rows/s stored), then replays them (all duplicates: the cost of
// a JetStream redelivery). COPY straight into `events` is not an option: PostgreSQL refuses COPY FROM
// into a table with row-level security for a role it applies to (checked at the end of the run).
// Needs DATABASE_ADMIN_URL and DATABASE_URL. Usage:
//   node --import tsx apps/ingest/bench/store.ts [-- --batch 1000 --batches 20 --rounds 3 --concurrency 1]
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import { readEnv } from "@vigil/env";
import { hecEventParser } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import { signUp } from "@vigil/services/accounts";
import { copyIngestBatch, storeIngestBatch } from "@vigil/services/events";
import type { StoreResult } from "@vigil/services/events";
import { distinguishRepeats } from "@vigil/parsers";
import { arg, fmt, hecBody, rng } from "./lib/hec-events";

const BATCH = arg("batch", 1000);
const BATCHES = arg("batches", 20);
const ROUNDS = arg("rounds", 3);
const CONCURRENCY = Math.max(1, arg("concurrency", 1));

type Store = (deps: { db: Db }, tenantId: string, batch: { events: readonly VigilEvent[]; deadLetters: [] }) => Promise<StoreResult>;
const WRITERS: [string, Store][] = [["unnest", storeIngestBatch], ["copy", copyIngestBatch]];

let seed = 1;
function batches(tenantId: string): VigilEvent[][] {
  const next = rng(seed++ * 7919);
  return Array.from({ length: BATCHES }, () => {
    const parsed = hecEventParser.parse(hecBody(next, { users: 100_000, failures: 0.02 }, BATCH), { tenantId, receivedAt: new Date(), maxItems: BATCH });
    return distinguishRepeats(parsed.events);
  });
}

async function run(db: Db, tenantId: string, store: Store, work: VigilEvent[][]): Promise<{ rowsPerSecond: number; stored: number }> {
  const started = performance.now();
  let stored = 0;
  let i = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (i < work.length) {
      const events = work[i++] as VigilEvent[];
      stored += (await store({ db }, tenantId, { events, deadLetters: [] })).inserted;
    }
  }));
  const rows = work.reduce((n, b) => n + b.length, 0);
  return { rowsPerSecond: rows / ((performance.now() - started) / 1000), stored };
}

async function main(): Promise<void> {
  const tdb = await createTestDatabase(testDatabaseUrls(readEnv("database")));
  const db = createDb({ url: tdb.appUrl, max: CONCURRENCY + 1 });
  try {
    const { tenant } = await signUp({ db }, { email: "bench@store.test", password: "password-bench", name: "Bench", organizationName: "Store bench" });
    console.log(`store writer: ${BATCHES} batches x ${BATCH} events per round, ${ROUNDS} rounds, concurrency ${CONCURRENCY} (database ${tdb.name})`);
    const totals = new Map<string, { fresh: number[]; replay: number[] }>(WRITERS.map(([name]) => [name, { fresh: [], replay: [] }]));
    // Warm-up (connections, plans, the staging table): not counted.
    for (const [, store] of WRITERS) await run(db, tenant.id, store, batches(tenant.id).slice(0, 2));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, store] of round % 2 === 1 ? WRITERS : [...WRITERS].reverse()) {
        const work = batches(tenant.id);
        const fresh = await run(db, tenant.id, store, work);
        const replay = await run(db, tenant.id, store, work);
        if (fresh.stored !== work.reduce((n, b) => n + b.length, 0) || replay.stored !== 0) throw new Error(`${name}: stored ${fresh.stored} then ${replay.stored} on replay`);
        totals.get(name)?.fresh.push(fresh.rowsPerSecond);
        totals.get(name)?.replay.push(replay.rowsPerSecond);
        console.log(`  round ${round} ${name.padEnd(6)} fresh ${fmt(fresh.rowsPerSecond).padStart(8)} rows/s   replay ${fmt(replay.rowsPerSecond).padStart(8)} rows/s`);
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
    console.log("median over rounds:");
    for (const [name, t] of totals) console.log(`  ${name.padEnd(6)} fresh ${fmt(median(t.fresh)).padStart(8)} rows/s   replay ${fmt(median(t.replay)).padStart(8)} rows/s`);
    const copy = totals.get("copy");
    const unnest = totals.get("unnest");
    if (copy && unnest) console.log(`copy / unnest: fresh x${(median(copy.fresh) / median(unnest.fresh)).toFixed(2)}, replay x${(median(copy.replay) / median(unnest.replay)).toFixed(2)}`);
    console.log(`COPY straight into events as vigil_app: ${await directCopyRefused(db, tenant.id)}`);
  } finally {
    await db.close();
    await tdb.drop();
  }
}

/**
 * Why the staging table: the direct COPY, tried once. PostgreSQL checks row-level security when the
 * statement starts, before asking for data, so the refusal comes back at once.
 */
async function directCopyRefused(db: Db, tenantId: string): Promise<string> {
  try {
    await db.withTenantClient(tenantId, (client) => client.query("copy events (tenant_id, ts, id, receiver, doc, raw) from stdin"));
    return "accepted";
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

await main();
