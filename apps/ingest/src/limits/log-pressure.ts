// Pressure from an event log, for IngestLimits' `pressure` option: counts the batches appended and
// not yet durable (in-process mode: each is a PostgreSQL commit in progress). Past the bound new
// request bodies are refused (HTTP busy) and syslog readers pause, instead of piling up parsed
// batches in memory while the store is slow.
import type { AppendResult, EventLog, LogBatch } from "../log/types";

export interface PressuredLog {
  log: EventLog;
  /** True while more than `maxPending` appends are waiting to be durable. */
  pressure: () => boolean;
  pending: () => number;
}

export function withPendingPressure(inner: EventLog, maxPending: number): PressuredLog {
  let pending = 0;
  const log: EventLog = {
    mode: inner.mode,
    async append(tenantId: string, batch: LogBatch): Promise<AppendResult> {
      pending++;
      try {
        return await inner.append(tenantId, batch);
      } finally {
        pending--;
      }
    },
    start: (writer) => inner.start(writer),
    stats: () => inner.stats(),
    close: () => inner.close(),
  };
  return { log, pressure: () => pending > maxPending, pending: () => pending };
}
