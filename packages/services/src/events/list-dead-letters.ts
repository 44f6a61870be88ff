// What a tenant's senders sent that Vigil could not parse: the dead letters, newest first, and a
// summary (per hour, per receiver, the most frequent reasons) for the portal's Ingest page, so a
// misconfigured shipper is seen rather than silently dropped.
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
export const MAX_DEAD_LETTER_HOURS = 24 * 30;
/** Characters of each record's raw text in a page (a 10 MB line is not sent whole to a browser). */
export const DEAD_LETTER_RAW_PREVIEW = 4096;

export interface DeadLetterQuery {
  limit?: number;
  receiver?: string;
  /** Page after this row (the last row of the previous page). */
  before?: { receivedAt: Date; id: string };
}

function badRequest(field: string, message: string): AppError {
  return new AppError("BAD_REQUEST", message, { fields: { [field]: "out of range" } });
}

/** The tenant's records that could not be parsed, newest first (reason, receiver, raw text). */
export async function listDeadLetters(deps: ServiceDeps, tenantId: string, input: DeadLetterQuery = {}): Promise<DeadLetterRow[]> {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DEAD_LETTER_PAGE) throw badRequest("limit", `limit must be an integer from 1 to ${MAX_DEAD_LETTER_PAGE}`);
  const before = input.before;
  return deps.db.withTenant(tenantId, (tx) =>
    tx.deadLetter.findMany({
      where: {
        tenantId,
        ...(input.receiver ? { receiver: input.receiver } : {}),
        ...(before ? { OR: [{ receivedAt: { lt: before.receivedAt } }, { receivedAt: before.receivedAt, id: { gt: before.id } }] } : {}),
      },
      orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
      take: limit,
      select: { id: true, receiver: true, reason: true, raw: true, receivedAt: true },
    }),
  );
}

export interface DeadLetterSummary {
  since: Date;
  total: number;
  /** Rejected records per hour (UTC), oldest first, every hour of the window present. */
  hourly: { hour: Date; count: number }[];
  byReceiver: { receiver: string; count: number }[];
  /** The most frequent reasons, without the per-record position ("line 4: ", "event 2: ", "(column 12)"). */
  topReasons: { reason: string; count: number; lastSeen: Date }[];
}

/** Dead letters of the last `hours` hours, counted per hour, per receiver and per reason. */
export async function deadLetterSummary(deps: ServiceDeps, tenantId: string, input: { hours?: number; now?: Date } = {}): Promise<DeadLetterSummary> {
  const hours = input.hours ?? 24;
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_DEAD_LETTER_HOURS) throw badRequest("hours", `hours must be an integer from 1 to ${MAX_DEAD_LETTER_HOURS}`);
  const now = input.now ?? new Date();
  const firstHour = Math.floor(now.getTime() / 3_600_000) - (hours - 1);
  const since = new Date(firstHour * 3_600_000);
  return deps.db.withTenant(tenantId, async (tx) => {
    const perHour = await tx.$queryRaw<{ hour: Date; n: bigint }[]>`
      select date_trunc('hour', received_at at time zone 'UTC') at time zone 'UTC' as hour, count(*) as n from dead_letters
      where tenant_id = ${tenantId}::uuid and received_at >= ${since} group by 1`;
    const perReceiver = await tx.$queryRaw<{ receiver: string; n: bigint }[]>`
      select receiver, count(*) as n from dead_letters
      where tenant_id = ${tenantId}::uuid and received_at >= ${since} group by 1 order by 2 desc, 1`;
    const reasons = await tx.$queryRaw<{ reason: string; n: bigint; last_seen: Date }[]>`
      select left(regexp_replace(regexp_replace(reason, '^(line|item|event|document) [0-9]+: ', ''), ' \\(column [0-9]+\\)$', ''), 300) as reason,
        count(*) as n, max(received_at) as last_seen
      from dead_letters where tenant_id = ${tenantId}::uuid and received_at >= ${since}
      group by 1 order by 2 desc, 1 limit 10`;
    const counts = new Map(perHour.map((r) => [r.hour.getTime(), Number(r.n)]));
    const hourly = Array.from({ length: hours }, (_, i) => {
      const hour = new Date((firstHour + i) * 3_600_000);
      return { hour, count: counts.get(hour.getTime()) ?? 0 };
    });
    return {
      since,
      total: hourly.reduce((sum, h) => sum + h.count, 0),
      hourly,
      byReceiver: perReceiver.map((r) => ({ receiver: r.receiver, count: Number(r.n) })),
      topReasons: reasons.map((r) => ({ reason: r.reason, count: Number(r.n), lastSeen: r.last_seen })),
    };
  });
}
