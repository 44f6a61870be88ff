// Behaviour analytics in the portal, in real Chromium: a tenant's simulated month streams through
// the UEBA sink against the shared PostgreSQL, a model is trained from its stored windows, the
// 2 a.m. bulk download raises an entity-risk alert; /entities and the entity page explain it.
// Another tenant sees nothing.
import { createDb } from "@vigil/db";
import { simulateTenant } from "@vigil/ml";
import type { VigilEvent } from "@vigil/schema";
import { storeEvents } from "@vigil/services/events";
import { trainUebaModel, UebaSink } from "@vigil/services/ueba/stream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser, screenshot, type BrowserSession } from "./support/browser";
import { newAccount, signUpThroughUi } from "./support/flows";

const webUrl = inject("webUrl");
const shots = inject("artifactsDir");
const DAY = 86_400_000;

async function tenantOf(email: string): Promise<string> {
  const admin = createDb({ url: process.env.DATABASE_ADMIN_URL, max: 1 });
  try {
    const { rows } = await admin.pool.query<{ tenant_id: string }>(
      "select m.tenant_id from memberships m join users u on u.id = m.user_id where u.email = $1 and m.tenant_id is not null",
      [email],
    );
    return rows[0]!.tenant_id;
  } finally {
    await admin.close();
  }
}

/** Streams a month of a simulated tenant whose last day (yesterday) holds the 2 a.m. bulk download. */
async function seedBehaviour(tenantId: string): Promise<{ user: string }> {
  const db = createDb({ max: 3 });
  const log = { info: () => undefined, error: (obj: object, msg?: string) => console.error(msg, obj) };
  try {
    const startDate = new Date(Math.floor(Date.now() / DAY) * DAY - 22 * DAY).toISOString().slice(0, 10);
    const sim = simulateTenant({ seed: 11, users: 40, days: 22, startDate, scenarioFromDay: 21, scenariosPerKind: 1, kinds: ["bulk_theft"], tenantId });
    const all: VigilEvent[] = [];
    for (const chunk of sim.events()) all.push(...chunk);
    const theft = sim.scenarios[0]!;
    const sink = new UebaSink({ deps: { db }, log, idleTickMs: 0, modelCheckMs: 0 });
    const history = all.filter((e) => Date.parse(e["@timestamp"]) < theft.start);
    for (let i = 0; i < history.length; i += 2_000) sink.enqueue(tenantId, history.slice(i, i + 2_000));
    await sink.drain();
    await trainUebaModel({ db }, { tenantId, seed: 7, epochs: 5 });
    await sink.reloadModels(tenantId);
    const rest = all.filter((e) => Date.parse(e["@timestamp"]) >= theft.start);
    for (let i = 0; i < rest.length; i += 5) {
      const batch = rest.slice(i, i + 5);
      await storeEvents({ db }, tenantId, batch);
      sink.enqueue(tenantId, batch);
    }
    await sink.close();
    return { user: theft.user };
  } finally {
    await db.close();
  }
}

describe("behaviour analytics (entities)", () => {
  let first: BrowserSession;
  let second: BrowserSession;
  const owner = newAccount("Hooli");
  const other = newAccount("Pied");

  beforeAll(async () => {
    first = await openBrowser(webUrl);
    second = await openBrowser(webUrl);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it("lists the risky entity, explains the anomaly on its page and shows the alert; another tenant sees nothing", async () => {
    const { page } = first;
    await signUpThroughUi(page, owner);
    const tenantId = await tenantOf(owner.email);
    const { user } = await seedBehaviour(tenantId);

    await page.goto("/entities");
    await page.getByRole("heading", { name: "Risky entities" }).waitFor();
    const table = page.getByRole("table", { name: "Entities by current risk" });
    const row = table.getByRole("row").filter({ hasText: user });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toMatch(/alerted/);
    expect(await row.innerText()).toMatch(/downloaded vs a usual|records downloaded|active at/);
    await expect.poll(() => page.getByRole("region", { name: "Behaviour model" }).innerText()).toMatch(/v1/);
    expect(await page.getByRole("region", { name: "Behaviour model" }).innerText()).toMatch(/wasm|tensorflow|cpu/);
    await screenshot(page, shots, "ueba-01-entities");

    await row.getByRole("link", { name: user }).click();
    await page.getByRole("heading", { name: user }).waitFor();
    await page.getByRole("img", { name: /Risk over time, peak/ }).waitFor();
    const anomalies = page.getByRole("region", { name: /Anomalies/ });
    await anomalies.getByText("raised an alert").first().waitFor();
    const text = await anomalies.innerText();
    expect(text).toMatch(/[MG]B downloaded vs a usual/);
    expect(text).toMatch(/active at \d\d:\d\d UTC vs usual \d\d:\d\d to \d\d:\d\d UTC/);
    expect(text).toMatch(/caught while the window was open/);
    await screenshot(page, shots, "ueba-02-entity-page");

    await page.getByRole("link", { name: "Dashboard" }).click();
    const alerts = page.getByRole("table", { name: "Latest alerts" });
    await alerts.getByText(new RegExp(`Unusual behaviour of user ${user}`)).waitFor({ timeout: 30_000 });
    expect(await alerts.innerText()).toMatch(/T1048/);
    await screenshot(page, shots, "ueba-03-alert");

    await signUpThroughUi(second.page, other);
    await second.page.goto("/entities");
    await second.page.getByText("No unusual behaviour yet").waitFor();
    await second.page.goto(`/entities/${encodeURIComponent(`user:${user}`)}`);
    await second.page.getByRole("alert").getByText(`no behaviour data for user:${user}`).waitFor();
    await screenshot(second.page, shots, "ueba-04-other-tenant");
  });
});
