import type { ServiceDeps } from "../context";
import { AppError } from "../errors";

export interface DeadLetterRow {
  id: string;
  receiver: string;
  reason: string;
  raw: string;
  receivedAt: Date;
}

export const MAX_DEAD_LETTER_PAGE = 200;

/** The tenant's records that could not be parsed, newest first (raw text and reason). */
export async function listDeadLetters(deps: ServiceDeps, tenantId: string, input: { limit?: number } = {}): Promise<DeadLetterRow[]> {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DEAD_LETTER_PAGE) {
    throw new AppError("BAD_REQUEST", `limit must be an integer from 1 to ${MAX_DEAD_LETTER_PAGE}`, { fields: { limit: "out of range" } });
  }
  return deps.db.withTenant(tenantId, (tx) =>
    tx.deadLetter.findMany({
      where: { tenantId },
      orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
      take: limit,
      select: { id: true, receiver: true, reason: true, raw: true, receivedAt: true },
    }),
  );
}
