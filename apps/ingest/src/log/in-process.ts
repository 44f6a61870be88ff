// Event log without a broker: append() writes through to PostgreSQL and resolves after COMMIT, so
// an acknowledgement still means durable. When PostgreSQL is unreachable it fails fast with
// LogUnavailableError (receivers answer 503 + Retry-After, syslog pauses reading) instead of
// letting every request wait on a dead pool: after a connection failure the store is not tried
// again for a cool-down that doubles up to maxCooldownMs while failures continue.
import { setTimeout as sleep } from "node:timers/promises";
import { withDeadLetterIds } from "./batch";
import { materialize } from "./raw";
import type { AppendResult, BatchWriter, EventLog, LogBatch, LogStats } from "./types";
import { LogUnavailableError } from "./types";
import { isStoreUnavailable } from "./unavailable";

export interface InProcessOptions {
  /** A commit slower than this answers 503 (the sender retries; the write is idempotent). */
  storeTimeoutMs: number;
  minCooldownMs: number;
  maxCooldownMs: number;
}

export const IN_PROCESS_DEFAULTS: InProcessOptions = { storeTimeoutMs: 10_000, minCooldownMs: 1_000, maxCooldownMs: 15_000 };

class StoreTimeoutError extends Error {
  readonly code = "ETIMEDOUT";
}

export class InProcessLog implements EventLog {
  readonly mode = "in-process" as const;
  private writer: BatchWriter | undefined;
  private closed = false;
  private inFlight = 0;
  private committed = 0;
  private failures = 0;
  private consecutive = 0;
  private openUntil = 0;

  constructor(private readonly options: InProcessOptions = IN_PROCESS_DEFAULTS) {}

  async start(writer: BatchWriter): Promise<void> {
    this.writer = writer;
  }

  async append(tenantId: string, batch: LogBatch): Promise<AppendResult> {
    const writer = this.writer;
    if (!writer || this.closed) throw new LogUnavailableError("ingest is starting or shutting down", 1);
    const wait = this.openUntil - Date.now();
    if (wait > 0) throw new LogUnavailableError("the event store is unavailable; retry later", Math.ceil(wait / 1000));
    this.inFlight++;
    try {
      // Raw lines are parsed here: nothing is cheaper to log than to store in this mode.
      const stored = await this.withTimeout(writer.write(tenantId, withDeadLetterIds(tenantId, materialize(tenantId, batch))));
      this.consecutive = 0;
      this.committed++;
      return { mode: "stored", stored };
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      this.failures++;
      const cooldown = Math.min(this.options.minCooldownMs * 2 ** this.consecutive, this.options.maxCooldownMs);
      this.consecutive++;
      this.openUntil = Math.max(this.openUntil, Date.now() + cooldown);
      throw new LogUnavailableError("the event store is unavailable; retry later", Math.ceil(cooldown / 1000), { cause: error });
    } finally {
      this.inFlight--;
    }
  }

  private async withTimeout<T>(work: Promise<T>): Promise<T> {
    const abort = new AbortController();
    const timeout = sleep(this.options.storeTimeoutMs, undefined, { signal: abort.signal }).then(() => {
      throw new StoreTimeoutError(`no COMMIT within ${this.options.storeTimeoutMs} ms`);
    }, () => undefined as never);
    try {
      return await Promise.race([work, timeout]);
    } finally {
      abort.abort();
    }
  }

  async stats(): Promise<LogStats> {
    return { mode: this.mode, pending: this.inFlight, committed: this.committed, storeFailures: this.failures };
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight > 0) await sleep(10);
  }
}
