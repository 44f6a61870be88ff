// Sign-in, sign-out, sign-in lockout and the ingest page, in real Chromium.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { grantTenantAccess } from "./support/admin";
import { openBrowser, screenshot, type BrowserSession } from "./support/browser";
import { newAccount, signInThroughUi, signUpThroughUi } from "./support/flows";
import { sendHec } from "./support/hec";

const webUrl = inject("webUrl");
const ingestUrl = inject("ingestUrl");
const shots = inject("artifactsDir");

describe("portal", () => {
  let session: BrowserSession;
  const account = newAccount("Initech");

  beforeAll(async () => {
    session = await openBrowser(webUrl);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("redirects anonymous visitors to sign-in", async () => {
    await session.page.goto("/");
    await session.page.waitForURL(/\/sign-in/);
    await session.page.getByRole("heading", { name: "Sign in" }).waitFor();
  });

  it("creates an ingest token shown once, with a working curl snippet", async () => {
    const { page } = session;
    await signUpThroughUi(page, account);
    await page.goto("/ingest");
    await page.getByRole("heading", { name: "Ingest", exact: true }).waitFor();
    await page.getByLabel("Token name").fill("firewall-syslog");
    await page.getByLabel("Source type (optional)").fill("fortigate:traffic");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByLabel("Ingest token").innerText()).trim();
    const tokens = page.getByRole("table", { name: "Tokens" });
    await tokens.getByText("firewall-syslog").waitFor();
    expect(await tokens.getByRole("row", { name: /firewall-syslog/ }).innerText()).toContain("fortigate:traffic");
    // The format choices come from the ingest formats.
    expect(await page.evaluate<string[]>("[...document.querySelectorAll('#token-formats option')].map((o) => o.value)")).toEqual(expect.arrayContaining(["cef", "auditd", "linux-auth", "squid"]));
    expect(await tokens.innerText()).not.toContain(token);
    expect(await page.getByLabel("curl command").innerText()).toContain(`${ingestUrl}/services/collector/event`);
    await screenshot(page, shots, "06-ingest-token");

    const response = await sendHec(ingestUrl, token, [{ event: { action: "heartbeat" }, host: { name: "fw-1" } }]);
    expect(response.status).toBe(200);
    await page.goto("/");
    await expect.poll(() => page.getByTestId("stat-events24h").innerText(), { timeout: 30_000, interval: 1_000 }).toBe("1");
  });

  it("lets a user with several tenants switch between them", async () => {
    const { page } = session;
    const client = newAccount("Umbrella");
    const other = await openBrowser(webUrl);
    try {
      await signUpThroughUi(other.page, client);
    } finally {
      await other.close();
    }
    await grantTenantAccess(account.email, client.email, "VIEWER");

    await page.goto("/");
    const switcher = page.getByLabel("Tenant");
    await switcher.selectOption({ label: client.organizationName });
    await page.getByRole("main").getByText(client.organizationName).waitFor();
    await expect.poll(() => page.getByTestId("stat-events24h").innerText()).toBe("0");
    await screenshot(page, shots, "07-tenant-switcher");
    // A viewer may look but not change anything: no token form on the client's ingest page.
    await page.getByRole("link", { name: "Ingest" }).click();
    await page.getByRole("heading", { name: "Ingest", exact: true }).waitFor();
    expect(await page.getByLabel("Token name").count()).toBe(0);

    await page.goto("/");
    await switcher.selectOption({ label: account.organizationName });
    await expect.poll(() => page.getByTestId("stat-events24h").innerText(), { timeout: 10_000 }).toBe("1");
  });

  it("signs out and back in; locks the account after repeated failures", async () => {
    const { page } = session;
    await page.goto("/");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);

    await signInThroughUi(page, account.email, account.password);
    await page.getByRole("heading", { name: "Security overview" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);

    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInThroughUi(page, account.email, "wrong password!!");
      await page.getByRole("alert").getByText("Wrong email or password").waitFor();
    }
    await signInThroughUi(page, account.email, account.password);
    await page.getByRole("alert").getByText("Too many failed sign-ins, try again in 15 minutes").waitFor();
    await screenshot(page, shots, "08-sign-in-locked");
  });
});
