// A tenant's ingest quota in real Chromium, enforced by the real ingest process: the tenant sees its
// quota; its MSSP's organization administrator sets an override in the portal, ingest throttles the
// tenant's HEC requests at it within seconds (429 + Retry-After) and stops once it is cleared;
// another tenant keeps the default and cannot change its own.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeMsspStaff } from "./support/admin";
import { openBrowser, screenshot, type BrowserSession } from "./support/browser";
import { newAccount, signUpThroughUi } from "./support/flows";

const webUrl = inject("webUrl");
const ingestUrl = inject("ingestUrl");
const shots = inject("artifactsDir");

const batch = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ event: { action: "quota-e2e", i } })).join("\n");
const send = (token: string, n = 100) =>
  fetch(`${ingestUrl}/services/collector/event`, { method: "POST", headers: { Authorization: `Splunk ${token}` }, body: batch(n) });

/** Sends batches until one is refused (or `tries` run out): the status of the last answer and its body. */
async function firstRefusal(token: string, tries = 40): Promise<{ status: number; body: string; retryAfter: string | null }> {
  let last = { status: 0, body: "", retryAfter: null as string | null };
  for (let i = 0; i < tries; i++) {
    const res = await send(token);
    last = { status: res.status, body: await res.text(), retryAfter: res.headers.get("retry-after") };
    if (res.status === 429) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

describe("ingest quota on the Ingest page", () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser(webUrl);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("lets the MSSP's administrator throttle a tenant live, and no one else", async () => {
    const { page } = session;
    const account = newAccount("Initech");
    const token = await signUpThroughUi(page, account);
    const quota = page.getByRole("region", { name: "Ingest quota" });

    // A direct customer's owner sees the default quota and no form.
    await page.goto("/ingest");
    await expect.poll(() => quota.innerText(), { timeout: 15_000 }).toMatch(/Events per second\s*100,000\s*default/i);
    expect(await quota.innerText()).toMatch(/Data per second\s*64 MiB\s*default/i);
    expect(await quota.getByRole("button", { name: "Save quota" }).count()).toBe(0);

    // The organization becomes an MSSP and its owner organization-wide staff: the form appears.
    await makeMsspStaff(account.email);
    await page.reload();
    await quota.getByLabel("Events per second").fill("20");
    await quota.getByRole("button", { name: "Save quota" }).click();
    await expect.poll(() => quota.innerText()).toMatch(/Events per second\s*20\s*set for this tenant/i);
    await screenshot(page, shots, "13-ingest-quota");

    // Ingest re-reads the override (every 0.5 s here): 100-event batches are refused soon after.
    const refused = await firstRefusal(token);
    expect(refused.status, refused.body).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 9, text: expect.stringContaining("over its ingest quota of 20 events/s") });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);

    // A value out of bounds is refused with the field named; the override stays.
    await quota.getByLabel("Events per second").fill("0");
    // Past the browser's own check (min=1), to see the server's answer.
    await page.evaluate("document.getElementById('quota-events').removeAttribute('min')");
    await quota.getByRole("button", { name: "Save quota" }).click();
    await expect.poll(() => quota.getByRole("alert").innerText()).toMatch(/^eventsPerSecond: .*(>=\s*1|at least 1|greater than or equal to 1)/i);
    await page.reload();
    await expect.poll(() => quota.innerText()).toMatch(/Events per second\s*20\s*set for this tenant/i);

    // Back to the default: accepted again.
    await quota.getByRole("button", { name: "Use defaults" }).click();
    await expect.poll(() => quota.innerText()).toMatch(/Events per second\s*100,000\s*default/i);
    await expect.poll(async () => (await send(token)).status, { timeout: 15_000, interval: 500 }).toBe(200);

    // Another tenant: the default, no form, its senders never throttled by the first one's override.
    await page.goto("/");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    const other = await signUpThroughUi(page, newAccount("Hooli"));
    await page.goto("/ingest");
    await expect.poll(() => quota.innerText(), { timeout: 15_000 }).toMatch(/Events per second\s*100,000\s*default/i);
    expect(await quota.getByRole("button", { name: "Save quota" }).count()).toBe(0);
    for (let i = 0; i < 5; i++) expect((await send(other)).status).toBe(200);
  });
});
