// One page of the tenant's events matching a query, newest first, with a keyset cursor for the next.
import type { ServiceDeps } from "../context";
import { AppError } from "../errors";
import type { EventRow } from "../events";
import { compileSearch, validateWindow } from "./compile-search";
import { decodeCursor, encodeCursor } from "./cursor";

export interface SearchEventsInput {
  query: string;
  from: Date;
  to: Date;
  limit?: number;
  cursor?: string | null;
}

export interface SearchEventsResult {
  events: EventRow[];
  nextCursor: string | null;
}

export const MAX_SEARCH_PAGE = 500;
/** A hostile query (leading-wildcard scans over months) is cut off instead of holding a connection. */
export const SEARCH_STATEMENT_TIMEOUT_MS = 15_000;

const COLUMNS = `id, ts, received_at as "receivedAt", receiver, sourcetype, host, action, outcome, user_name as "userName", source_ip as "sourceIp", doc, raw`;

/** The statement searchEvents runs (exported for EXPLAIN in the search benchmark). */
export function searchEventsSql(tenantId: string, input: SearchEventsInput): { sql: string; params: unknown[]; limit: number } {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_PAGE) {
    throw new AppError("BAD_REQUEST", `limit must be an integer from 1 to ${MAX_SEARCH_PAGE}`, { fields: { limit: "out of range" } });
  }
  validateWindow(input.from, input.to);
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const params: unknown[] = [tenantId, input.from.toISOString(), input.to.toISOString(), limit + 1];
  let keyset = "true";
  if (cursor) {
    params.push(cursor.ts, cursor.id);
    keyset = "(ts < $5::timestamptz or (ts = $5::timestamptz and id > $6))";
  }
  const filter = compileSearch(input.query, params.length + 1);
  const sql = `select ${COLUMNS} from events
    where tenant_id = $1::uuid and ts >= $2::timestamptz and ts < $3::timestamptz and ${keyset} and ${filter.sql}
    order by ts desc, id asc limit $4`;
  return { sql, params: [...params, ...filter.params], limit };
}

export async function searchEvents(deps: ServiceDeps, tenantId: string, input: SearchEventsInput): Promise<SearchEventsResult> {
  const { sql, params, limit } = searchEventsSql(tenantId, input);
  const rows = await deps.db.withTenantClient(tenantId, async (client) => {
    await client.query(`set local statement_timeout = ${SEARCH_STATEMENT_TIMEOUT_MS}`);
    return (await client.query<EventRow>(sql, params)).rows;
  });
  const events = rows.slice(0, limit);
  const last = events[events.length - 1];
  return { events, nextCursor: rows.length > limit && last ? encodeCursor({ ts: last.ts.toISOString(), id: last.id }) : null };
}
