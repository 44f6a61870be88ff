import type { TokenKind } from "@vigil/db";
import type { ServiceDeps, TenantContext } from "../context";
import { AppError } from "../errors";
import { formats } from "@vigil/parsers";
import { insertToken } from "./insertToken";
import type { TokenSummary } from "./summary";

export interface CreateIngestTokenInput {
  name: string;
  kind?: TokenKind;
  /** Default source type of its events (a Vigil format id also fixes how HEC raw lines are parsed). */
  sourcetype?: string | null;
}

/** Splunk's source type names: letters, digits and _ . : - (e.g. `linux_secure`, `cisco:asa`, `cef`). */
const SOURCETYPE = /^[A-Za-z0-9_.:-]{1,100}$/;

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
  const sourcetype = input.sourcetype?.trim() || null;
  if (sourcetype !== null && !SOURCETYPE.test(sourcetype)) {
    throw new AppError("BAD_REQUEST", "Source type must be 1 to 100 letters, digits or _ . : - (e.g. linux_secure, cisco:asa, cef).", { fields: { sourcetype: "letters, digits, _ . : -" } });
  }
  return deps.db.withTenant(ctx.tenantId, (tx) =>
    insertToken(tx, { tenantId: ctx.tenantId, name, kind: input.kind ?? "INGEST", createdById: ctx.userId, actorEmail: ctx.email, sourcetype }),
  );
}

/** The formats a token's source type can name (HEC raw lines are then parsed as that format), for pickers. */
export function sourceFormats(): { id: string; description: string }[] {
  return [...formats.values()].map((f) => ({ id: f.id, description: f.description }));
}
