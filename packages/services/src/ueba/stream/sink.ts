// UebaSink: consumes committed events per tenant (the ingest's EventSink fan-out), keeps the
// streaming features and risk, persists them, and raises entity-risk alerts within the batch
// that crossed the threshold. One sequential queue per tenant (features need events in order).
import { initBackend } from "@vigil/ml";
import type { VigilEvent } from "@vigil/schema";
import type { ServiceDeps } from "../../context";
import type { NewIncident, RaisedIncident, RecordDetectionsResult, RecordedAlert } from "../../detections";
import { recordUebaAlerts, UEBA_STORM_KEY } from "../alerts";
import { UEBA_SERIES, type SeriesName } from "../series";
import { latestModelVersion, loadLatestModels, priorDetector } from "./models";
import { encodeStates, insertWindows, linkAlerts, loadStates, saveStates, upsertAnomalies, upsertEntityRisk } from "./store";
import { AlertBudget } from "./budget";
import { TenantStream, type BatchOutcome, type SeriesModel } from "./tenant-stream";
import { TenantQueues } from "../../queue";

export interface UebaLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface UebaAlertsRecorded {
  tenantId: string;
  alerts: RecordedAlert[];
  /** Wall-clock ms when the batch that raised them was handed to the sink (its events committed). */
  enqueuedAt: number;
  recordedAt: number;
}

export interface UebaSinkOptions {
  deps: ServiceDeps;
  log: UebaLogger;
  /** A new incident was opened by a UEBA alert (ingest starts its response workflow). */
  onNewIncident?: (incident: NewIncident) => Promise<void>;
  /** A UEBA alert raised an open incident's severity (ingest tells its responders). */
  onIncidentRaised?: (incident: RaisedIncident) => Promise<void>;
  onAlerts?: (recorded: UebaAlertsRecorded) => void;
  /** How often a tenant's stream looks for a newer trained model (default 30 s). */
  modelCheckMs?: number;
  /** How often a tenant's streaming state is snapshotted to the database (default 15 s). */
  snapshotMs?: number;
  /** Wall-clock tick that closes a quiet live tenant's finished windows (default 60 s; 0 = off). */
  idleTickMs?: number;
  /** Build the global prior at once in the background (default true), so a new tenant's first batch does not wait for it. */
  warmUp?: boolean;
  /** Events queued before ready() makes the caller (ingest's store writer) wait (default 100,000). */
  maxQueuedEvents?: number;
  /**
   * Past the bound: "wait" (default) holds the caller through ready(); "shed" drops batches instead
   * (counted in `shed`, logged) so behaviour analytics can never slow ingestion down.
   */
  overflow?: "wait" | "shed";
  /**
   * Entity alerts a tenant gets one by one: `burst` at once, refilled at `perMinute` (default 50 and
   * 10). Entities past it in a batch are folded into one deduplicated storm alert (alerts.ts): a new
   * tenant on the global prior, or a mass change, must not bury the analysts and the rule alerts
   * under thousands of alerts and incidents. Their risk and anomalies are stored all the same.
   */
  alertBudget?: { burst: number; perMinute: number };
  /** Waits between attempts at writing a batch's outcome (default 1 s, then 5 s; tests shorten them). */
  writeRetryDelaysMs?: readonly number[];
  now?: () => number;
}

interface Loaded {
  stream: TenantStream;
  /** The tenant's pending write (one at a time, in batch order) while the next batch is computed. */
  writing: Promise<void>;
  modelCheckedAt: number;
  savedAt: number;
  /** How long the last snapshot took (ms): a big one is taken less often (SNAPSHOT_COST_SHARE). */
  saveMs: number;
  budget: AlertBudget;
}

/** A tenant whose latest event is this recent is live: wall-clock time may close its windows. */
const LIVE_MS = 2 * 86_400_000;
const DAY_MS = 86_400_000;
const MAX_QUEUED_EVENTS = 100_000;
/**
 * Snapshots take at most this share of the time: a tenant with tens of thousands of entities has
 * a state of tens of MB. It is encoded in slices between other work and written compressed
 * (codec.ts), but still costs CPU; such a tenant is snapshotted every 20x a snapshot's duration.
 */
