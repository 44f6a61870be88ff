// Syslog messages of each tenant gathered into micro-batches (up to maxLines or maxDelayMs), each
// parsed and appended with its dead letters to the event log. A full batch flushes at once and its
// promise lets TCP readers pause. A batch the log cannot take now (PostgreSQL down in in-process
// mode, JetStream unreachable) is kept and retried with backoff: its lines stay in the backlog, so
// TCP readers pause and UDP sheds new datagrams (counted as overload) instead of losing accepted ones.
// With a log that prefers raw lines (JetStream) a batch is appended as the lines received and
// parsed by the processing side (log/raw.ts); a batch too large for one log message is parsed here.
import { setTimeout as sleep } from "node:timers/promises";
import type { FormatId } from "@vigil/parsers";
import type { DeadLetterInput } from "@vigil/services/events";
import { batchSize, parseRawLines } from "../log/raw";
import type { AppendResult, EventLog, LogBatch, RawLines } from "../log/types";
import { BatchItemTooLargeError, isLogUnavailable } from "../log/types";
import type { SyslogLog, SyslogStats } from "./stats";

export interface BatcherOptions {
  maxLines: number;
  maxDelayMs: number;
  format?: FormatId | "auto";
  /** Backoff between attempts while the log is unavailable. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

interface Pending {
  lines: string[];
  /** Receive time of each line (epoch ms). */
  receivedAt: number[];
  deadLetters: DeadLetterInput[];
  timer?: NodeJS.Timeout;
}

const LOG_EVERY_MS = 10_000;

export class SyslogBatcher {
  private readonly pending = new Map<string, Pending>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly committing = new Map<string, Promise<void>>();
  private buffered = 0;
  private giveUpAt = Infinity;
  private lastRetryLog = 0;

  constructor(
    private readonly deps: { log: EventLog; stats: SyslogStats; logger: SyslogLog },
    private readonly options: BatcherOptions,
  ) {}

  /** Messages accepted but not yet durable (for overload decisions). */
  get backlog(): number {
    return this.buffered;
  }

  /** Queues a message; returns a promise to wait for when the tenant already has a full batch committing. */
  add(tenantId: string, text: string): Promise<void> | undefined {
    return this.queue(tenantId, (p) => {
      p.lines.push(text);
      p.receivedAt.push(Date.now());
    });
  }

  /** Queues a record that is already known to be bad (oversized, broken framing). */
  deadLetter(tenantId: string, reason: string, raw: string): Promise<void> | undefined {
    return this.queue(tenantId, (p) => p.deadLetters.push({ receiver: "syslog", reason, raw }));
  }

  /** Appends everything queued and waits for appends in progress. */
  async flushAll(): Promise<void> {
    for (const tenantId of [...this.pending.keys()]) this.flush(tenantId);
    await Promise.all([...this.inFlight]);
  }

  /**
   * Shutdown: flushes, retrying an unavailable log for at most graceMs; what is still not durable
   * then is counted in stats.dropped.shutdown (and logged) as the process is going away.
   */
  async close(graceMs: number): Promise<void> {
    this.giveUpAt = Date.now() + graceMs;
    await this.flushAll();
  }

  private queue(tenantId: string, put: (p: Pending) => void): Promise<void> | undefined {
    let p = this.pending.get(tenantId);
    if (!p) {
      p = { lines: [], receivedAt: [], deadLetters: [] };
      this.pending.set(tenantId, p);
      p.timer = setTimeout(() => this.flush(tenantId), this.options.maxDelayMs);
    }
    put(p);
    this.buffered++;
    if (p.lines.length + p.deadLetters.length < this.options.maxLines) return undefined;
    // One append per tenant may run while the next batch fills (parsing overlaps the round trip);
    // a sender filling a second batch before the first is durable waits for it.
    const previous = this.committing.get(tenantId);
    const current = this.flush(tenantId);
    this.committing.set(tenantId, current);
    void current.then(() => {
      if (this.committing.get(tenantId) === current) this.committing.delete(tenantId);
    });
    return previous;
  }

