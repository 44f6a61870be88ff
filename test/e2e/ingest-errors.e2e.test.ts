// Rejected records in real Chromium: a sender's bad lines and items are answered with errors, the
// good ones stored, and the Ingest page shows what was rejected (chart per hour, reasons, the
// records as sent); another tenant sees nothing of it.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser, screenshot, type BrowserSession } from "./support/browser";
import { insertDeadLetter } from "./support/admin";
import { newAccount, signUpThroughUi } from "./support/flows";

const webUrl = inject("webUrl");
const ingestUrl = inject("ingestUrl");
const shots = inject("artifactsDir");

const post = (path: string, token: string, body: string) =>
  fetch(`${ingestUrl}${path}`, { method: "POST", headers: { Authorization: `Splunk ${token}` }, body });

describe("rejected records on the Ingest page", () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser(webUrl);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("shows the tenant's rejected records with their reasons, and no one else's", async () => {
    const { page } = session;
    const account = newAccount("Globex");
    const token = await signUpThroughUi(page, account);
    // HEC raw: a syslog line (stored) and a line of no known format (rejected).
    const raw = await post("/services/collector/raw", token, "Nov 29 10:00:01 web-01 sshd[411]: Failed password for root from 203.0.113.9 port 4242 ssh2\n\u0001\u0002 binary-garbage-e2e\n");
    expect(raw.status, await raw.clone().text()).toBe(400);
    // HEC event: one good envelope and one truncated.
    const hec = await post("/services/collector/event", token, '{"event":{"action":"ok-e2e"}}\n{"event":{"action":"truncated-e2e"');
    expect(hec.status, await hec.clone().text()).toBe(400);

    await page.goto("/ingest");
    await page.getByRole("heading", { name: "Rejected records" }).waitFor();
    const rows = page.getByTestId("dead-letter-row");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    const text = (await rows.allInnerTexts()).join("\n");
    expect(text).toMatch(/unrecognized format/);
    expect(text).toMatch(/truncated JSON/);
    expect(text).toContain("binary-garbage-e2e");
    await page.getByRole("img", { name: "Rejected records per hour, 2 in the last 24 hours" }).waitFor();
    expect(await page.locator(".recharts-bar-rectangle path, .recharts-bar-rectangle").count()).toBeGreaterThan(0);
    expect(await page.getByRole("list", { name: "Rejected records by receiver" }).innerText()).toMatch(/hec-raw\s*1[\s\S]*hec\s*1|hec\s*1[\s\S]*hec-raw\s*1/);
    await rows.filter({ hasText: "truncated JSON" }).getByRole("button", { name: "Show record" }).click();
    await expect.poll(() => page.getByLabel("Rejected record", { exact: true }).innerText()).toContain('{"event":{"action":"truncated-e2e"');
    await screenshot(page, shots, "12-ingest-rejected-records");

    // Phone-sized: nothing overflows the page.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1440, height: 1000 });

    // A line an older Vigil rejected, parseable today: re-parsing stores it and keeps the two others
    // (the binary line is still no log line; the truncated HEC envelope is not re-parsed at all).
    // An RFC 3164 stamp of a minute ago ("Nov  9 18:19:05"), so the search below finds it in the last 24 hours.
    const [, day, month, time] = /^\w+, (\d+) (\w+) \d+ (\S+)/.exec(new Date(Date.now() - 60_000).toUTCString())!.slice(0, 4) as [string, string, string, string];
    const sshd = `${month} ${day.padStart(2, " ")} ${time} web-02 sshd[977]: Failed password for invalid user oracle from 203.0.113.77 port 50000 ssh2`;
    await insertDeadLetter(account.email, "syslog", sshd, "syslog: unrecognized format (column 1)");
    await page.reload();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    await page.getByRole("button", { name: "Re-parse with current parsers" }).click();
    await expect.poll(() => page.getByTestId("reprocess-result").innerText(), { timeout: 15_000 })
      .toBe("2 re-parsed: 1 stored as events (detection runs on them within a few minutes), 0 already stored, 1 still rejected.");
    await expect.poll(() => rows.count()).toBe(2);
    expect((await rows.allInnerTexts()).join("\n")).not.toContain("web-02 sshd");
    await screenshot(page, shots, "14-ingest-reprocessed");
    await page.goto(`/search?q=${encodeURIComponent("user.name:oracle")}&range=24h`);
    await expect.poll(() => page.getByRole("main").innerText(), { timeout: 15_000 }).toContain("203.0.113.77");

    // Another tenant: an empty list and a zero total.
    await page.goto("/");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await signUpThroughUi(page, newAccount("Hooli"));
    await page.goto("/ingest");
    await page.getByText("Nothing rejected: every record sent was parsed.").waitFor();
    await expect.poll(() => page.getByTestId("dead-letter-total").innerText()).toMatch(/^0 in the last 24 hours/);
  });
});
