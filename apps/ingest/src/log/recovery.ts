// Detection recovery: batches committed by a process that died before detection finished (or
// whose detection failed) are left in the detection outbox. Every sweep (at start, then every
// VIGIL_DETECTION_SWEEP_MS) takes over the rows another process left more than
// VIGIL_DETECTION_ORPHAN_MS ago, reads their events back and feeds them to the sinks in commit
// order. Rules and behaviour analytics may then see a batch twice (a crash after detection but
// before the row was deleted): alerts are deduplicated, so that counts an alert up, never opens a second one.
// A batch re-run after its recording failed raises its single-event matches again; its correlation
// matches, which the engine will not raise twice, were carried by the pipeline (pipeline.ts).
import type { ServiceDeps } from "@vigil/services";
import { claimOutbox, orphanedBatches, outboxEvents, settleOutbox } from "@vigil/services/events";
import type { EventSink } from "../ingest-body";

export interface RecoveryOptions {
  services: ServiceDeps;
  sink: EventSink;
  /** This process's outbox id (the store writer's): its own rows are never swept. */
  owner: string;
  orphanAfterMs: number;
  sweepEveryMs: number;
  log: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

export interface SweepResult {
  batches: number;
  events: number;
  failed: number;
  /** Batches given up after their last attempt. */
  exhausted: number;
}

export class DetectionRecovery {
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepResult>;
  private closed = false;

  constructor(private readonly options: RecoveryOptions) {}

  /** Sweeps now, then on the interval. */
  start(): void {
    void this.sweepLogged();
    this.timer = setInterval(() => void this.sweepLogged(), this.options.sweepEveryMs);
    this.timer.unref();
  }

  /** One sweep (concurrent calls share it). */
  sweep(): Promise<SweepResult> {
    this.running ??= this.sweepOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async sweepLogged(): Promise<void> {
    try {
      const result = await this.sweep();
      if (result.batches + result.exhausted > 0) this.options.log.info({ ...result }, "detection recovery: re-ran detection for batches left undetected");
    } catch (err) {
      this.options.log.error({ err }, "detection recovery: sweep failed (tried again on the next sweep)");
    }
  }

  private async sweepOnce(): Promise<SweepResult> {
    const { services, sink, owner, log } = this.options;
    const result: SweepResult = { batches: 0, events: 0, failed: 0, exhausted: 0 };
    for (const entry of await orphanedBatches(services, owner, this.options.orphanAfterMs)) {
      if (this.closed) break;
      const claim = await claimOutbox(services, entry, owner);
      if (claim === "taken") continue;
      if (claim === "exhausted") {
        result.exhausted++;
        log.error({ tenantId: entry.tenantId, outboxId: entry.id, events: entry.eventIds.length, attempts: entry.attempts }, "detection recovery: batch given up after repeated failures");
        continue;
      }
      const events = await outboxEvents(services, entry);
      await sink.ready?.();
      const ok = events.length === 0 || (await sink.enqueue(entry.tenantId, events)) !== false;
      await settleOutbox(services, entry.tenantId, entry.id, ok);
      result.batches++;
      result.events += events.length;
      if (!ok) result.failed++;
    }
    return result;
  }
}
