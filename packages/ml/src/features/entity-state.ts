// Per-entity history (first-seen sets, time-of-day histogram) and open-window aggregates.

export const HOUR_BINS = 48; // half-hour bins of the UTC day

export interface WindowAgg {
  start: number;
  firstAt: number;
  lastAt: number;
  events: number;
  signIns: number;
  failures: number;
  ips: string[];
  countries: string[];
  /** Autonomous systems of the window's source IPs. */
  asns: number[];
  newIps: number;
  newHosts: number;
  offHours: number;
  bytes: number;
  records: number;
  sensitive: number;
  privileged: number;
  admin: number;
  /** This window's own events per half-hour bin: left out of the usual hours its explanation quotes. */
  bins: Record<number, number>;
}

export interface EntityState {
  kind: "user" | "host" | "ip";
  peer?: string;
  ips: Set<string>;
  hosts: Set<string>;
  hist: number[];
  events: number;
  /** Windows starting before this are closed; later events for them are dropped as late. */
  closedUntil: number;
  open: Map<number, WindowAgg>;
  /** usualSpan() of the histogram, recomputed when the history has grown by a tenth. */
  usual?: { at: number; span: [number, number] | undefined };
}

export function newEntityState(kind: EntityState["kind"], peer?: string): EntityState {
  return { kind, peer, ips: new Set(), hosts: new Set(), hist: new Array(HOUR_BINS).fill(0), events: 0, closedUntil: 0, open: new Map() };
}

export function newWindow(start: number, at: number): WindowAgg {
  return {
    start, firstAt: at, lastAt: at, events: 0, signIns: 0, failures: 0, ips: [], countries: [], asns: [],
    newIps: 0, newHosts: 0, offHours: 0, bytes: 0, records: 0, sensitive: 0, privileged: 0, admin: 0, bins: {},
  };
}

export function binOf(ms: number): number {
  const minute = Math.floor((((ms % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  return Math.floor(minute / 30);
}

/** Share of a histogram's mass in one bin; 1 when the histogram is empty (nothing is unusual). */
export function binShare(hist: number[], bin: number): number {
  let total = 0;
  for (const v of hist) total += v;
  return total === 0 ? 1 : (hist[bin] ?? 0) / total;
}

/**
 * The entity's usual active span in UTC minutes: the shortest circular run of half-hour bins
 * holding 90% of its activity (a US evening shift wraps past UTC midnight).
 */
export function usualSpan(hist: number[]): [number, number] | undefined {
  let total = 0;
  for (const v of hist) total += v;
  if (total === 0) return undefined;
  // Prefix sums over the histogram laid out twice (runs wrap past midnight); counts are
  // non-negative, so the shortest run's end never moves back as its start moves on: two pointers.
  const prefix = new Float64Array(2 * HOUR_BINS + 1);
  for (let i = 0; i < 2 * HOUR_BINS; i++) prefix[i + 1] = prefix[i]! + (hist[i % HOUR_BINS] ?? 0);
  const need = total * 0.9;
  let best: [number, number] = [0, HOUR_BINS];
  let end = 1;
  for (let from = 0; from < HOUR_BINS; from++) {
    if (end < from + 1) end = from + 1;
    while (end < from + HOUR_BINS && prefix[end]! - prefix[from]! < need) end++;
    const len = end - from;
    if (len < best[1] && prefix[end]! - prefix[from]! >= need) best = [from, len];
  }
  return [best[0] * 30, ((best[0] + best[1]) * 30) % 1440];
}

export interface EntitySnapshot {
  key: string;
  kind: EntityState["kind"];
  peer?: string;
  ips: string[];
  hosts: string[];
  hist: number[];
  events: number;
  closedUntil: number;
  open: WindowAgg[];
}

export function cachedUsualSpan(s: EntityState): [number, number] | undefined {
  if (!s.usual || s.events >= s.usual.at * 1.1 + 1) s.usual = { at: s.events, span: usualSpan(s.hist) };
  return s.usual.span;
}

export function snapshotEntity(key: string, s: EntityState): EntitySnapshot {
  return { key, kind: s.kind, peer: s.peer, ips: [...s.ips], hosts: [...s.hosts], hist: [...s.hist], events: s.events, closedUntil: s.closedUntil, open: [...s.open.values()].map((w) => ({ ...w, ips: [...w.ips], countries: [...w.countries], asns: [...w.asns], bins: { ...w.bins } })) };
}

export function restoreEntity(snap: EntitySnapshot): EntityState {
  return {
    kind: snap.kind, peer: snap.peer, ips: new Set(snap.ips), hosts: new Set(snap.hosts), hist: [...snap.hist],
    events: snap.events, closedUntil: snap.closedUntil, open: new Map(snap.open.map((w) => [w.start, { ...w, asns: w.asns ?? [], bins: { ...(w.bins ?? {}) } }])),
  };
}
