import type { VigilEvent } from "@vigil/schema";
import { classifyEvent, type EventContribution } from "./classify";
import type { EntityKind, FeatureRow } from "./names";
import { networkOf } from "./geo";
import {
  binOf, binShare, cachedUsualSpan, HOUR_BINS, newEntityState, newWindow, restoreEntity, snapshotEntity, usualSpan,
  type EntitySnapshot, type EntityState, type WindowAgg,
} from "./entity-state";

export interface AccumulatorOptions {
  tenantId: string;
  windowMs?: number;
  /** How long after its end a window stays open for late events. */
  latenessMs?: number;
  kinds?: EntityKind[];
  /** user name -> peer group (department/role), e.g. from the directory. */
  directory?: Record<string, string>;
  /** Events of history before first-seen IPs/hosts and the entity's own hours count. */
  learnEvents?: number;
  /** A half-hour bin holding less than this share of the history is off-hours. */
  offHoursShare?: number;
}

export interface AccumulatorSnapshot {
  version: 1;
  tenantId: string;
  tenantHist: number[];
  entities: EntitySnapshot[];
  dropped: number;
}

const HOUR = 3_600_000;

/** An open off-hours window's usual hours without its own events (kept out of its snapshot). */
const usualWithout = new WeakMap<WindowAgg, { at: number; span: [number, number] | undefined }>();

function entityName(event: VigilEvent, kind: EntityKind): string | undefined {
  if (kind === "user") return event.user?.name || undefined;
  if (kind === "host") return event.host?.name || undefined;
  return event.source?.ip || undefined;
}