const SNAPSHOT_COST_SHARE = 0.05;
const ALERT_BUDGET = { burst: 50, perMinute: 10 };
/** Waits before the second and third attempt at writing a batch's outcome. */
const WRITE_RETRY_DELAYS_MS = [1_000, 5_000];

export class UebaSink {
  private readonly queues: TenantQueues;
  private readonly tenants = new Map<string, Loaded>();
  private readonly timer?: NodeJS.Timeout;
  private readonly now: () => number;
  private closed = false;
  /** Events dropped because the queue was full (overflow "shed"). */
  shed = 0;

  constructor(private readonly options: UebaSinkOptions) {
    if (options.alertBudget) AlertBudget.check(options.alertBudget);
    this.now = options.now ?? Date.now;
    this.queues = new TenantQueues(options.maxQueuedEvents ?? MAX_QUEUED_EVENTS, (err, tenantId) => options.log.error({ err, tenantId }, "ueba: batch failed"));
    if (options.warmUp !== false) {
      void initBackend((msg) => options.log.info({}, `ueba: ${msg}`))
        .then(() => Promise.all(UEBA_SERIES.map((s) => priorDetector(s.name))))
        .catch((err: unknown) => options.log.error({ err }, "ueba: could not build the global prior"));
    }
    const tick = options.idleTickMs ?? 60_000;
    if (tick > 0) {
      this.timer = setInterval(() => this.tickIdle(), tick);
      this.timer.unref();
    }
  }

  /** Settles true once the batch's features are computed (its write follows), false if that failed (logged). */
  enqueue(tenantId: string, events: readonly VigilEvent[]): Promise<boolean> {
    if (this.closed || events.length === 0) return Promise.resolve(true);
    const enqueuedAt = this.now();
    if (this.options.overflow === "shed" && this.queues.full) {
      if (this.shed === 0 || Math.floor((this.shed + events.length) / 100_000) > Math.floor(this.shed / 100_000)) {
        this.options.log.error({ tenantId, shed: this.shed + events.length }, "ueba: queue full, events skipped by behaviour analytics");
      }
      this.shed += events.length;
      return Promise.resolve(true);
    }
    return this.queues.run(tenantId, async () => {
      const loaded = await this.load(tenantId);
      await this.refreshModels(tenantId, loaded);
      await this.write(tenantId, loaded, loaded.stream.push(events), enqueuedAt);
    }, events.length).then(() => true, () => false);
  }

  /**
   * Resolves when fewer than maxQueuedEvents wait: ingest's store writer awaits it, so a backlog
   * stays in the event log (JetStream) or holds the sender instead of growing this process's memory.
   */
  ready(): Promise<void> {
    return this.options.overflow === "shed" ? Promise.resolve() : this.queues.ready();
  }

  /** Events queued and not yet processed. */
  get backlog(): number {
    return this.queues.backlog;
  }

  /** Resolves once every queued batch (including ones queued meanwhile) is processed and written. */
  async drain(): Promise<void> {
    await this.queues.drain();
    await Promise.all([...this.tenants.values()].map((t) => t.writing));
  }

  /** Drains, then writes every tenant's state (a clean shutdown loses nothing). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.drain();
    for (const [tenantId, loaded] of this.tenants) {
      await this.saveState(tenantId, loaded).catch((err: unknown) => this.options.log.error({ err, tenantId }, "ueba: could not save state"));
    }
    this.tenants.clear();
  }

  /** Looks for a newer model now (tests, or after a training run). */
  reloadModels(tenantId: string): Promise<void> {
    return this.queues.run(tenantId, async () => {
      const loaded = this.tenants.get(tenantId);
      if (loaded) await this.refreshModels(tenantId, loaded, true);
    });
  }

