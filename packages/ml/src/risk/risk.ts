import type { Explanation } from "../explain/explain";
import type { FeatureName } from "../features/names";
import { tagsFor, type AttackTag } from "./techniques";

export interface RiskOptions {
  halfLifeMs?: number;
  /** Risk at which an alert candidate is raised. */
  threshold?: number;
  /** Cap on one window's contribution (score / model threshold). */
  maxWeight?: number;
  /** After an alert, the entity raises no new one for this long (risk keeps counting). */
  cooldownMs?: number;
}

export interface RiskAnomaly {
  entity: string;
  windowStart: number;
  /** Which window series (e.g. "hour", "day") the anomaly comes from; a window counts once per series. */
  series?: string;
  /** When the anomaly was seen (event time of detection). */
  at: number;
  score: number;
  threshold: number;
  explanations: Explanation[];
}

export interface AlertCandidate {
  entity: string;
  at: number;
  risk: number;
  explanations: string[];
  attack: AttackTag[];
}

interface EntityRisk {
  risk: number;
  at: number;
  lastAlert: number;
  windows: Map<string, number>;
  recent: Explanation[];
}

/** The engine's state as JSON (persisted per tenant so a restart keeps risk, counted windows and cooldowns). */
export interface RiskSnapshot {
  version: 1;
  entities: {
    entity: string;
    risk: number;
    at: number;
    /** null: never alerted (JSON has no -Infinity). */
    lastAlert: number | null;
    windows: [string, number][];
    recent: Explanation[];
  }[];
}

const HOUR = 3_600_000;

/** Entity risk: anomalies add score-weighted risk that halves every half-life; crossing a threshold alerts. */
export class RiskEngine {
  private readonly halfLife: number;
  private readonly threshold: number;
  private readonly maxWeight: number;
  private readonly cooldown: number;
  private readonly entities = new Map<string, EntityRisk>();

  constructor(options: RiskOptions = {}) {
    this.halfLife = options.halfLifeMs ?? 24 * HOUR;
    this.threshold = options.threshold ?? 2;
    this.maxWeight = options.maxWeight ?? 10;
    this.cooldown = options.cooldownMs ?? 24 * HOUR;
  }

  /** Risk of an entity at a time, decayed from its last update. */
  riskAt(entity: string, at: number): number {
    const e = this.entities.get(entity);
    return e ? e.risk * Math.pow(0.5, Math.max(0, at - e.at) / this.halfLife) : 0;
  }

  snapshot(): RiskSnapshot {
    const { head, entities } = this.snapshotParts();
    return { ...head, entities: [...entities] };
  }

  /** The snapshot with its entities copied one by one as `entities` is read (see FeatureAccumulator.snapshotParts). */
  snapshotParts(): { head: Omit<RiskSnapshot, "entities">; entities: Iterable<RiskSnapshot["entities"][number]> } {
    const live = this.entities;
    return {
      head: { version: 1 },
      entities: (function* () {
        for (const [entity, e] of live) {
          yield { entity, risk: e.risk, at: e.at, lastAlert: Number.isFinite(e.lastAlert) ? e.lastAlert : null, windows: [...e.windows], recent: e.recent };
        }
      })(),
    };
  }

  /** Restores a snapshot's entities into this engine (its options stay this engine's). */
  restore(snap: RiskSnapshot): this {
    if (snap.version !== 1) throw new Error(`risk snapshot: unsupported version ${String(snap.version)}`);
    for (const e of snap.entities) {
      this.entities.set(e.entity, { risk: e.risk, at: e.at, lastAlert: e.lastAlert ?? -Infinity, windows: new Map(e.windows), recent: e.recent });
    }
    return this;
  }

  /** Forgets entities whose decayed risk fell below `floor` (bounds memory on a long-running stream). */
  prune(at: number, floor = 0.01): void {
    for (const [entity, e] of this.entities) {
      if (this.riskAt(entity, at) < floor && at - e.lastAlert >= this.cooldown) this.entities.delete(entity);
    }
  }

  observe(a: RiskAnomaly): AlertCandidate | undefined {
    const e = this.entities.get(a.entity) ?? { risk: 0, at: a.at, lastAlert: -Infinity, windows: new Map(), recent: [] };
    this.entities.set(a.entity, e);
    // A window scored early and again when it closes counts once, at its highest weight.
    const weight = Math.min(this.maxWeight, a.score / a.threshold);
    const key = `${a.series ?? ""}@${a.windowStart}`;
    const already = e.windows.get(key) ?? 0;
    e.risk = this.riskAt(a.entity, a.at) + Math.max(0, weight - already);
    e.at = Math.max(e.at, a.at);
    e.windows.set(key, Math.max(weight, already));
    if (e.windows.size > 64) e.windows.delete(e.windows.keys().next().value!);
    e.recent = [...a.explanations, ...e.recent.filter((x) => !a.explanations.some((y) => y.feature === x.feature))].slice(0, 5);
    if (e.risk < this.threshold || a.at - e.lastAlert < this.cooldown) return undefined;
    e.lastAlert = a.at;
    return {
      entity: a.entity, at: a.at, risk: e.risk, explanations: e.recent.map((x) => x.text),
      attack: tagsFor(e.recent.map((x) => x.feature as FeatureName)),
    };
  }
}
