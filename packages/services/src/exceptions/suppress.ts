// Where exceptions take effect: inside recordDetections' tenant transaction, before dedup, so a
// suppressed match creates and updates no alert (and no incident) but counts on its exception.
import type { Tx } from "@vigil/db";
import type { DetectionMatch } from "@vigil/detection";
import { resolveField } from "@vigil/detection";
import type { VigilEvent } from "@vigil/schema";
import { compileConditions, readConditions, scalarStrings, type CompiledConditions, type FieldLookup } from "./conditions";

interface ActiveException {
  id: string;
  ruleId: string | null;
  holds: CompiledConditions;
}

export interface SuppressionResult {
  kept: DetectionMatch[];
  /** Matches hidden per exception id. */
  suppressed: Map<string, number>;
}

/** Unexpired exceptions of the transaction's tenant for the given rules (RLS scopes the read). */
async function activeExceptions(tx: Tx, tenantId: string, ruleIds: readonly string[], now: Date): Promise<ActiveException[]> {
  const rows = await tx.alertException.findMany({
    where: {
      tenantId,
      AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, { OR: [{ ruleId: null }, { ruleId: { in: [...ruleIds] } }] }],
    },
    select: { id: true, ruleId: true, conditions: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.flatMap((r) => {
    const conditions = readConditions(r.conditions);
    return conditions ? [{ id: r.id, ruleId: r.ruleId, holds: compileConditions(conditions) }] : [];
  });
}

const applies = (e: ActiveException, m: DetectionMatch) => e.ruleId === null || e.ruleId === m.ruleId;

/**
 * The stored documents of the single-event matches some exception asks other fields of, in one
 * query (events are committed before detection runs). Correlations are judged on their group key
 * and entities only: their events differ, the group is what the match is about.
 */
async function eventDocuments(tx: Tx, tenantId: string, matches: readonly DetectionMatch[], exceptions: readonly ActiveException[]): Promise<Map<string, VigilEvent>> {
  const needed = matches.filter((m) => m.kind === "event" && exceptions.some((e) => applies(e, m) && e.holds.eventFields(m).length > 0));
  if (needed.length === 0) return new Map();
  const ids = [...new Set(needed.flatMap((m) => m.eventIds))];
  const times = needed.flatMap((m) => [Date.parse(m.firstSeen), Date.parse(m.lastSeen)]);
  const rows = await tx.event.findMany({
    where: { tenantId, id: { in: ids }, ts: { gte: new Date(Math.min(...times)), lte: new Date(Math.max(...times)) } },
    select: { id: true, doc: true, raw: true },
  });
  return new Map(rows.map((r) => [r.id, { ...(r.doc as unknown as Omit<VigilEvent, "raw">), raw: r.raw }]));
}

/** Every value of the field over the match's events; none when an event is missing (never suppress blind). */
function lookupFor(match: DetectionMatch, docs: ReadonlyMap<string, VigilEvent>): FieldLookup {
  return (field) => {
    const events = match.eventIds.map((id) => docs.get(id));
    if (events.length === 0 || events.some((e) => e === undefined)) return [];
    const values = events.map((e) => scalarStrings(resolveField(e!, field)));
    return values.some((v) => v.length === 0) ? [] : values.flat();
  };
}

export async function suppressMatches(tx: Tx, tenantId: string, matches: readonly DetectionMatch[], now: Date): Promise<SuppressionResult> {
  const ruleIds = [...new Set(matches.map((m) => m.ruleId))];
  const exceptions = await activeExceptions(tx, tenantId, ruleIds, now);
  const suppressed = new Map<string, number>();
  if (exceptions.length === 0) return { kept: [...matches], suppressed };
  const docs = await eventDocuments(tx, tenantId, matches, exceptions);
  const kept: DetectionMatch[] = [];
  for (const match of matches) {
    const lookup = match.kind === "event" ? lookupFor(match, docs) : undefined;
    // The oldest matching exception takes the count, so each hidden match is counted once.
    const hit = exceptions.find((e) => applies(e, match) && e.holds(match, lookup));
    if (hit) suppressed.set(hit.id, (suppressed.get(hit.id) ?? 0) + 1);
    else kept.push(match);
  }
  for (const [id, count] of suppressed) {
    await tx.alertException.update({ where: { id }, data: { suppressedCount: { increment: count }, lastSuppressedAt: now } });
  }
  return { kept, suppressed };
}
