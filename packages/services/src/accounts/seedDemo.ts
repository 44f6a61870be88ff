// Idempotent demo data: organization "Demo Company", tenant "demo", user demo@vigil.local.
// With a known ingest token (e.g. from VIGIL_DEMO_INGEST_TOKEN) it makes sure that token works for
// the demo tenant; without one it creates a fresh token and returns its plaintext.
import type { ServiceDeps } from "../context";
import { AppError } from "../errors";
import { insertToken } from "../tokens/insertToken";
import { looksLikeToken, tokenSecretFrom } from "../tokens/secret";
import { createAccount } from "./createAccount";

export const DEMO = {
  email: "demo@vigil.local",
  password: "vigil-demo-2026",
  name: "Demo Analyst",
  organizationName: "Demo Company",
  tenantSlug: "demo",
} as const;

export interface SeedDemoResult {
  email: string;
  password: string;
  userId: string;
  organizationId: string;
  tenantId: string;
  tenantSlug: string;
  ingestToken: string;
  created: boolean;
}

export async function seedDemo(deps: ServiceDeps, input: { ingestToken?: string | null } = {}): Promise<SeedDemoResult> {
  const known = input.ingestToken?.trim() || null;
  if (known !== null && !looksLikeToken(known)) {
    throw new AppError("BAD_REQUEST", "The demo ingest token must look like vgl_ followed by 20+ base64url characters.");
  }
  const secret = known ? tokenSecretFrom(known) : undefined;
  const base = { email: DEMO.email, password: DEMO.password, tenantSlug: DEMO.tenantSlug };

  const existing = await deps.db.withSystem((tx) =>
    tx.user.findUnique({ where: { email: DEMO.email }, include: { memberships: { where: { role: "OWNER" } } } }),
  );
  const owned = existing?.memberships.find((m) => m.tenantId !== null);
  if (!existing || !owned?.tenantId) {
    if (existing) throw new AppError("CONFLICT", `${DEMO.email} exists but owns no tenant; reset the database.`);
    const account = await createAccount(deps, { ...DEMO, organizationKind: "DIRECT", ingestToken: secret });
    return {
      ...base,
      userId: account.user.id,
      organizationId: account.organization.id,
      tenantId: account.tenant.id,
      ingestToken: account.ingestToken.plaintext,
      created: true,
    };
  }

  const tenantId = owned.tenantId;
  const plaintext = await deps.db.withTenant(tenantId, async (tx) => {
    if (secret) {
      const token = await tx.apiToken.findFirst({ where: { hash: secret.hash } });
      if (token?.revokedAt) await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: null } });
      if (token) return secret.plaintext;
    }
    const made = await insertToken(tx, { tenantId, name: "Demo ingest token", createdById: existing.id, actorEmail: DEMO.email, secret });
    return made.plaintext;
  });
  return { ...base, userId: existing.id, organizationId: owned.organizationId, tenantId, ingestToken: plaintext, created: false };
}
