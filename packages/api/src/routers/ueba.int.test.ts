// ueba.* through the tRPC caller against PostgreSQL: inputs, shapes, and tenancy (a second tenant sees nothing).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@vigil/db";
import { UEBA_FEATURE_NAMES } from "@vigil/services/ueba";
import { appRouter } from "../root";
import { createCallerFactory, createTRPCContext, type ApiSession } from "../trpc";

const db = createDb({ max: 2 });
const adminDb = createDb({ url: process.env.DATABASE_ADMIN_URL, max: 1 });
const caller = (session: ApiSession | null) => createCallerFactory(appRouter)(createTRPCContext({ headers: new Headers(), session, deps: { db } }));
const now = Date.now();
const hour = (h: number) => new Date(Math.floor(now / 3_600_000) * 3_600_000 - h * 3_600_000);

async function account(label: string): Promise<ApiSession> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const { tenantId } = await caller(null).auth.signUp({ organizationName: `${label} Corp`, name: label, email, password: "correct horse battery" });
  const { rows } = await adminDb.pool.query<{ id: string }>("select id from users where email = $1", [email]);
  return { user: { id: rows[0]!.id, email, tenantId } };
}

let owner: ApiSession;
let stranger: ApiSession;
const explanation = [
  { feature: "bytesDownloaded", value: 4.2e9, usual: 3e7, text: "4.2 GB downloaded vs a usual 30 MB" },
  { feature: "offHoursShare", value: 1, usual: 0, text: "active at 02:10 UTC vs usual 08:30 to 18:00 UTC" },
];

beforeAll(async () => {
  owner = await account("ueba-owner");
  stranger = await account("ueba-stranger");
  const t = owner.user.tenantId!;
  const q = (sql: string, params: unknown[]) => adminDb.pool.query(sql, params);
  for (let h = 30; h >= 3; h--) {
    await q(`insert into ueba_feature_windows (tenant_id, series, entity, window_start, kind, first_at, last_at, event_count, "values", score)
             values ($1, 'hour', 'user:sam', $2, 'user', $2, $2, 4, $3, 0.1)`, [t, hour(h), [2, 0, 1, 1, 0, 0, 0, 3e7, 50, 0, 0, 0]]);
  }
  await q(`insert into ueba_anomalies (tenant_id, series, entity, window_start, at, score, threshold, early, risk, model_version, explanations)
           values ($1, 'hour', 'user:sam', $2, $3, 9, 1, true, 9, 2, $4)`, [t, hour(2), new Date(hour(2).getTime() + 600_000), JSON.stringify(explanation)]);
  await q(`insert into ueba_entity_risk (tenant_id, entity, kind, risk, risk_at, peak_risk, anomalies) values ($1, 'user:sam', 'user', 9, $2, 9, 1),
           ($1, 'user:kim', 'user', 1, $2, 1, 1)`, [t, new Date(hour(2).getTime() + 600_000)]);
  await q(`insert into ueba_models (tenant_id, version, series, kind, seed, backend, training_rows, prior_rows, threshold, metrics, meta, baselines)
           values ($1, 2, 'hour', 'autoencoder', 7, 'wasm', 1234, 0, 1.5, '{"trainingSeconds": 3}', $2, '{}')`,
  [t, JSON.stringify({ featureNames: UEBA_FEATURE_NAMES })]);
});
afterAll(async () => {
  await db.close();
  await adminDb.close();
});

describe("ueba router", () => {
  it("ranks entities by decayed risk with their top explanations", async () => {
    const top = await caller(owner).ueba.entityRisk({ limit: 10 });
    expect(top.map((e) => e.entity)).toEqual(["user:sam", "user:kim"]);
    expect(top[0]).toMatchObject({ name: "sam", kind: "user", anomalies: 1, topExplanations: explanation.map((e) => e.text) });
    expect(top[0]!.risk).toBeLessThan(9); // decayed since the anomaly
    expect(top[0]!.risk).toBeGreaterThan(8);
    expect(await caller(owner).ueba.entityRisk({ minRisk: 2 })).toHaveLength(1);
  });

  it("returns an entity's timeline: anomalies with explanations, feature windows, risk over time", async () => {
    const tl = await caller(owner).ueba.timeline({ entity: "user:sam", days: 7 });
    expect(tl.anomalies).toHaveLength(1);
    expect(tl.anomalies[0]).toMatchObject({ early: true, modelVersion: 2, explanations: explanation });
    expect(tl.windows).toHaveLength(28);
    expect(tl.windows[0]!.values.bytesDownloaded).toBe(3e7);
    expect(tl.riskSeries[0]!.risk).toBe(9);
    expect(tl.riskSeries.at(-1)!.risk).toBeLessThan(9);
  });

  it("reports the model status per tenant", async () => {
    expect(await caller(owner).ueba.modelStatus({})).toMatchObject({
      source: "tenant", version: 2, featureWindows: 28, entities: 1, series: [{ series: "hour", backend: "wasm", trainingRows: 1234, seed: 7 }],
    });
  });

  it("answers bad input with BAD_REQUEST", async () => {
    await expect(caller(owner).ueba.timeline({ entity: "sam" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller(owner).ueba.entityRisk({ limit: 1000 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller(null).ueba.entityRisk({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("shows another tenant nothing and refuses a tenant the caller is not a member of", async () => {
    expect(await caller(stranger).ueba.entityRisk({})).toEqual([]);
    await expect(caller(stranger).ueba.timeline({ entity: "user:sam" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await caller(stranger).ueba.modelStatus({})).toMatchObject({ source: "prior", version: 0, featureWindows: 0, series: [] });
    await expect(caller(stranger).ueba.entityRisk({ tenantId: owner.user.tenantId! })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