  private async load(tenantId: string): Promise<Loaded> {
    const existing = this.tenants.get(tenantId);
    if (existing) return existing;
    const backend = await initBackend((msg) => this.options.log.info({ tenantId }, `ueba: ${msg}`));
    const saved = await this.options.deps.db.withTenantClient(tenantId, (client) => loadStates(client, tenantId));
    for (const { snapshot, reason } of saved.unreadable) this.options.log.error({ tenantId, snapshot, reason }, "ueba: saved state unreadable, that part starts fresh");
    const models = await this.currentModels(tenantId);
    const budget = this.options.alertBudget ?? ALERT_BUDGET;
    const loaded: Loaded = {
      stream: new TenantStream(tenantId, models, saved), writing: Promise.resolve(), modelCheckedAt: this.now(), savedAt: 0, saveMs: 0, budget: new AlertBudget(budget, this.now()),
    };
    this.tenants.set(tenantId, loaded);
    this.options.log.info({ tenantId, backend, restored: saved.states.length > 0, versions: Object.fromEntries(loaded.stream.versions()) }, "ueba: tenant stream loaded");
    return loaded;
  }

  /** The tenant's latest trained models, else the global prior (cold start). */
  private async currentModels(tenantId: string): Promise<Map<SeriesName, SeriesModel>> {
    const stored = await loadLatestModels(this.options.deps, tenantId);
    const models = new Map<SeriesName, SeriesModel>();
    for (const { name } of UEBA_SERIES) {
      const own = stored.find((m) => m.series === name);
      models.set(name, own ? { detector: own.detector, version: own.version } : { detector: await priorDetector(name), version: 0 });
    }
    return models;
  }

  private async refreshModels(tenantId: string, loaded: Loaded, force = false): Promise<void> {
    if (!force && this.now() - loaded.modelCheckedAt < (this.options.modelCheckMs ?? 30_000)) return;
    loaded.modelCheckedAt = this.now();
    const latest = await latestModelVersion(this.options.deps, tenantId);
    const inUse = Math.max(...loaded.stream.versions().values());
    if (latest <= inUse) return;
    loaded.stream.setModels(await this.currentModels(tenantId));
    this.options.log.info({ tenantId, version: latest }, "ueba: model updated");
  }

  /**
   * Starts writing a batch's outcome once the previous write of the tenant is done, and resolves when
   * that previous write is: the queue computes batch n+1 (CPU, this process) while batch n is written
   * (PostgreSQL), never more than one write ahead. A write is tried again while it fails (`retrying`);
   * one failed for good is logged and the stream goes on.
   */
  private async write(tenantId: string, loaded: Loaded, outcome: BatchOutcome, enqueuedAt: number): Promise<void> {
    const previous = loaded.writing;
    loaded.writing = previous.then(() =>
      this.persist(tenantId, loaded, outcome, enqueuedAt).catch((err: unknown) => this.options.log.error({ err, tenantId }, "ueba: batch failed, its anomalies and alerts are not stored")),
    );
    await previous;
  }

