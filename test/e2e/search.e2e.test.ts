// Search in real Chromium: events shipped over HEC, found with the query language, histogram drawn,
// raw event expanded, and a malformed query answered with the error at its position.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser, screenshot, type BrowserSession } from "./support/browser";
import { newAccount, signUpThroughUi } from "./support/flows";
import { sendHec } from "./support/hec";

const webUrl = inject("webUrl");
const ingestUrl = inject("ingestUrl");
const shots = inject("artifactsDir");

const login = (user: string, outcome: string, ip: string, attempt: number) => ({
  event: { action: "user_login", category: "authentication", outcome },
  user: { name: user },
  source: { ip },
  host: { name: attempt % 2 ? "vpn-gw-1" : "vpn-gw-2" },
  attempt,
});

describe("search", () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser(webUrl);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("finds exactly the matching events, draws the histogram and points at query errors", async () => {
    const { page } = session;
    const token = await signUpThroughUi(page, newAccount("Umbrella"));
    const response = await sendHec(ingestUrl, token, [
      login("alice", "failure", "203.0.113.10", 1),
      login("alice", "failure", "203.0.113.11", 2),
      login("alice", "success", "203.0.113.10", 3),
      login("bob", "failure", "198.51.100.7", 4),
      login("carol", "success", "10.0.0.5", 5),
    ]);
    expect(response.status, await response.clone().text()).toBe(200);

    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" }).click();
    await page.getByRole("heading", { name: "Search" }).waitFor();
    await page.getByLabel("Time range").selectOption("1h");
    await page.getByLabel("Query").fill("user.name:alice AND event.outcome:failure");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/[?&]q=user\.name%3Aalice\+AND\+event\.outcome%3Afailure/);
    expect(page.url()).toContain("range=1h");

    const rows = page.getByTestId("search-row");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    for (const text of await rows.allInnerTexts()) {
      expect(text).toMatch(/alice/);
      expect(text).toMatch(/failure/);
      expect(text).toMatch(/user_login/);
    }
    const shown = (await rows.allInnerTexts()).join("\n");
    expect(shown).toContain("203.0.113.10");
    expect(shown).toContain("203.0.113.11");
    await expect.poll(() => page.getByTestId("search-total").innerText()).toMatch(/^2 events/);
    await page.getByRole("img", { name: /Histogram of matching events, 2 in total/ }).waitFor();
    expect(await page.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);

    await rows.first().getByRole("button", { name: "Show raw event" }).click();
    await expect.poll(() => page.getByLabel("Raw event", { exact: true }).innerText()).toMatch(/"outcome":"failure"/);
    await screenshot(page, shots, "09-search-results");

    // Phone-sized: nothing overflows the page (the table scrolls inside its card).
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await screenshot(page, shots, "09b-search-results-mobile");
    await page.setViewportSize({ width: 1440, height: 1000 });

    // The URL is the search: opening it afresh gives the same rows.
    await page.goto(page.url());
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await page.getByLabel("Query").fill("source.ip:198.51.100.0/24 OR user.name:carol");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/carol/), expect.stringMatching(/bob/)]);

    // "Load more" continues with the next keyset page: 50, then all 55, no duplicates.
    const bulk = Array.from({ length: 55 }, (_, i) => ({ event: { action: "vpn_keepalive" }, user: { name: "dave" }, seq: i }));
    expect((await sendHec(ingestUrl, token, bulk)).status).toBe(200);
    await page.getByLabel("Query").fill("user.name:dave");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(50);
    await page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => rows.count()).toBe(55);
    await expect.poll(() => page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    const times = await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ""));
    expect(new Set(times).size).toBe(55);

    await page.getByLabel("Query").fill("event.outcome:failure AND user.name: alice");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const alert = page.getByRole("alert", { name: "Query error" });
    await expect.poll(() => alert.innerText()).toContain('Position 37: expected a value after "user.name:"');
    expect(await page.getByTestId("query-error-caret").innerText()).toBe(`${" ".repeat(36)}^`);
    expect(await rows.count()).toBe(0);
    await screenshot(page, shots, "10-search-query-error");
  });
});
