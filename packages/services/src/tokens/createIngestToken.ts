import type { TokenKind } from "@vigil/db";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { insertToken } from "./insertToken";
import type { TokenSummary } from "./summary";

export interface CreateIngestTokenInput {
  name: string;
  kind?: TokenKind;
}

/** Creates a token for the context's tenant. The plaintext is returned here, once, and never stored. */
export async function createIngestToken(
  deps: ServiceDeps,
  ctx: TenantContext,
  input: CreateIngestTokenInput,
): Promise<{ token: TokenSummary; plaintext: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) {
    throw new AppError("BAD_REQUEST", "Token name must be 1 to 100 characters.", { fields: { name: "1 to 100 characters" } });
  }
  return deps.db.withTenant(ctx.tenantId, (tx) =>
    insertToken(tx, { tenantId: ctx.tenantId, name, kind: input.kind ?? "INGEST", createdById: ctx.userId, actorEmail: ctx.email }),
  );
}
