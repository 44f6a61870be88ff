// Per-tenant detection engines from rule management (@vigil/services/rules): each tenant runs its
// effective rule set (built-in pack as the implicit global level, then global, organization and
// tenant packs and settings). Tenants whose effective sets hash the same share one compiled engine
// (correlation state inside an engine is kept per tenant, so sharing is safe).
//
// Changes (imports, enable/disable, overrides) are picked up without a restart: a poll of the
// database's rule change counter (every `pollMs`, default 2 s) marks every tenant stale, and the
// tenant's next batch re-resolves its set. A tenant whose hash did not change keeps its engine and
// all its state. A tenant moving to another engine starts with empty windows there; the pipeline
// then replays the tenant's stored events of the new engine's longest correlation timespan into it
// (matches discarded, as at start-up), so correlations in progress are rebuilt from stored events
// rather than lost, for unchanged and changed rules alike; its state in the engine it left is dropped.
import type { DetectionEngine, EngineOptions, RuleSet } from "@vigil/detection";
import { compiledEngineAsync, loadRulesAsync, vigilPipeline } from "@vigil/detection";
import type { ServiceDeps } from "@vigil/services";
import { currentRulesVersion, tenantEngineSources } from "@vigil/services/rules";
import type { EngineSources } from "@vigil/services/rules";
import type { PipelineLogger } from "./pipeline";

export interface TenantEngine {
  engine: DetectionEngine;
  /** Effective rule-set hash: a new hash means another engine (the pipeline warms it up). */
  hash: string;
}

/** Where the pipeline gets a tenant's engine. */
export interface EngineSource {
  forTenant(tenantId: string): Promise<TenantEngine>;
  /** Every engine in use (pruned periodically by the pipeline). */
  engines(): Iterable<DetectionEngine>;
}

/** One engine for every tenant (the pipeline's original mode). */
export function staticEngineSource(engine: DetectionEngine, hash = "static"): EngineSource {
  const entry = { engine, hash };
  return { forTenant: () => Promise.resolve(entry), engines: () => [engine] };
}

export interface RulesRegistryOptions {
  services: ServiceDeps;
  log: PipelineLogger;
  /** How often the change counter is read (default 2000 ms). */
  pollMs?: number;
  /** Engine options; the pipeline defaults to `vigilPipeline` (logsources scoped by the source each event came from). */
  engineOptions?: EngineOptions;
  /** A tenant got a (new) effective rule set: e.g. publish what loaded and what failed (detection health). */
  onRuleSet?: (tenantId: string, set: RuleSet) => void;
}

interface TenantEntry extends TenantEngine {
  version: bigint;
}

export class RulesRegistry implements EngineSource {
  private readonly tenants = new Map<string, TenantEntry>();
  private readonly pending = new Map<string, Promise<TenantEntry>>();
  private readonly byHash = new Map<string, DetectionEngine>();
  /** Engines being built (loading yields to the event loop): tenants of the same set wait for one build. */
  private readonly building = new Map<string, Promise<DetectionEngine>>();
  private readonly setByHash = new Map<string, RuleSet>();
  private version: bigint | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(private readonly options: RulesRegistryOptions) {}

  /** Starts polling the change counter. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.options.pollMs ?? 2000);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  /** Reads the change counter once; true when it moved (every tenant is re-resolved on its next batch). */
  async poll(): Promise<boolean> {
    const run = (async () => {
      try {
        const version = await currentRulesVersion(this.options.services);
        const moved = this.version !== undefined && version !== this.version;
        this.version = version;
        return moved;
      } catch (err) {
        this.options.log.error({ err }, "could not read the rule change counter (rules unchanged)");
        return false;
      }
    })();
    this.polling = run.then(() => undefined);
    return run;
  }

  engines(): Iterable<DetectionEngine> {
    return this.byHash.values();
  }

  /** Distinct compiled engines and the tenants on each (for logs and tests). */
  stats(): { engines: number; tenants: number } {
    return { engines: this.byHash.size, tenants: this.tenants.size };
  }

