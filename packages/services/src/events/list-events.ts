import type { ServiceDeps } from "../context";
import { AppError } from "../errors";

export interface ListEventsInput {
  from?: Date;
  to?: Date;
  userName?: string;
  sourceIp?: string;
  action?: string;
  limit?: number;
}

export interface EventRow {
  id: string;
  ts: Date;
  receivedAt: Date;
  receiver: string;
  sourcetype: string | null;
  host: string | null;
  action: string | null;
  outcome: string | null;
  userName: string | null;
  sourceIp: string | null;
  doc: unknown;
  raw: string;
}

export const MAX_EVENT_PAGE = 500;

/** Newest first, within the tenant (RLS) and the optional filters. */
export async function listEvents(deps: ServiceDeps, tenantId: string, input: ListEventsInput = {}): Promise<EventRow[]> {
  const limit = input.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_PAGE) {
    throw new AppError("BAD_REQUEST", `limit must be an integer from 1 to ${MAX_EVENT_PAGE}`, { fields: { limit: "out of range" } });
  }
  return deps.db.withTenant(tenantId, (tx) =>
    tx.event.findMany({
      where: {
        tenantId,
        ...(input.from || input.to ? { ts: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } } : {}),
        ...(input.userName ? { userName: input.userName } : {}),
        ...(input.sourceIp ? { sourceIp: input.sourceIp } : {}),
        ...(input.action ? { action: input.action } : {}),
      },
      orderBy: [{ ts: "desc" }, { id: "asc" }],
      take: limit,
      omit: { tenantId: true },
    }),
  );
}