function peerOf(event: VigilEvent, name: string, directory?: Record<string, string>): string | undefined {
  const fromDirectory = directory?.[name];
  if (fromDirectory) return fromDirectory;
  const o = event.original ?? {};
  const v = o.department ?? o.role;
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Incremental per-tenant feature extraction: push events, advance the watermark, get closed windows. */
export class FeatureAccumulator {
  readonly tenantId: string;
  private readonly windowMs: number;
  private readonly latenessMs: number;
  private readonly kinds: EntityKind[];
  private readonly directory?: Record<string, string>;
  private readonly learnEvents: number;
  private readonly offShare: number;
  private entities = new Map<string, EntityState>();
  private tenantHist: number[] = new Array(HOUR_BINS).fill(0);
  private tenantUsual?: { at: number; span: [number, number] | undefined };
  private tenantEvents = 0;
  /** Earliest watermark at which an open window closes: advance() is a no-op before it. */
  private nextClose = Number.POSITIVE_INFINITY;
  /** Events that arrived for an already closed window. */
  dropped = 0;

  constructor(options: AccumulatorOptions) {
    this.tenantId = options.tenantId;
    this.windowMs = options.windowMs ?? HOUR;
    this.latenessMs = options.latenessMs ?? 5 * 60_000;
    this.kinds = options.kinds ?? ["user"];
    this.directory = options.directory;
    this.learnEvents = options.learnEvents ?? 20;
    this.offShare = options.offHoursShare ?? 0.01;
  }

  /**
   * Adds one event; returns the partial rows of the windows it touched (for early scoring). A caller
   * feeding the same event to several accumulators (hour and day windows) passes its time and
   * classification once.
   */
  push(event: VigilEvent, at = Date.parse(event["@timestamp"]), contribution: EventContribution = classifyEvent(event)): FeatureRow[] {
    if (!Number.isFinite(at)) return [];
    const touched: FeatureRow[] = [];
    for (const kind of this.kinds) {
      const name = entityName(event, kind);
      if (!name) continue;
      const key = `${kind}:${name}`;
      let state = this.entities.get(key);
      if (!state) {
        state = newEntityState(kind, kind === "user" ? peerOf(event, name, this.directory) : undefined);
        this.entities.set(key, state);
      }
      const start = at - (((at % this.windowMs) + this.windowMs) % this.windowMs);
      if (start < state.closedUntil) {
        this.dropped++;
        continue;
      }
      let win = state.open.get(start);
      if (!win) {
        state.open.set(start, (win = newWindow(start, at)));
        this.nextClose = Math.min(this.nextClose, start + this.windowMs + this.latenessMs);
      }
      this.apply(state, win, event, at, contribution);
      touched.push(this.toRow(key, state, win));
    }
    this.tenantHist[binOf(at)]! += 1;
    this.tenantEvents++;
    return touched;
  }

  private apply(state: EntityState, win: WindowAgg, event: VigilEvent, at: number, c: EventContribution): void {
    const learned = state.events >= this.learnEvents;
    const hist = learned ? state.hist : this.tenantHist;
    const bin = binOf(at);
    if (binShare(hist, bin) < this.offShare) win.offHours++;
    win.events++;
    win.bins[bin] = (win.bins[bin] ?? 0) + 1;
    win.firstAt = Math.min(win.firstAt, at);
    win.lastAt = Math.max(win.lastAt, at);
    if (c.signIn) win.signIns++;
    if (c.failure) win.failures++;
    win.bytes += c.bytes;
    win.records += c.records;
    if (c.sensitive) win.sensitive++;
    if (c.privileged) win.privileged++;
    if (c.adminChange) win.admin++;
    const ip = event.source?.ip;
    if (ip && !win.ips.includes(ip)) {
      win.ips.push(ip);
      const { country, asn } = networkOf(ip);
      if (country && !win.countries.includes(country)) win.countries.push(country);
      if (asn !== null && !win.asns.includes(asn)) win.asns.push(asn);
    }
    if (ip && !state.ips.has(ip)) {
      if (learned) win.newIps++;
      state.ips.add(ip);
    }
    const host = state.kind === "host" ? undefined : event.host?.name;
    if (host && !state.hosts.has(host)) {
      if (learned) win.newHosts++;
      state.hosts.add(host);
    }
    state.hist[bin]! += 1;
    state.events++;
  }

  /** `final`: a closing window gets its exact usual hours; a growing one a cached figure. */
  private toRow(key: string, state: EntityState, w: WindowAgg, final = false): FeatureRow {
    return {
      tenantId: this.tenantId, entity: key, kind: state.kind, peer: state.peer, windowStart: w.start,
      firstAt: w.firstAt, lastAt: w.lastAt, eventCount: w.events,
      values: [w.signIns, w.failures, w.ips.length, w.countries.length, w.newIps, w.newHosts, w.offHours / w.events,
        w.bytes, w.records, w.sensitive, w.privileged, w.admin, w.asns.length],
      countries: [...w.countries], usualMinutes: state.events >= this.learnEvents ? this.entitySpan(state, w, final) : this.tenantSpan(),
    };
  }

  /**
   * The entity's usual hours for an explanation. A window with off-hours activity is compared with
   * the history without its own events (a 2 a.m. burst must not read "usual 02:00 to 15:30");
   * others use the cached span (recomputing costs 48 x 48 steps per event). While the window grows,
   * its figure is recomputed each time the window has grown by a tenth; at close it is exact.
   */
  private entitySpan(state: EntityState, w: WindowAgg, final: boolean): [number, number] | undefined {
    if (w.offHours === 0) return cachedUsualSpan(state);
    const cached = usualWithout.get(w);
    if (!final && cached && w.events < cached.at * 1.1 + 1) return cached.span;
    const hist = state.hist.map((v, bin) => v - (w.bins[bin] ?? 0));
    const span = usualSpan(hist.some((v) => v > 0) ? hist : state.hist);
    usualWithout.set(w, { at: w.events, span });
    return span;
  }

  /** The tenant's usual hours: what a new entity's hours are compared with. */
  private tenantSpan(): [number, number] | undefined {
    if (!this.tenantUsual || this.tenantEvents >= this.tenantUsual.at * 1.1 + 1) {
      this.tenantUsual = { at: this.tenantEvents, span: usualSpan(this.tenantHist) };
    }
    return this.tenantUsual.span;
  }

  /** Closes every window that ended (plus lateness) before the watermark; rows in time order. */
  advance(watermarkMs: number): FeatureRow[] {
    if (watermarkMs < this.nextClose) return [];
    const closed: FeatureRow[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [key, state] of this.entities) {
      for (const [start, win] of state.open) {
        const closesAt = start + this.windowMs + this.latenessMs;
        if (closesAt > watermarkMs) {
          next = Math.min(next, closesAt);
          continue;
        }
        closed.push(this.toRow(key, state, win, true));
        state.open.delete(start);
        state.closedUntil = Math.max(state.closedUntil, start + this.windowMs);
      }
    }
    this.nextClose = next;
    return closed.sort((a, b) => a.windowStart - b.windowStart || (a.entity < b.entity ? -1 : 1));
  }

  /** Closes everything still open (end of a replay). */
  flush(): FeatureRow[] {
    return this.advance(Number.MAX_SAFE_INTEGER);
  }

  snapshot(): AccumulatorSnapshot {
    const { head, entities } = this.snapshotParts();
    return { ...head, entities: [...entities] };
  }

  /**
   * The snapshot with its entities copied one by one as `entities` is read, so that a large state
   * can be saved in slices between other work. The accumulator may change in between: each entity
   * is as it was when read (an entity added meanwhile is read too, one removed is not).
   */
  snapshotParts(): { head: Omit<AccumulatorSnapshot, "entities">; entities: Iterable<EntitySnapshot> } {
    const live = this.entities;
    return {
      head: { version: 1, tenantId: this.tenantId, tenantHist: [...this.tenantHist], dropped: this.dropped },
      entities: (function* () {
        for (const [key, s] of live) yield snapshotEntity(key, s);
      })(),
    };
  }

  static restore(snap: AccumulatorSnapshot, options: Omit<AccumulatorOptions, "tenantId">): FeatureAccumulator {
    const acc = new FeatureAccumulator({ ...options, tenantId: snap.tenantId });
    acc.tenantHist = [...snap.tenantHist];
    acc.dropped = snap.dropped;
    for (const e of snap.entities) {
      const state = restoreEntity(e);
      acc.entities.set(e.key, state);
      for (const start of state.open.keys()) acc.nextClose = Math.min(acc.nextClose, start + acc.windowMs + acc.latenessMs);
    }
    return acc;
  }

  entityCount(): number {
    return this.entities.size;
  }
}