  async forTenant(tenantId: string): Promise<TenantEngine> {
    if (this.version === undefined) await this.poll();
    const version = this.version ?? 0n;
    const current = this.tenants.get(tenantId);
    if (current && current.version === version) return current;
    let pending = this.pending.get(tenantId);
    if (!pending) {
      pending = this.resolve(tenantId, version, current).finally(() => this.pending.delete(tenantId));
      this.pending.set(tenantId, pending);
    }
    return pending;
  }

  private async resolve(tenantId: string, version: bigint, previous: TenantEntry | undefined): Promise<TenantEntry> {
    let sources;
    try {
      sources = await tenantEngineSources(this.options.services, tenantId);
    } catch (err) {
      // Keep detecting with the last known set rather than dropping the tenant's events.
      if (previous) {
        this.options.log.error({ err, tenantId }, "could not re-resolve the tenant's rules; keeping its previous rule set");
        return previous;
      }
      throw err;
    }
    const entry: TenantEntry = { hash: sources.hash, engine: await this.engineFor(sources), version };
    this.tenants.set(tenantId, entry);
    if (previous && previous.hash !== entry.hash) this.forget(previous.engine, tenantId);
    if (previous?.hash !== entry.hash) {
      this.options.log.info({ tenantId, hash: entry.hash.slice(0, 12), enabled: sources.enabled, total: sources.total, changed: Boolean(previous) }, "tenant rule set loaded");
      const set = this.setByHash.get(entry.hash);
      if (set) this.options.onRuleSet?.(tenantId, set);
      this.dropUnused();
    }
    return entry;
  }

  private async engineFor(sources: EngineSources): Promise<DetectionEngine> {
    const existing = this.byHash.get(sources.hash);
    if (existing) return existing;
    let building = this.building.get(sources.hash);
    if (!building) {
      building = this.build(sources).finally(() => this.building.delete(sources.hash));
      this.building.set(sources.hash, building);
    }
    return building;
  }

  /**
   * Parses and compiles the set without holding the event loop for long (about 2 s of work for the
   * whole SigmaHQ set, in slices of ~20 ms; the largest automaton, ~0.3 s, is one slice): the
   * other tenants' batches keep being detected meanwhile.
   */
  private async build({ hash, sources, silenced, placeholders }: EngineSources): Promise<DetectionEngine> {
    const loaded = await loadRulesAsync(sources, { placeholders });
    // Disabled rules kept only for the correlations built on them raise no alert of their own.
    const set = { ...loaded, silent: new Set([...loaded.silent, ...silenced]) };
    if (set.errors.length > 0) {
      this.options.log.error({ hash: hash.slice(0, 12), failed: set.errors.slice(0, 20).map((e) => e.message) }, `${set.errors.length} rules of an effective rule set do not compile (left out)`);
    }
    const { engine } = await compiledEngineAsync(set, { pipeline: vigilPipeline, ...this.options.engineOptions });
    this.byHash.set(hash, engine);
    this.setByHash.set(hash, set);
    return engine;
  }

  /**
   * Drops a tenant's correlation state from an engine it left, so that coming back to it later
   * (e.g. a rule disabled then enabled again) replays into clean windows, not stale ones.
   */
  private forget(engine: DetectionEngine, tenantId: string): void {
    if (![...this.tenants.values()].some((t) => t.engine === engine)) return; // dropped below
    const snapshot = engine.snapshot();
    if (!(tenantId in snapshot.tenants)) return;
    const { [tenantId]: _left, ...others } = snapshot.tenants;
    engine.restore({ ...snapshot, tenants: others });
  }

  private dropUnused(): void {
    const used = new Set([...this.tenants.values()].map((t) => t.hash));
    for (const hash of this.byHash.keys()) {
      if (used.has(hash)) continue;
      this.byHash.delete(hash);
      this.setByHash.delete(hash);
    }
  }
}
