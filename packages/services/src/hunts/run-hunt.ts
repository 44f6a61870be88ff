// Retro-hunt: runs a Sigma rule (single-event or correlation) over a tenant's stored events for a
// time range. Events stream from PostgreSQL in event-time order through a cursor inside the
// tenant's transaction (RLS applies: another tenant's rows are never read), a page at a time, into
// the same compiled engine live detection uses. SQL only narrows by what the engine would refuse
// anyway (see prefilter.ts); every match is the engine's.
import type { DetectionMatch } from "@vigil/detection";
import { compiledEngine, vigilPipeline } from "@vigil/detection";
import type { VigilEvent } from "@vigil/schema";
import type { ServiceDeps } from "../context";
import { AppError } from "../errors";
import { huntRuleSet } from "./hunt-rules";
import { huntPrefilter } from "./prefilter";

export const MAX_HUNT_RANGE_MS = 31 * 24 * 60 * 60 * 1000;
export const MAX_HUNT_EVENTS = 2_000_000;
/** Matches listed in the answer; counts stay exact beyond it. */
export const MAX_HUNT_MATCHES = 1000;
const PAGE = 2000;
const STATEMENT_TIMEOUT_MS = 120_000;

export interface HuntProgress {
  scanned: number;
  /** Events in range when the hunt started (events stored meanwhile may add a few to `scanned`). */
  total: number;
}

export interface RunHuntInput {
  rule: string;
  from: Date;
  to: Date;
  /** Called after each page (and once at the end). */
  onProgress?: (progress: HuntProgress) => void;
  /** Override of MAX_HUNT_EVENTS (tests, smaller deployments). */
  maxEvents?: number;
}

export interface HuntRuleCount {
  ruleId: string;
  title: string;
  kind: "event" | "correlation";
  count: number;
}

export interface HuntResult {
  scanned: number;
  total: number;
  prefilter: string;
  matchCount: number;
  /** The first MAX_HUNT_MATCHES matches, in event-time order. */
  matches: DetectionMatch[];
  truncated: boolean;
  byRule: HuntRuleCount[];
}

interface EventPage {
  doc: Omit<VigilEvent, "raw">;
  raw: string;
}

function validateRange(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw new AppError("BAD_REQUEST", "from/to: not a valid date", { fields: { from: "invalid date" } });
  }
  if (to.getTime() <= from.getTime()) throw new AppError("BAD_REQUEST", "to: must be after from", { fields: { to: "not after from" } });
  if (to.getTime() - from.getTime() > MAX_HUNT_RANGE_MS) {
    throw new AppError("BAD_REQUEST", `from: a hunt covers at most ${MAX_HUNT_RANGE_MS / 86_400_000} days`, { fields: { from: "range too large" } });
  }
}

export async function runHunt(deps: ServiceDeps, tenantId: string, input: RunHuntInput): Promise<HuntResult> {
  validateRange(input.from, input.to);
  const ruleSet = huntRuleSet(input.rule);
  const prefilter = huntPrefilter(ruleSet);
  const maxEvents = input.maxEvents ?? MAX_HUNT_EVENTS;
  // Events arrive in time order, so no lateness bound is needed (the CLI hunt does the same).
  const { engine } = compiledEngine(ruleSet, { pipeline: vigilPipeline, latenessMs: Number.MAX_SAFE_INTEGER });
  const where = `tenant_id = $1::uuid and ts >= $2::timestamptz and ts < $3::timestamptz and ${prefilter.sql}`;
  const params = [tenantId, input.from.toISOString(), input.to.toISOString()];
  const matches: DetectionMatch[] = [];
  const counts = new Map<string, HuntRuleCount>();
  let matchCount = 0;
  const take = (found: readonly DetectionMatch[]) => {
    for (const m of found) {
      matchCount++;
      if (matches.length < MAX_HUNT_MATCHES) matches.push(m);
      const c = counts.get(m.ruleId) ?? { ruleId: m.ruleId, title: m.ruleTitle, kind: m.kind, count: 0 };
      c.count++;
      counts.set(m.ruleId, c);
    }
  };
  const progress = await deps.db.withTenantClient(tenantId, async (client) => {
    await client.query(`set local statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
    const total = Number((await client.query<{ n: string }>(`select count(*) as n from events where ${where}`, params)).rows[0]?.n ?? 0);
    if (total > maxEvents) {
      throw new AppError("BAD_REQUEST", `from/to: the range holds ${total} events, a hunt scans at most ${maxEvents}; narrow the time range`, {
        fields: { from: "too many events" },
        total,
      });
    }
    await client.query(`declare hunt_events no scroll cursor for select doc, raw from events where ${where} order by ts asc, id asc`, params);
    let scanned = 0;
    for (;;) {
      const rows = (await client.query<EventPage>(`fetch ${PAGE} from hunt_events`)).rows;
      if (rows.length === 0) break;
      const events: VigilEvent[] = rows.map((r) => ({ ...r.doc, raw: r.raw }));
      take(engine.process(tenantId, events));
      scanned += rows.length;
      input.onProgress?.({ scanned, total });
    }
    await client.query("close hunt_events");
    return { scanned, total };
  });
  // Windows still open at the end of the range close as of its end (upper-bound conditions).
  take(engine.flush(tenantId, input.to.getTime()));
  input.onProgress?.(progress);
  return {
    ...progress,
    prefilter: prefilter.description,
    matchCount,
    matches,
    truncated: matchCount > matches.length,
    byRule: [...counts.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)),
  };
}
