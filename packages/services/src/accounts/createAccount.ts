// Creates organization + tenant + user + OWNER membership + escalation policy + first ingest token,
// in one tenant transaction (identity tables have no RLS; tenant rows pass RLS for the new tenant id).
import { randomBytes, randomUUID } from "node:crypto";
import type { OrganizationKind } from "@vigil/db";
import { writeAudit } from "../audit/writeAudit";
import type { ServiceDeps } from "../context";
import { AppError } from "../errors";
import { insertToken } from "../tokens/insertToken";
import type { TokenSecret } from "../tokens/secret";
import { hashPassword } from "./password";
import { isUniqueViolation } from "./prismaErrors";
import { makeSlug, slugCandidate } from "./slug";

export interface CreateAccountInput {
  email: string;
  password: string;
  name: string;
  organizationName: string;
  organizationKind?: OrganizationKind;
  /** Exact tenant slug (demo seed); otherwise derived from the organization name and made unique. */
  tenantSlug?: string;
  /** A pre-made first ingest token (demo seed); otherwise a random one. */
  ingestToken?: TokenSecret;
  ip?: string | null;
}

export interface CreatedAccount {
  user: { id: string; email: string; name: string };
  organization: { id: string; name: string; kind: OrganizationKind };
  tenant: { id: string; name: string; slug: string };
  /** The plaintext is returned once, here; only its hash is stored. */
  ingestToken: { id: string; prefix: string; plaintext: string };
}

async function slugTaken(deps: ServiceDeps, slug: string): Promise<boolean> {
  const rows = await deps.db.withSystem((tx) => tx.$queryRaw<{ taken: boolean }[]>`select vigil_tenant_slug_taken(${slug}) as taken`);
  return rows[0]?.taken === true;
}

async function pickSlug(deps: ServiceDeps, input: CreateAccountInput): Promise<string> {
  if (input.tenantSlug) {
    if (await slugTaken(deps, input.tenantSlug)) throw new AppError("CONFLICT", `Tenant slug "${input.tenantSlug}" is taken.`);
    return input.tenantSlug;
  }
  const base = makeSlug(input.organizationName);
  for (let n = 1; n <= 20; n++) {
    const slug = slugCandidate(base, n);
    if (!(await slugTaken(deps, slug))) return slug;
  }
  return slugCandidate(base, 0) + "-" + randomBytes(3).toString("hex");
}

function emailConflict(): AppError {
  return new AppError("CONFLICT", "An account with this email already exists.", { fields: { email: "already registered" } });
}

export async function createAccount(deps: ServiceDeps, input: CreateAccountInput): Promise<CreatedAccount> {
  const email = input.email.trim().toLowerCase();
  const existing = await deps.db.withSystem((tx) => tx.user.findUnique({ where: { email }, select: { id: true } }));
  if (existing) throw emailConflict();
  const passwordHash = await hashPassword(input.password);
  const domain = email.slice(email.lastIndexOf("@") + 1);

  for (let attempt = 1; ; attempt++) {
    const slug = await pickSlug(deps, input);
    const tenantId = randomUUID();
    try {
      return await deps.db.withTenant(tenantId, async (tx) => {
        const organization = await tx.organization.create({
          data: { name: input.organizationName, kind: input.organizationKind ?? "DIRECT" },
        });
        const tenant = await tx.tenant.create({
          data: { id: tenantId, organizationId: organization.id, name: input.organizationName, slug },
        });
        const user = await tx.user.create({ data: { email, name: input.name, passwordHash } });
        await tx.membership.create({ data: { userId: user.id, organizationId: organization.id, tenantId, role: "OWNER" } });
        await tx.escalationPolicy.create({
          data: { tenantId, primaryEmail: email, secondaryEmail: `oncall@${domain}`, ackTimeoutSeconds: 900 },
        });
        const actor = { tenantId, organizationId: organization.id, actorUserId: user.id, actorEmail: email, ip: input.ip ?? null };
        await writeAudit(tx, { ...actor, action: "account.signed_up", target: user.id, details: { organization: organization.name } });
        await writeAudit(tx, { ...actor, action: "tenant.created", target: tenantId, details: { slug, name: tenant.name } });
        const token = await insertToken(tx, {
          tenantId,
          name: "Default ingest token",
          kind: "INGEST",
          createdById: user.id,
          actorEmail: email,
          secret: input.ingestToken,
        });
        return {
          user: { id: user.id, email: user.email, name: user.name },
          organization: { id: organization.id, name: organization.name, kind: organization.kind },
          tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug },
          ingestToken: { id: token.token.id, prefix: token.token.prefix, plaintext: token.plaintext },
        };
      });
    } catch (error) {
      if (isUniqueViolation(error, "email")) throw emailConflict();
      if (isUniqueViolation(error, "slug") && !input.tenantSlug && attempt < 3) continue; // raced: pick again
      if (isUniqueViolation(error, "slug")) throw new AppError("CONFLICT", "Tenant slug is taken.");
      if (isUniqueViolation(error, "hash")) throw new AppError("CONFLICT", "This ingest token is already in use.");
      throw error;
    }
  }
}