  private async persist(tenantId: string, loaded: Loaded, outcome: BatchOutcome, enqueuedAt: number): Promise<void> {
    const { deps, log } = this.options;
    const { kept, past } = loaded.budget.split(outcome.alerts, this.now());
    if (past.length > 0) log.info({ tenantId, alerts: kept.length, pastBudget: past.length }, "ueba: alert budget spent, entities past it folded into one alert");
    // Windows and alerts go in at once, on two connections (the alert transaction reads nothing the
    // window one writes); the links from risk and anomalies to the alerts need both. A part that
    // failed is tried again (writeRetryDelaysMs); a part already written is not written twice.
    let windowsDone = outcome.closed.length === 0 && outcome.anomalies.length === 0;
    let alertsDone = outcome.alerts.length === 0;
    let linked = false;
    let result: RecordDetectionsResult | undefined;
    await this.retrying(tenantId, async () => {
      const [windows, alerts] = await Promise.allSettled([
        windowsDone
          ? undefined
          : deps.db.withTenantClient(tenantId, async (client) => {
            await insertWindows(client, tenantId, outcome.closed);
            await upsertAnomalies(client, tenantId, outcome.anomalies);
            await upsertEntityRisk(client, tenantId, [...outcome.risk].map(([entity, r]) => ({ entity, ...r })));
          }),
        alertsDone ? result : recordUebaAlerts(deps, tenantId, kept, past),
      ]);
      if (windows.status === "fulfilled") windowsDone = true;
      if (alerts.status === "fulfilled") [alertsDone, result] = [true, alerts.value];
      if (windows.status === "rejected") throw windows.reason;
      if (alerts.status === "rejected") throw alerts.reason;
      const recorded = result;
      if (!recorded || linked) return;
      await deps.db.withTenantClient(tenantId, async (client) => {
        // recordDetections answers per alert row; its group key is the entity.
        const { rows } = await client.query<{ id: string; group_key: string }>("select id, group_key from alerts where id = any($1::uuid[])", [
          recorded.alerts.map((a) => a.id),
        ]);
        const idOf = new Map(rows.map((r) => [r.group_key, r.id]));
        const storm = idOf.get(UEBA_STORM_KEY);
        await linkAlerts(client, tenantId, outcome.alerts.flatMap((alert, i) => {
          const alertId = i < kept.length ? idOf.get(alert.entity) : storm;
          return alertId ? [{ entity: alert.entity, alertId, at: alert.at, since: alert.at - DAY_MS }] : [];
        }));
      });
      linked = true;
    });
    if (result) {
      const recordedAt = this.now();
      log.info({ tenantId, alerts: result.alerts.length, newIncidents: result.newIncidents.length, latencyMs: recordedAt - enqueuedAt }, "ueba: alerts recorded");
      this.options.onAlerts?.({ tenantId, alerts: result.alerts, enqueuedAt, recordedAt });
      for (const incident of result.newIncidents) {
        await this.options.onNewIncident?.(incident).catch((err: unknown) => log.error({ err, tenantId, incidentId: incident.id }, "ueba: incident response failed to start"));
      }
      for (const incident of result.raisedIncidents) {
        await this.options.onIncidentRaised?.(incident).catch((err: unknown) => log.error({ err, tenantId, incidentId: incident.id }, "ueba: could not signal the raised incident"));
      }
    }
    const every = Math.max(this.options.snapshotMs ?? 15_000, loaded.saveMs / SNAPSHOT_COST_SHARE);
    if (loaded.savedAt === 0 || this.now() - loaded.savedAt >= every) await this.saveState(tenantId, loaded);
  }

  /**
   * Runs a batch's write, and again after each of `writeRetryDelaysMs` while it fails (logged), so
   * a database blip does not lose the batch's anomalies and alerts; the last failure is thrown.
   */
  private async retrying(tenantId: string, attempt: () => Promise<void>): Promise<void> {
    const delays = this.options.writeRetryDelaysMs ?? WRITE_RETRY_DELAYS_MS;
    for (let i = 0; ; i++) {
      try {
        return await attempt();
      } catch (err) {
        const delay = delays[i];
        if (delay === undefined) throw err;
        this.options.log.error({ err, tenantId, attempt: i + 1 }, `ueba: batch write failed, trying again in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async saveState(tenantId: string, loaded: Loaded): Promise<void> {
    loaded.savedAt = this.now();
    const started = performance.now();
    // Entities are copied and encoded a slice at a time, with the event loop (other batches) let through in between.
    const encoded = await encodeStates(loaded.stream.stateParts());
    await this.options.deps.db.withTenantClient(tenantId, (client) => saveStates(client, tenantId, encoded));
    loaded.saveMs = performance.now() - started;
  }

  private tickIdle(): void {
    const now = this.now();
    for (const [tenantId, loaded] of this.tenants) {
      const wm = loaded.stream.lastWatermark();
      if (wm === 0 || now - wm > LIVE_MS || this.queues.has(tenantId)) continue;
      void this.queues.run(tenantId, () => this.write(tenantId, loaded, loaded.stream.advance(now), now));
    }
  }
}
