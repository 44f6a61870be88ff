// The /rules page in real Chromium: effective rules with their source level, a tenant-level
// disable shown as coming from the tenant, a rule pack import, and pack versions.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser, screenshot, type BrowserSession } from "./support/browser";
import { newAccount, signUpThroughUi } from "./support/flows";

const webUrl = inject("webUrl");
const shots = inject("artifactsDir");

const PACK_RULE = `title: E2E VPN logon from a blocked country
id: 2d4b5c1e-8f3a-4e7b-9a6d-0c1e2f3a4b5c
status: experimental
logsource:
  product: vpn
detection:
  selection:
    event.action: vpn-logon
    source.geo.country_iso_code: KP
  condition: selection
level: high
tags:
  - attack.initial-access
  - attack.t1078
`;
const LIST_RULE = `title: E2E logon to a jump server
id: 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b
logsource:
  product: linux
detection:
  selection:
    event.action: user-login
    host.name|expand: '%JumpServers%'
  condition: selection
level: medium
`;
const BROKEN = `title: E2E broken
id: e2e-broken
logsource: {}
detection:
  selection:
    a|nosuchmodifier: x
  condition: selection
`;

describe("rules page", () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser(webUrl);
    await signUpThroughUi(session.page, newAccount("Rulesco"));
  });
  afterAll(async () => {
    await session?.close();
  });

  it("lists the built-in rules as the global level, all enabled", async () => {
    const { page } = session;
    await page.goto("/rules");
    await page.getByRole("heading", { name: "Rules", exact: true }).waitFor();
    expect(await page.getByRole("link", { name: "Rules" }).getAttribute("aria-current")).toBe("page");
    const table = page.getByRole("table", { name: "Effective rules" });
    const row = table.getByRole("row").filter({ hasText: "Login from a new country followed by mass download" });
    await row.waitFor();
    expect(await row.innerText()).toContain("vigil-builtin");
    expect(await row.getByRole("switch").getAttribute("aria-checked")).toBe("true");
    await screenshot(page, shots, "rules-01-effective");
  });

  it("disables a rule for the tenant: the toggle and its source say so", async () => {
    const { page } = session;
    const row = page.getByRole("table", { name: "Effective rules" }).getByRole("row").filter({ hasText: "Access to a confidential or finance file" });
    await row.getByRole("switch").click();
    await expect.poll(() => row.getByRole("switch").getAttribute("aria-checked")).toBe("false");
    await row.getByText("tenant", { exact: true }).waitFor();
    await row.getByRole("button", { name: "inherit" }).waitFor();
    // The account-takeover chain still uses it: kept, without alerts of its own.
    await row.getByText("no alerts; still feeds its correlations").waitFor();
    await page.reload();
    const again = page.getByRole("table", { name: "Effective rules" }).getByRole("row").filter({ hasText: "Access to a confidential or finance file" });
    await expect.poll(() => again.getByRole("switch").getAttribute("aria-checked")).toBe("false");
    await screenshot(page, shots, "rules-02-disabled");
  });

  it("imports a pack: the good rule appears as the tenant's, the broken one is reported", async () => {
    const { page } = session;
    await page.getByLabel("Pack name").fill("e2e-pack");
    await page.getByLabel("A .zip or .yml files").setInputFiles([
      { name: "vpn.yml", mimeType: "application/yaml", buffer: Buffer.from(PACK_RULE) },
      { name: "broken.yml", mimeType: "application/yaml", buffer: Buffer.from(BROKEN) },
    ]);
    await page.getByRole("button", { name: "Import" }).click();
    const status = page.getByRole("status").filter({ hasText: "e2e-pack" });
    await status.waitFor();
    expect(await status.innerText()).toMatch(/v1: 1 rules imported, 1 failed/);
    expect(await status.innerText()).toMatch(/broken\.yml: .*nosuchmodifier/);
    const row = page.getByRole("table", { name: "Effective rules" }).getByRole("row").filter({ hasText: "E2E VPN logon from a blocked country" });
    await row.waitFor();
    expect(await row.innerText()).toContain("e2e-pack v1");
    const versions = page.getByRole("table", { name: "Imported pack versions" });
    await versions.getByText("e2e-pack").waitFor();
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, shots, "rules-03-imported");
  });

  it("overrides a level for the tenant", async () => {
    const { page } = session;
    const row = page.getByRole("table", { name: "Effective rules" }).getByRole("row").filter({ hasText: "E2E VPN logon from a blocked country" });
    await row.getByLabel("Level of E2E VPN logon from a blocked country").selectOption("critical");
    const levelCell = row.getByRole("cell").nth(2);
    await expect.poll(() => levelCell.innerText()).toContain("tenant");
    expect(await row.getByLabel("Level of E2E VPN logon from a blocked country").inputValue()).toBe("critical");
  });

  it("shows the named lists the rules wait for and saves one", async () => {
    const { page } = session;
    await page.getByLabel("Pack name").fill("e2e-lists");
    await page.getByLabel("A .zip or .yml files").setInputFiles([{ name: "jump.yml", mimeType: "application/yaml", buffer: Buffer.from(LIST_RULE) }]);
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByRole("status").filter({ hasText: "e2e-lists" }).waitFor();
    const section = page.getByRole("region", { name: "Named lists" });
    const waiting = section.getByRole("status").filter({ hasText: "used by rules but empty" });
    await waiting.waitFor();
    expect(await waiting.innerText()).toMatch(/1 list is used by rules but empty: %JumpServers% \(1 rule\)/);
    await waiting.getByRole("button", { name: "%JumpServers%" }).click();
    expect(await section.getByLabel("List name").inputValue()).toBe("JumpServers");
    await section.getByLabel("Description").fill("Bastion hosts");
    await section.getByLabel("Values (one per line)").fill("jump-*\nbastion.corp.example");
    await section.getByRole("button", { name: "Save list" }).click();
    const row = section.getByRole("table", { name: "Named lists" }).getByRole("row").filter({ hasText: "%JumpServers%" });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/jump-\*, bastion\.corp\.example/);
    expect(await row.innerText()).toMatch(/1 rule/);
    await expect.poll(() => waiting.count()).toBe(0);
    // A bad name is refused with the reason, nothing else changes.
    await section.getByLabel("List name").fill("two words");
    await section.getByRole("button", { name: "Save list" }).click();
    await section.getByRole("alert").filter({ hasText: "name: letters, digits" }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, shots, "rules-04-lists");
  });
});