  private flush(tenantId: string): Promise<void> {
    const p = this.pending.get(tenantId);
    if (!p) return Promise.resolve();
    this.pending.delete(tenantId);
    clearTimeout(p.timer);
    const done = this.commit(tenantId, p).finally(() => {
      this.buffered -= p.lines.length + p.deadLetters.length;
      this.inFlight.delete(done);
    });
    this.inFlight.add(done);
    return done;
  }

  /** The lines as received (the log parses them when it stores them), or parsed here. */
  private batchOf(tenantId: string, p: Pending, parse: boolean): LogBatch {
    const raw: RawLines = { receiver: "syslog", format: this.options.format ?? "auto", lines: p.lines, receivedAt: p.receivedAt };
    if (!parse) return { events: [], deadLetters: p.deadLetters, raw };
    const parsed = parseRawLines(tenantId, raw);
    return { events: parsed.events, deadLetters: [...p.deadLetters, ...parsed.deadLetters] };
  }

  private async commit(tenantId: string, p: Pending): Promise<void> {
    let batch = this.batchOf(tenantId, p, !this.deps.log.prefersRaw || p.lines.length === 0);
    const { stats } = this.deps;
    const lines = p.lines.length + p.deadLetters.length;
    let fellBack = false;
    for (let attempt = 0; ; attempt++) {
      try {
        this.count(await this.deps.log.append(tenantId, batch), batch);
        return;
      } catch (err) {
        if (err instanceof BatchItemTooLargeError && batch.raw) {
          // The raw lines do not fit in one log message: appended parsed (and split) instead.
          batch = this.batchOf(tenantId, p, true);
          continue;
        }
        if (!isLogUnavailable(err)) {
          // Not an outage (a row PostgreSQL refuses, say): retrying would fail the same way, so the
          // lines are kept as the tenant's dead letters, with the reason, instead of being lost.
          this.deps.logger.error({ err, tenantId, lines }, "syslog batch rejected by the event store");
          if (fellBack) {
            stats.dropped.rejected += lines;
            return;
          }
          fellBack = true;
          batch = asDeadLetters(batch, `the event store rejected the batch: ${(err as Error).message}`);
          continue;
        }
        if (Date.now() >= this.giveUpAt) {
          stats.dropped.shutdown += lines;
          this.deps.logger.error({ err, tenantId, lines }, "syslog batch not durable at shutdown");
          return;
        }
        this.logRetry(err, tenantId);
        const backoff = Math.min((this.options.retryMinMs ?? 100) * 2 ** attempt, this.options.retryMaxMs ?? 2_000);
        await sleep(Math.max(0, Math.min(backoff, this.giveUpAt - Date.now())));
      }
    }
  }

  private count(appended: AppendResult, batch: LogBatch): void {
    const { stats } = this.deps;
    if (appended.mode === "queued") {
      stats.queued += batchSize(batch);
      return;
    }
    stats.stored += appended.stored.inserted;
    stats.duplicates += appended.stored.duplicates;
    stats.deadLettered += appended.stored.deadLetters;
  }

  private logRetry(err: unknown, tenantId: string): void {
    const now = Date.now();
    if (now - this.lastRetryLog < LOG_EVERY_MS) return;
    this.lastRetryLog = now;
    this.deps.logger.warn({ err, tenantId, backlog: this.buffered }, "event log unavailable: syslog batches held and retried, readers paused");
  }
}

function asDeadLetters(batch: LogBatch, reason: string): LogBatch {
  const lines: DeadLetterInput[] = (batch.raw?.lines ?? []).map((raw) => ({ receiver: "syslog", reason, raw }));
  return { events: [], deadLetters: [...batch.deadLetters, ...batch.events.map((e) => ({ receiver: "syslog", reason, raw: e.raw })), ...lines] };
}
