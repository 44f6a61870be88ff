import type { ApiToken, TokenKind } from "@vigil/db";

/** What may be shown about a token after creation: never the hash, never the plaintext. */
export interface TokenSummary {
  id: string;
  tenantId: string;
  name: string;
  kind: TokenKind;
  prefix: string;
  createdById: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Default source type of the events sent with it (null: none). */
  sourcetype: string | null;
}

export const summarySelect = {
  id: true,
  tenantId: true,
  name: true,
  kind: true,
  prefix: true,
  createdById: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  sourcetype: true,
} as const;

export function toSummary(row: Omit<ApiToken, "hash">): TokenSummary {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    kind: row.kind,
    prefix: row.prefix,
    createdById: row.createdById,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    sourcetype: row.sourcetype,
  };
}
