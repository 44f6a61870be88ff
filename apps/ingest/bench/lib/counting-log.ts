// An event log that takes every batch at once and only counts it: the receivers without the
// store, the benchmarks' baseline for what parsing and transport cost on their own.
import type { AppendResult, BatchWriter, EventLog, LogBatch, LogStats } from "../../src/log";

export class CountingLog implements EventLog {
  readonly mode = "in-process" as const;
  events = 0;

  async append(_tenantId: string, batch: LogBatch): Promise<AppendResult> {
    this.events += batch.events.length;
    return { mode: "stored", stored: { inserted: batch.events.length, fresh: [], duplicates: 0, deadLetters: batch.deadLetters.length } };
  }

  async start(_writer: BatchWriter): Promise<void> {}

  async stats(): Promise<LogStats> {
    return { mode: this.mode, pending: 0, committed: 0, storeFailures: 0 };
  }

  async close(): Promise<void> {}
}
