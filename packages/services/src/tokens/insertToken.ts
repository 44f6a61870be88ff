// Inserts a token inside an existing tenant transaction (used by createIngestToken and sign-up).
import type { TokenKind, Tx } from "@vigil/db";
import { writeAudit } from "../audit/writeAudit";
import { generateToken } from "./secret";
import type { TokenSecret } from "./secret";
import { summarySelect, toSummary } from "./summary";
import type { TokenSummary } from "./summary";

export interface InsertTokenInput {
  tenantId: string;
  name: string;
  kind?: TokenKind;
  createdById?: string | null;
  actorEmail?: string | null;
  /** A pre-made secret (demo seed); a fresh random one otherwise. */
  secret?: TokenSecret;
  sourcetype?: string | null;
}

export async function insertToken(tx: Tx, input: InsertTokenInput): Promise<{ token: TokenSummary; plaintext: string }> {
  const secret = input.secret ?? generateToken();
  const row = await tx.apiToken.create({
    data: {
      tenantId: input.tenantId,
      name: input.name,
      kind: input.kind ?? "INGEST",
      prefix: secret.prefix,
      hash: secret.hash,
      createdById: input.createdById ?? null,
      sourcetype: input.sourcetype ?? null,
    },
    select: summarySelect,
  });
  await writeAudit(tx, {
    tenantId: input.tenantId,
    action: "token.created",
    actorUserId: input.createdById ?? null,
    actorEmail: input.actorEmail ?? null,
    target: row.id,
    details: { name: row.name, kind: row.kind, prefix: row.prefix, sourcetype: row.sourcetype },
  });
  return { token: toSummary(row), plaintext: secret.plaintext };
}
