// UI steps shared by the specs (labels and roles, as a user would find them).
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";

export interface NewAccount {
  organizationName: string;
  name: string;
  email: string;
  password: string;
}

export function newAccount(label: string): NewAccount {
  const id = randomUUID().slice(0, 8);
  return { organizationName: `${label} ${id}`, name: `${label} Admin`, email: `${label.toLowerCase()}-${id}@example.com`, password: "correct horse battery staple" };
}

/** Signs up through the form and returns the ingest token the page shows once. */
export async function signUpThroughUi(page: Page, account: NewAccount): Promise<string> {
  await page.goto("/sign-up");
  await page.getByLabel("Organization name").fill(account.organizationName);
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create organization" }).click();
  const token = page.getByLabel("Ingest token");
  await token.waitFor();
  return (await token.innerText()).trim();
}

export async function signInThroughUi(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
